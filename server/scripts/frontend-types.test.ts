import { test } from 'node:test';
import assert from 'node:assert/strict';
import { committed, frontendTypes } from './frontend-types.js';

test('the generated frontend types match the sidecar: run `npm run generate:types` when this fails', async () => {
  for (const [file, content] of Object.entries(await frontendTypes())) {
    assert.ok(committed(file) !== undefined, `${file} is missing`);
    assert.equal(committed(file), content, `${file} is stale`);
  }
});

test('the generated API types name every route and the response types the pages use', async () => {
  const api = (await frontendTypes())['src/api/sidecar-api.gen.ts'];
  for (const path of ["'/api/v1/anomalies'", "'/api/v1/anomalies/status'", "'/api/v1/targets/{id}/config'"]) {
    assert.ok(api.includes(path), `${path} missing`);
  }
  assert.match(api, /Anomaly: \{/);
  assert.match(api, /ConfigRow: \{/);
});
