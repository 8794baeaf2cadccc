/**
 * Per-command trends: between two analyses the test's own client runs GET and SET, and the metrics
 * series cmd_calls_per_sec:<command> and cmd_usec_per_call:<command> (from INFO commandstats, no extra
 * command) come back through REST and the Grafana metrics query type.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisProcess } from '../harness/redis-process.js';
import { dataQuery, dial, pluginContext } from '../../grafana/test-support/grafana-host.js';
import { A_EDITOR, analyse, startLoggedSidecar, TWO_TENANTS, type LoggedSidecar } from '../security/support.js';

let redis: RedisProcess;
let sc: LoggedSidecar;

before(async () => {
  redis = await RedisProcess.start();
  sc = await startLoggedSidecar({ tenants: TWO_TENANTS }, { grpcListen: '127.0.0.1:0' });
});

after(async () => {
  await sc?.stop();
  await redis?.stop();
});

test('per-command calls and latency are metrics series after two analyses', async () => {
  const created = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: { name: 'cmds', url: redis.url, intervalSeconds: 3600 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  assert.equal((await analyse(sc, A_EDITOR, id)).status, 'succeeded');

  const client = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, enableReadyCheck: false });
  await client.connect();
  try {
    for (let i = 0; i < 30; i++) await client.set(`k${i}`, 'v');
    for (let i = 0; i < 30; i++) await client.get(`k${i}`);
    // The application's own INFO calls are its trend; RedisLens's INFO, CONFIG GET, ... are taken out.
    for (let i = 0; i < 5; i++) await client.info('server');
  } finally {
    client.disconnect();
  }
  assert.equal((await analyse(sc, A_EDITOR, id)).status, 'succeeded');

  const wanted = [
    'cmd_calls_per_sec:get',
    'cmd_usec_per_call:get',
    'cmd_calls_per_sec:set',
    'cmd_calls_per_sec:keys',
    'cmd_calls_per_sec:info',
    'cmd_calls_per_sec:config|get',
    'cmd_calls_per_sec:ping',
  ];
  const res = await sc.api(
    'GET',
    `/api/v1/targets/${id}/metrics?metric=${encodeURIComponent(wanted.join(','))}&from=0&to=${Date.now() + 1000}`,
    { token: A_EDITOR }
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const series = new Map<string, { points: { value: number }[] }>(res.body.items.map((s: any) => [s.metric, s]));
  // KEYS was never called: no series for it, none for the other unused commands either, nor for what only
  // RedisLens sent (CONFIG GET, PING).
  assert.deepEqual([...series.keys()].sort(), [
    'cmd_calls_per_sec:get',
    'cmd_calls_per_sec:info',
    'cmd_calls_per_sec:set',
    'cmd_usec_per_call:get',
  ]);
  assert.equal(series.get('cmd_calls_per_sec:get')!.points.length, 1, 'one interval: between the two analyses');
  const rate = (metric: string) => series.get(metric)!.points[0].value;
  assert.ok(rate('cmd_calls_per_sec:get') > 0);
  // Same interval, so the rates compare as the calls do: the application's 5 INFO against its 30 GET.
  assert.equal((rate('cmd_calls_per_sec:info') / rate('cmd_calls_per_sec:get')).toFixed(6), (5 / 30).toFixed(6));
  assert.ok(series.get('cmd_usec_per_call:get')!.points[0].value > 0);

  const grafana = dial(sc.sidecar.grpcAddress!);
  try {
    const now = Date.now();
    const answer = await grafana.queryData({
      pluginContext: pluginContext(A_EDITOR, 'Editor'),
      queries: [
        dataQuery({
          refId: 'M',
          model: { queryType: 'metrics', target: id, metrics: ['cmd_calls_per_sec:set'] },
          from: now - 3600_000,
          to: now + 1000,
        }),
      ],
    });
    const frames = answer.responses.M.frames.map((f: Buffer) => f.toString('utf8'));
    assert.equal(frames.length, 1);
    assert.match(frames[0], /cmd_calls_per_sec:set/);
  } finally {
    grafana.close();
  }
});

test('an analysis someone asked for stores what it saw, though the configuration did not change', async () => {
  // Scheduled analyses reuse the last stored body for an hour while configuration and topology stay the same;
  // "Analyse now" must show the node as it is now (its clients, its command counters).
  const created = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: { name: 'asked', url: redis.url, intervalSeconds: 3600 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  const first = await analyse(sc, A_EDITOR, id);
  const client = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, enableReadyCheck: false });
  await client.connect();
  try {
    for (let i = 0; i < 7; i++) await client.hset('asked:h', `f${i}`, 'v');
  } finally {
    client.disconnect();
  }
  const second = await analyse(sc, A_EDITOR, id);
  const bodies = await Promise.all(
    [first, second].map(
      async (a) => (await sc.api('GET', `/api/v1/snapshots/${a.snapshotId}`, { token: A_EDITOR })).body
    )
  );
  assert.notEqual(bodies[0].contentHash, bodies[1].contentHash);
  const hset = (body: any) => body.fleet.nodes[0].info.commandstats['cmdstat_hset']?.calls ?? 0;
  assert.ok(hset(bodies[1]) >= hset(bodies[0]) + 7, `HSET calls ${hset(bodies[0])} -> ${hset(bodies[1])}`);
});
