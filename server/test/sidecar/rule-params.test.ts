import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { startTestSidecar, eventually } from '../harness/sidecar-harness.js';

const A = 'rule-params-team-a-editor-token-0123456789';
const B = 'rule-params-team-b-editor-token-0123456789';
const PASSWORD = 'a-34-character-password-0123456789'; // 34 characters: passes SEC-108 at its default 32

test('a tenant sets a rule parameter through the REST API; its analyses use it, other tenants keep the default', async (t) => {
  const redis = await RedisProcess.start({ config: { requirepass: PASSWORD }, adminPassword: PASSWORD });
  t.after(() => redis.stop());
  const sc = await startTestSidecar(
    {
      tenants: [
        { id: 'a', name: 'A', tokens: [{ name: 'a', token: A, role: 'editor' }] },
        { id: 'b', name: 'B', tokens: [{ name: 'b', token: B, role: 'editor' }] },
      ],
    },
    // Rules are evaluated on a worker thread here: a tenant's parameters must reach it with each analysis.
    { secretKey: 'rule-params-test-key', analysisThreads: 1 }
  );
  t.after(() => sc.stop());
  const sec108 = async (token: string) => {
    const target = await sc.api('POST', '/api/v1/targets', {
      token,
      body: { name: 'store', url: `redis://:${PASSWORD}@${redis.address}`, intervalSeconds: 3600 },
    });
    assert.equal(target.status, 201, JSON.stringify(target.body));
    const started = await sc.api('POST', `/api/v1/targets/${target.body.id}/analyses`, { token });
    const done = await eventually('the analysis to finish', async () => {
      const a = (await sc.api('GET', `/api/v1/analyses/${started.body.id}`, { token })).body;
      return a.status === 'succeeded' && a;
    });
    const report = (await sc.api('GET', `/api/v1/analyses/${done.id}/export`, { token })).body;
    return report.findings.find((f: any) => f.ruleId === 'SEC-108');
  };

  const bad = await sc.api('PATCH', '/api/v1/rules/SEC-108', { token: A, body: { params: { min_length: 'long' } } });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /SEC-108\.min_length: \\"long\\" is not a number/);
  const unknown = await sc.api('PATCH', '/api/v1/rules/SEC-108', { token: A, body: { params: { nope: 1 } } });
  assert.equal(unknown.status, 400);
  assert.match(JSON.stringify(unknown.body), /no such parameter \(this rule has: min_length\)/);

  const set = await sc.api('PATCH', '/api/v1/rules/SEC-108', { token: A, body: { params: { min_length: 40 } } });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.deepEqual(set.body.params, { min_length: 40 });
  assert.deepEqual(set.body.directives, ['requirepass']);
  const forB = (await sc.api('GET', '/api/v1/rules/SEC-108', { token: B })).body;
  assert.deepEqual(forB.params, { min_length: 32 });

  const strict = await sec108(A);
  assert.equal(strict?.status, 'fired');
  assert.match(strict.message, /only 34 characters long \(at least 40 random characters/);
  assert.equal(await sec108(B), undefined, 'tenant B keeps the default 32: passed, not reported');

  const reset = await sc.api('PATCH', '/api/v1/rules/SEC-108', { token: A, body: { params: { min_length: null } } });
  assert.deepEqual(reset.body.params, { min_length: 32 });
});
