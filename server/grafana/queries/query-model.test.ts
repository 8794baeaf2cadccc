import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from './query-model.js';
import { effectiveInterval } from './query-context.js';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

test('queryType comes from the model, or from DataQuery.queryType when the model lacks it', () => {
  assert.equal(parseQuery(json({ queryType: 'rules' }), '').queryType, 'rules');
  assert.equal(parseQuery(json({}), 'instances').queryType, 'instances');
});

test("list fields take one value or several; Grafana's own keys are ignored", () => {
  const parsed = parseQuery(
    json({
      queryType: 'anomalies',
      severity: 'critical',
      status: [],
      refId: 'A',
      datasource: { uid: 'x' },
      hide: false,
    }),
    ''
  );
  assert.deepEqual(JSON.parse(JSON.stringify(parsed.model)), { severity: ['critical'], limit: 1000 });
});

test('errors name the query type and the field', () => {
  assert.throws(
    () => parseQuery(json({ queryType: 'anomalies', severity: ['fatal'] }), ''),
    /invalid anomalies query: severity/
  );
  assert.throws(
    () => parseQuery(json({ queryType: 'config' }), ''),
    /invalid config query: target: target is required/
  );
  assert.throws(() => parseQuery(json([1]), ''), /must be a JSON object/);
  assert.throws(() => parseQuery(json({}), ''), /unknown queryType ""/);
});

test('the interval widens so the range holds at most maxDataPoints buckets', () => {
  const day = 86_400_000;
  assert.equal(effectiveInterval(0, day, 15_000, 1000), 86_400);
  assert.equal(effectiveInterval(0, 3_600_000, 60_000, 1000), 60_000);
  assert.equal(effectiveInterval(0, 3_600_000, 0, 0), 3600, 'defaults when Grafana sends 0');
  assert.equal(effectiveInterval(0, 10_000, 10, 1000), 1000, 'never below a second');
});
