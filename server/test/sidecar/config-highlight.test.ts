import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { startTestSidecar, eventually } from '../harness/sidecar-harness.js';

const EDITOR = 'config-highlight-editor-token-0123456789';

// The config view highlights a row exactly when an open finding's rule judges that directive (the rule's
// `directives` field), not when the directive's name appears in a finding's evidence or message.
test('config rows are highlighted by the directives a rule judges: CLIENT-006 marks tcp-keepalive, not timeout', async (t) => {
  const redis = await RedisProcess.start({ config: { 'tcp-keepalive': 0, timeout: 300 } });
  t.after(() => redis.stop());
  const sc = await startTestSidecar({
    tenants: [{ id: 'team', name: 'Team', tokens: [{ name: 'editor', token: EDITOR, role: 'editor' }] }],
  });
  t.after(() => sc.stop());

  const created = await sc.api('POST', '/api/v1/targets', {
    token: EDITOR,
    body: { name: 'sessions', url: redis.url, intervalSeconds: 3600 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const started = await sc.api('POST', `/api/v1/targets/${created.body.id}/analyses`, { token: EDITOR });
  assert.equal(started.status, 202);
  await eventually('the analysis to finish', async () => {
    const a = (await sc.api('GET', `/api/v1/analyses/${started.body.id}`, { token: EDITOR })).body;
    return a.status === 'succeeded' && a;
  });

  const keepalive = (await sc.api('GET', `/api/v1/anomalies?ruleId=CLIENT-006&status=open`, { token: EDITOR })).body
    .items[0];
  assert.ok(keepalive, 'CLIENT-006 is open');
  assert.ok('timeout' in keepalive.evidence, 'its evidence names timeout (what the old heuristic matched)');

  const rows = (await sc.api('GET', `/api/v1/targets/${created.body.id}/config`, { token: EDITOR })).body.items;
  const row = (directive: string) => rows.find((r: { directive: string }) => r.directive === directive);
  // A notice: an idle timeout (300) still closes what keepalive would have found dead.
  assert.equal(keepalive.severity, 'notice');
  assert.equal(row('tcp-keepalive').severity, keepalive.severity);
  assert.equal(row('timeout').severity, null, 'timeout is only context in CLIENT-006, no rule judges 300');
  assert.equal(row('maxmemory-policy').severity, null);
});
