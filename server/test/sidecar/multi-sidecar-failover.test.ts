/**
 * Three sidecars share one real PostgreSQL (store + pg-boss job queue) and
 * many targets (real redis-servers, six behind a slow proxy):
 * - every target is analysed once per interval slot, none twice (a slot is
 *   left to a still-running analysis of the target only when the job says so, and never two in a row);
 * - kill -9 of the sidecar process while it is mid-analysis: all targets are
 *   analysed by the others within two intervals, the cut-off analysis marked
 *   interrupted, no duplicate anomaly;
 * - an acknowledgement through one replica is visible through another at
 *   once, /metrics reports the same open anomalies on every replica, and
 *   "analyse now" through any replica is run.
 *
 * Sized to run here in about a minute: 45 targets at an 8 s interval (the
 * issue's 300 targets would need a longer interval on a shared 2-core machine).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { PostgresCluster } from '../harness/postgres-cluster.js';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { startTestSidecar } from '../harness/sidecar-harness.js';
import {
  pidOwningPort,
  startDelayProxy,
  startSidecarProcess,
  type SidecarProcess,
} from '../harness/sidecar-process.js';

const INTERVAL_S = 8;
/**
 * Long enough that no live analysis on a loaded machine looks dead. Takeover after kill -9 does not wait for
 * it: the dead sidecar's target locks go with its connections, so the next interval's jobs run at once.
 */
const EXPIRE_S = 30;
const TARGETS_PER_REDIS = 15;
/** Targets behind the slow proxy: enough that the sidecar to be killed is soon mid-way through one. */
const SLOW_TARGETS = 6;
const TOKEN = 'failover-test-editor-token-0123456789';

test('three sidecars on one PostgreSQL: once per interval, takeover after kill -9, same answers everywhere', async (t) => {
  const started = Date.now();
  // Torn down in reverse: sidecars and clients before the database they use.
  const cleanups: (() => Promise<unknown>)[] = [];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });
  const cluster = await PostgresCluster.start();
  cleanups.push(() => cluster.stop());
  const url = await cluster.createDatabase('failover');
  const redises = await Promise.all([0, 1, 2].map(() => RedisProcess.start()));
  cleanups.push(() => Promise.all(redises.map((r) => r.stop())));
  // Each reply held back 60 ms: an analysis through the proxy takes long enough to be killed mid-way.
  const proxy = await startDelayProxy({ host: '127.0.0.1', port: redises[0].port }, 60);
  cleanups.push(() => proxy.close());

  const dir = mkdtempSync(join(tmpdir(), 'redislens-failover-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const targets = [
    ...redises.flatMap((r, i) =>
      Array.from({ length: TARGETS_PER_REDIS - (i === 0 ? SLOW_TARGETS : 0) }, (_, n) => ({
        tenant: 'team-a',
        name: `cache-${i}-${n}`,
        url: r.url,
        intervalSeconds: INTERVAL_S,
      }))
    ),
    ...Array.from({ length: SLOW_TARGETS }, (_, n) => ({
      tenant: 'team-a',
      name: `slow-${n}`,
      url: `redis://127.0.0.1:${proxy.port}`,
      intervalSeconds: INTERVAL_S,
    })),
  ];
  const provisioning = {
    tenants: [
      { id: 'team-a', name: 'Team A', tokens: [{ name: 'grafana', token: '$__env{FAILOVER_TOKEN}', role: 'editor' }] },
    ],
    targets,
  };
  writeFileSync(join(dir, 'redislens.yaml'), stringify({ apiVersion: 1, ...provisioning }));
  process.env.FAILOVER_TOKEN = TOKEN;
  // The sidecar to be killed runs as its own process; the two others in this one (their start-up is cheap here).
  const [victim, ...survivors] = await Promise.all([
    startSidecarProcess(
      ['--store', url, '--provision', dir, '--job-expire-seconds', String(EXPIRE_S), '--data-dir', dir],
      { FAILOVER_TOKEN: TOKEN }
    ),
    ...[0, 1].map(() => startTestSidecar(provisioning, { store: url, jobExpireSeconds: EXPIRE_S })),
  ]);
  cleanups.push(() => Promise.all([victim.stop(), ...survivors.map((s) => s.stop())]));
  const sidecarsUp = Date.now();
  const db = new pg.Client({ connectionString: url });
  db.on('error', () => undefined);
  await db.connect();
  cleanups.push(() => db.end());
  const query = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    (await db.query<R>(sql, params)).rows;
  const targetIds = new Map(
    (await query<{ id: string; name: string }>('SELECT id, name FROM targets')).map((r) => [r.name, r.id])
  );
  assert.equal(targetIds.size, targets.length, 'three replicas provisioned the same file once');
  const slowIds = targets.filter((x) => x.name.startsWith('slow-')).map((x) => targetIds.get(x.name)!);

  await waitFor('every target analysed once', async () => {
    const [{ n }] = await query<{ n: string }>(
      `SELECT COUNT(DISTINCT target_id) AS n FROM analyses WHERE status = 'succeeded'`
    );
    return Number(n) === targets.length || undefined;
  });

  // Exactly once per interval slot: in the two whole slots after every target's first analysis, each target's
  // job ran once, its one analysis succeeded, and no scheduled analysis ran outside a job (a retry, a 2nd offer).
  const slotMs = INTERVAL_S * 1000;
  const firstSlot = Math.ceil(Date.now() / slotMs) * slotMs;
  const lastSlot = firstSlot + slotMs;
  const perSlot = () =>
    query<{
      target: string;
      slot: string;
      jobs: string;
      done: string;
      analyses: string;
      succeeded: string;
      covered: boolean;
      retries: number;
      output: string | null;
    }>(
      `SELECT j.singleton_key AS target, (EXTRACT(EPOCH FROM j.singleton_on) * 1000)::bigint AS slot,
         COUNT(*) AS jobs, COUNT(*) FILTER (WHERE j.state = 'completed') AS done,
         COUNT(a.id) AS analyses, COUNT(a.id) FILTER (WHERE a.status = 'succeeded') AS succeeded,
         -- A job finding its target's analysis lock taken (the previous slot's run, late on a loaded machine)
         -- leaves the slot to that run and says so in its output: one analysis at a time per target.
         BOOL_OR(j.output ? 'skipped') AS covered,
         MAX(j.retry_count) AS retries, MAX(j.output::text) AS output
       FROM redislens_jobs.job j LEFT JOIN analyses a ON a.id = j.id::text
       WHERE j.name = 'redislens-analysis' AND j.singleton_on IS NOT NULL
         AND EXTRACT(EPOCH FROM j.singleton_on) * 1000 BETWEEN $1 AND $2
       GROUP BY 1, 2`,
      [firstSlot, lastSlot]
    );
  const steady = await waitFor('two whole interval slots analysed', async () => {
    const rows = await perSlot();
    return rows.length === 2 * targets.length && rows.every((r) => r.done === '1') ? rows : undefined;
  });
  let covered = 0;
  const analysedIn = new Map<string, number>();
  for (const row of steady) {
    assert.equal(row.jobs, '1', `${row.target} has one job in slot ${row.slot}`);
    const name = [...targetIds].find(([, id]) => id === row.target)?.[0];
    if (row.analyses === '0' && row.covered) {
      covered++;
      continue;
    }
    assert.equal(
      row.analyses,
      '1',
      `${name} analysed once in slot ${row.slot} (first slot ${firstSlot}; job retries ${row.retries}, ${row.output})`
    );
    assert.equal(row.succeeded, '1');
    analysedIn.set(row.target, (analysedIn.get(row.target) ?? 0) + 1);
  }
  // A slot is left to a run still going only when an analysis outlasts the interval (a loaded machine: the
  // job records it); that never goes on: every target was analysed in at least one of its two slots.
  const starved = [...targetIds].filter(([, id]) => !analysedIn.has(id)).map(([name]) => name);
  assert.deepEqual(starved, [], `targets with no analysis in two slots (${covered} slots left to a running one)`);
  const [{ n: unlinked }] = await query<{ n: string }>(
    `SELECT COUNT(*) AS n FROM analyses a WHERE a.trigger = 'schedule' AND a.queued_at >= $1
       AND NOT EXISTS (SELECT 1 FROM redislens_jobs.job j WHERE j.id::text = a.id)`,
    [firstSlot]
  );
  // (Before the window, a first analysis slower than the job expiry on a loaded machine may be retried.)
  assert.equal(unlinked, '0', 'every scheduled analysis in the window ran for its own job, no retry, no second offer');
  const steadyDone = Date.now();

  // kill -9 of the sidecar process while it is mid-way through a slow target.
  await waitFor(
    'the sidecar process mid-way through a slow target',
    async () => [...proxy.clientPorts].some((port) => pidOwningPort(port, [victim.child.pid!])) || undefined
  );
  const running = await query<{ id: string }>(
    `SELECT id FROM analyses WHERE target_id = ANY($1) AND status = 'running'`,
    [slowIds]
  );
  await victim.kill9();
  const killedAt = Date.now();

  // Every target, the slow one included, analysed again by the others within two intervals.
  await waitFor('all targets analysed after the kill', async () => {
    const [{ n }] = await query<{ n: string }>(
      `SELECT COUNT(DISTINCT target_id) AS n FROM analyses WHERE status = 'succeeded' AND queued_at > $1`,
      [killedAt]
    );
    return Number(n) === targets.length || undefined;
  });
  const takeoverMs = Date.now() - killedAt;
  assert.ok(takeoverMs <= 2 * slotMs, `taken over in ${takeoverMs} ms (two intervals: ${2 * slotMs} ms)`);
  // The cut-off analysis is marked interrupted; every other one that was running then finished.
  const after = await waitFor('the analyses running at the kill to end', async () => {
    const rows = await query<{ status: string }>('SELECT status FROM analyses WHERE id = ANY($1)', [
      running.map((r) => r.id),
    ]);
    return rows.every((r) => r.status !== 'running') ? rows : undefined;
  });
  assert.ok(
    after.some((r) => r.status === 'interrupted'),
    `one analysis cut off by kill -9: ${JSON.stringify(after)}`
  );
  assert.ok(after.every((r) => r.status === 'interrupted' || r.status === 'succeeded'));

  // No duplicate anomaly: each opened once; no analysis failed (a race would fail on the unique fingerprint).
  const [{ opened, anomalies }] = await query<{ opened: string; anomalies: string }>(
    `SELECT (SELECT COUNT(*) FROM anomaly_events WHERE kind = 'opened') AS opened, (SELECT COUNT(*) FROM anomalies) AS anomalies`
  );
  assert.ok(Number(anomalies) >= targets.length, `anomalies found: ${anomalies}`);
  assert.equal(opened, anomalies, 'each anomaly opened exactly once');
  assert.deepEqual(await query(`SELECT error FROM analyses WHERE status = 'failed'`), []);

  // Any replica answers the same: an acknowledgement through one is visible through the other at once.
  const [a, b] = survivors;
  const list = await b.api('GET', `/api/v1/anomalies?targetId=${targetIds.get('cache-1-0')}&status=open&limit=1`, {
    token: TOKEN,
  });
  const [anomaly] = list.body.items;
  const ack = await a.api('POST', `/api/v1/anomalies/${anomaly.id}/status`, {
    token: TOKEN,
    body: { status: 'acknowledged', note: 'seen through replica A' },
  });
  assert.equal(ack.status, 200);
  const seen = await b.api('GET', `/api/v1/anomalies/${anomaly.id}`, { token: TOKEN });
  assert.equal(seen.body.status, 'acknowledged');
  assert.equal(seen.body.history.at(-1).note, 'seen through replica A');

  // /metrics: the open-anomaly gauge is read from the shared store, so both replicas report the same series.
  const gauge = async (s: Pick<SidecarProcess, 'api'>) =>
    ((await s.api('GET', '/metrics')).body as string)
      .split('\n')
      .filter((l) => l.startsWith('redislens_anomalies_open{'))
      .sort();
  const [fromA, fromB] = await Promise.all([gauge(a), gauge(b)]);
  assert.ok(fromA.length > 0);
  assert.deepEqual(fromA, fromB);

  // "Analyse now" through a replica lands on the queue and is run by one of them.
  const now = await b.api('POST', `/api/v1/targets/${targetIds.get('cache-2-3')}/analyses`, { token: TOKEN });
  assert.ok(now.status < 300, JSON.stringify(now.body));
  await waitFor('the manual analysis to succeed', async () => {
    const [row] = await query<{ status: string; trigger: string }>(
      'SELECT status, trigger FROM analyses WHERE id = $1',
      [now.body.id]
    );
    return row?.status === 'succeeded' ? row : undefined;
  });
  t.diagnostic(
    `slots covered by a still-running analysis: ${covered} of ${steady.length}; ` +
      `start-up ${sidecarsUp - started} ms, two slots checked at ${steadyDone - started} ms, ` +
      `takeover after kill -9 ${takeoverMs} ms, total ${Date.now() - started} ms`
  );
});
