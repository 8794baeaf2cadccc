import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSentinelSet } from '../harness/topologies.js';
import { startTestSidecar, eventually } from '../harness/sidecar-harness.js';

const TOKEN = 'team-a-editor-token-for-the-lifecycle-test';

test('scheduler finds a broken config, auto-resolves the fix, reopens on relapse; statuses survive a restart', async (t) => {
  const set = await startSentinelSet({ replicas: 2, sentinels: 3 });
  t.after(() => set.stop());
  process.env.LIFECYCLE_TEST_TOKEN = TOKEN;
  const sc = await startTestSidecar({
    tenants: [
      {
        id: 'team-a',
        name: 'Team A',
        tokens: [{ name: 'grafana', token: '$__env{LIFECYCLE_TEST_TOKEN}', role: 'editor' }],
      },
    ],
    targets: [
      {
        tenant: 'team-a',
        name: 'sessions',
        url: set.sentinelUrl,
        labels: { environment: 'production' },
        intervalSeconds: 1,
      },
    ],
  });
  t.after(() => sc.stop());
  const get = (path: string) => sc.api('GET', path, { token: TOKEN });
  const anomaly = async (ruleId: string, resource: string) =>
    (await get(`/api/v1/anomalies?ruleId=${ruleId}&limit=500`)).body.items.find((a: any) => a.resource === resource);

  const [target] = (await get('/api/v1/targets')).body.items;
  assert.equal(target.name, 'sessions');
  assert.equal(target.provisioned, true);

  // The scheduler runs on its own: the default timeout 0 on the master is found.
  const opened = await eventually(
    'CLIENT-005 to open',
    async () =>
      (await anomaly('CLIENT-005', set.master.address))?.status === 'open' && anomaly('CLIENT-005', set.master.address)
  );
  const analyses = (await get(`/api/v1/targets/${target.id}/analyses`)).body.items;
  assert.ok(analyses.some((a: any) => a.trigger === 'schedule' && a.status === 'succeeded'));

  // Fixed with redis-cli: the anomaly auto-resolves; it stays one anomaly, not one per run.
  await set.master.cli('CONFIG', 'SET', 'timeout', '300');
  await eventually(
    'CLIENT-005 to auto-resolve',
    async () => (await anomaly('CLIENT-005', set.master.address))?.status === 'resolved'
  );
  await set.master.cli('CONFIG', 'SET', 'timeout', '0');
  const reopened = await eventually('CLIENT-005 to reopen', async () => {
    const a = await anomaly('CLIENT-005', set.master.address);
    return a?.status === 'open' && a;
  });
  assert.equal(reopened.id, opened.id, 'the same anomaly reopens');
  const trail = (await get(`/api/v1/anomalies/${opened.id}`)).body.history.map((e: any) => e.kind);
  assert.deepEqual(trail.slice(0, 3), ['opened', 'auto_resolved', 'reopened']);
  const drift = (await get(`/api/v1/events?from=0&to=${Date.now() + 1000}&targetId=${target.id}`)).body.items;
  assert.ok(
    drift.some((e: any) => e.kind === 'config_changed' && JSON.stringify(e.detail).includes('"directive":"timeout"')),
    'config drift is an event'
  );

  // A replica dies: the sentinels still list it, so the group reports it unreachable.
  await set.replicas[0].stop();
  const down = await eventually('TOPO-001 to open', async () => {
    const a = await anomaly('TOPO-001', set.masterName);
    return a?.status === 'open' && a;
  });
  assert.match(down.message, new RegExp(set.replicas[0].address.replace(/\./g, '\\.')));

  const ack = await sc.api('POST', `/api/v1/anomalies/${down.id}/status`, {
    token: TOKEN,
    body: { status: 'acknowledged', note: 'replica host in maintenance' },
  });
  assert.equal(ack.status, 200);
  assert.equal(ack.body.status, 'acknowledged');

  // The scheduler keeps running: compare the gauge with the API only when no run changed the count in between.
  const openCount = async () => (await get('/api/v1/anomalies?ruleId=CLIENT-005&status=open')).body.items.length;
  const { metrics, openTimeouts } = await eventually('a /metrics page between two equal open counts', async () => {
    const before = await openCount();
    const page = await sc.api('GET', '/metrics');
    return before === (await openCount()) && { metrics: page, openTimeouts: before };
  });
  assert.ok(openTimeouts >= 1);
  assert.match(
    metrics.body,
    new RegExp(
      `redislens_anomalies_open\\{tenant="team-a",target="sessions",rule="CLIENT-005",severity="notice"\\} ${openTimeouts}\n`
    )
  );
  assert.match(metrics.body, /redislens_target_up\{tenant="team-a",target="sessions"\} 0/);
  assert.match(metrics.body, /redislens_analyses_total\{tenant="team-a",target="sessions",status="succeeded"\} \d+/);
  assert.match(metrics.body, /redislens_analysis_duration_seconds_count\{status="succeeded"\} \d+/);

  await sc.restart();
  const after = (await get(`/api/v1/anomalies/${down.id}`)).body;
  assert.equal(after.status, 'acknowledged', 'status survives a restart');
  const change = after.history.find((e: any) => e.kind === 'status_changed');
  assert.deepEqual(
    { actor: change.actor, note: change.note, from: change.fromStatus, to: change.toStatus },
    {
      actor: 'token:grafana',
      note: 'replica host in maintenance',
      from: 'open',
      to: 'acknowledged',
    }
  );
  assert.equal((await sc.api('GET', '/readyz')).status, 200);
});
