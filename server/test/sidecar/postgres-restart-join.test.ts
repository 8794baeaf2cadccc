/**
 * Two scenarios of sidecars sharing one real PostgreSQL, on one set-up:
 * - a new sidecar joins a running one and takes a share of the work within a
 *   couple of intervals, each target still analysed once per interval slot;
 * - PostgreSQL is restarted (stopped as a crash would, then started again)
 *   while both analyse: they reconnect, every acknowledgement answered before
 *   the restart is still there, analyses resume on both, and a write through
 *   either replica works again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PostgresCluster } from '../harness/postgres-cluster.js';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { startTestSidecar, type TestSidecar } from '../harness/sidecar-harness.js';

const INTERVAL_S = 4;
const TARGETS = 12;
const TOKEN = 'restart-test-editor-token-0123456789';

/** Analyses this replica ran, from its own /metrics (the counter counts only its analyses). */
async function analysesRunBy(sidecar: TestSidecar): Promise<number> {
  const text = (await sidecar.api('GET', '/metrics')).body as string;
  return text
    .split('\n')
    .filter((l) => l.startsWith('redislens_analyses_total'))
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

test('sidecars on one PostgreSQL: a joining sidecar takes a share; a PostgreSQL restart loses no acknowledgement', async (t) => {
  const started = Date.now();
  const cleanups: (() => Promise<unknown>)[] = [];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });
  const cluster = await PostgresCluster.start();
  cleanups.push(() => cluster.stop());
  const url = await cluster.createDatabase('restart');
  const redises = await Promise.all([0, 1].map(() => RedisProcess.start()));
  cleanups.push(() => Promise.all(redises.map((r) => r.stop())));
  process.env.RESTART_TEST_TOKEN = TOKEN;
  const provisioning = {
    tenants: [
      {
        id: 'team-a',
        name: 'Team A',
        tokens: [{ name: 'grafana', token: '$__env{RESTART_TEST_TOKEN}', role: 'editor' }],
      },
    ],
    targets: Array.from({ length: TARGETS }, (_, n) => ({
      tenant: 'team-a',
      name: `cache-${n}`,
      url: redises[n % 2].url,
      intervalSeconds: INTERVAL_S,
    })),
  };
  const start = async () => {
    const sidecar = await startTestSidecar(provisioning, { store: url, jobExpireSeconds: 30 });
    cleanups.push(() => sidecar.stop());
    return sidecar;
  };
  const connect = async () => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };
  let db: pg.Client;
  const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await db.query<R>(sql, params)).rows;
  const succeededSince = async (since: number) => {
    const [{ n }] = await query<{ n: string }>(
      `SELECT COUNT(DISTINCT target_id) AS n FROM analyses WHERE status = 'succeeded' AND queued_at > $1`,
      [since]
    );
    return Number(n);
  };

  // One sidecar runs alone until every target has been analysed.
  const a = await start();
  db = await connect();
  cleanups.push(() => db.end());
  await waitFor(
    'every target analysed by the first sidecar',
    async () => (await succeededSince(0)) === TARGETS || undefined
  );

  // A second joins: within a couple of intervals both run analyses.
  const b = await start();
  const joinedAt = Date.now();
  const [aBefore, bBefore] = [await analysesRunBy(a), await analysesRunBy(b)];
  assert.equal(bBefore, 0);
  await waitFor('both sidecars running analyses', async () => {
    const [ranA, ranB] = [await analysesRunBy(a), await analysesRunBy(b)];
    return (ranA > aBefore && ranB > 0) || undefined;
  });
  const shareMs = Date.now() - joinedAt;
  // A couple of intervals, with room for a loaded machine (the joiner's idle workers poll every 2 s).
  assert.ok(shareMs <= 4 * INTERVAL_S * 1000, `the new sidecar took a share after ${shareMs} ms`);

  // None twice: in the two whole slots after the join, each target's one job ran one analysis (or found the
  // previous slot's analysis still running and said so), and no scheduled analysis ran outside a job.
  const slotMs = INTERVAL_S * 1000;
  const firstSlot = Math.ceil(joinedAt / slotMs) * slotMs;
  const slots = await waitFor('two whole slots after the join', async () => {
    const rows = await query<{ target: string; jobs: string; done: string; analyses: string; covered: boolean }>(
      `SELECT j.singleton_key AS target, COUNT(*) AS jobs, COUNT(*) FILTER (WHERE j.state = 'completed') AS done,
         COUNT(a.id) AS analyses, BOOL_OR(j.output ? 'skipped') AS covered
       FROM redislens_jobs.job j LEFT JOIN analyses a ON a.id = j.id::text
       WHERE j.name = 'redislens-analysis' AND j.singleton_on IS NOT NULL
         AND EXTRACT(EPOCH FROM j.singleton_on) * 1000 BETWEEN $1 AND $2
       GROUP BY j.singleton_key, j.singleton_on`,
      [firstSlot, firstSlot + slotMs]
    );
    return rows.length === 2 * TARGETS && rows.every((r) => r.done === '1') ? rows : undefined;
  });
  for (const slot of slots) {
    assert.equal(slot.jobs, '1', `${slot.target}: one job per slot`);
    assert.ok(slot.analyses === '1' || (slot.analyses === '0' && slot.covered), JSON.stringify(slot));
  }
  const [{ n: unlinked }] = await query<{ n: string }>(
    `SELECT COUNT(*) AS n FROM analyses a WHERE a.trigger = 'schedule' AND a.queued_at >= $1
       AND NOT EXISTS (SELECT 1 FROM redislens_jobs.job j WHERE j.id::text = a.id)`,
    [firstSlot]
  );
  assert.equal(unlinked, '0', 'every scheduled analysis after the join ran for its own job');

  // Acknowledgements through both replicas, each answered 200 before PostgreSQL goes down.
  const open = await a.api('GET', '/api/v1/anomalies?status=open&limit=6', { token: TOKEN });
  const anomalies: { id: string }[] = open.body.items;
  assert.equal(anomalies.length, 6, 'default redis-servers give anomalies to acknowledge');
  for (const [i, anomaly] of anomalies.entries()) {
    const through = i % 2 ? b : a;
    const ack = await through.api('POST', `/api/v1/anomalies/${anomaly.id}/status`, {
      token: TOKEN,
      body: { status: 'acknowledged', note: `before the restart, #${i}` },
    });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
  }

  // PostgreSQL stopped as a crash would (no shutdown checkpoint, every connection cut) while both analyse.
  await cluster.kill();
  const downAt = Date.now();
  await db.end().catch(() => undefined);
  await cluster.restart();
  const upAt = Date.now();
  db = await connect();

  // Every acknowledgement is there, through the other replica than the one that made it.
  for (const [i, anomaly] of anomalies.entries()) {
    const through = i % 2 ? a : b;
    const seen = await waitFor('the replica to answer again', async () => {
      const response = await through.api('GET', `/api/v1/anomalies/${anomaly.id}`, { token: TOKEN });
      return response.status === 200 ? response.body : undefined;
    });
    assert.equal(seen.status, 'acknowledged', `acknowledgement #${i} kept`);
    assert.equal(seen.history.at(-1).note, `before the restart, #${i}`);
  }

  // Analyses resume on both replicas: every target analysed again, each sidecar running some.
  const [aAtRestart, bAtRestart] = [await analysesRunBy(a), await analysesRunBy(b)];
  await waitFor(
    'every target analysed after the restart',
    async () => (await succeededSince(upAt)) === TARGETS || undefined
  );
  await waitFor('both sidecars analysing after the restart', async () => {
    const [ranA, ranB] = [await analysesRunBy(a), await analysesRunBy(b)];
    return (ranA > aAtRestart && ranB > bAtRestart) || undefined;
  });
  const resumedMs = Date.now() - upAt;
  // An analysis cut off by the restart does not stay "running" (the next run of its target marks it).
  await waitFor('no analysis left running from before the restart', async () => {
    const [{ n }] = await query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM analyses WHERE status IN ('queued', 'running') AND queued_at < $1`,
      [downAt]
    );
    return n === '0' || undefined;
  });
  // Writes work again through both: an acknowledgement after the restart is kept too.
  const resolve = await b.api('POST', `/api/v1/anomalies/${anomalies[0].id}/status`, {
    token: TOKEN,
    body: { status: 'resolved', note: 'after the restart' },
  });
  assert.equal(resolve.status, 200, JSON.stringify(resolve.body));
  assert.equal((await a.api('GET', `/api/v1/anomalies/${anomalies[0].id}`, { token: TOKEN })).body.status, 'resolved');
  t.diagnostic(
    `share taken ${shareMs} ms after the join; PostgreSQL down ${upAt - downAt} ms; all targets analysed and ` +
      `both replicas running ${resumedMs} ms after it came back; total ${Date.now() - started} ms`
  );
});
