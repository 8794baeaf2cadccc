/**
 * What `npm run build` puts in dist/ is what Grafana loads: the app, the
 * nested backend datasource, and the backend stubs with their run bit
 * (Grafana refuses to start a plugin executable it cannot execute).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));

test('dist holds the app and the nested backend datasource with executable stubs', () => {
  assert.ok(
    existsSync(join(DIST, 'plugin.json')),
    'dist/ is missing: npm test builds the plugin first (npm run build)'
  );
  const app = JSON.parse(readFileSync(join(DIST, 'plugin.json'), 'utf8'));
  assert.equal(app.id, 'redislens-analyzer-app');
  assert.ok(
    app.includes.some(
      (i: { type: string; path?: string }) => i.type === 'datasource' && i.path === 'datasource/plugin.json'
    )
  );
  const datasource = JSON.parse(readFileSync(join(DIST, 'datasource/plugin.json'), 'utf8'));
  assert.deepEqual(
    [datasource.id, datasource.backend, datasource.alerting, datasource.executable],
    ['redislens-analyzer-datasource', true, true, 'gpx_redislens']
  );
  assert.ok(existsSync(join(DIST, 'datasource/module.js')));
  for (const platform of ['linux_amd64', 'linux_arm64', 'darwin_amd64', 'darwin_arm64']) {
    const stub = join(DIST, `datasource/${datasource.executable}_${platform}`);
    assert.ok(existsSync(stub), `${stub} missing`);
    assert.equal(statSync(stub).mode & 0o111, 0o111, `${stub} lost its run bit in the build`);
  }
});
