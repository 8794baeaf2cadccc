/**
 * Store benchmark: 100k anomalies and 1M rollup points in the embedded
 * SQLite store, then p50/p99 of the anomaly list query (filters, sorts,
 * cursor pages) and of metric-history reads, and the process RSS. The
 * baseline, measured in the same run, pages with LIMIT/OFFSET instead of
 * the store's keyset cursor.
 *
 *   npm run bench:store            # 100k anomalies, 1M rollup points
 *   npm run bench:store -- --anomalies 20000 --points 200000
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.js';
import type { Anomaly } from '../server/domain/records.js';
import type { AnomalyQuery } from '../server/domain/queries.js';

const { values } = parseArgs({
  options: {
    anomalies: { type: 'string', default: '100000' },
    points: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '400' },
  },
});
const ANOMALIES = Number(values.anomalies);
const POINTS = Number(values.points);
const QUERIES = Number(values.queries);
const TENANT = 'bench';
const TARGETS = Array.from({ length: 100 }, () => randomUUID());
const RULES = Array.from({ length: 80 }, (_, i) => `BENCH-${String(i + 100).padStart(3, '0')}`);
const SEVERITIES = ['critical', 'warning', 'notice'] as const;
const DAY = 86400_000;
const now = Date.now();
const pick = <T,>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

const dir = mkdtempSync(join(tmpdir(), 'redislens-bench-store-'));
const store = openSqliteStore(dir);
try {
  let t0 = Date.now();
  for (let done = 0; done < ANOMALIES;) {
    const create: Anomaly[] = [];
    for (let i = 0; i < 5000 && done < ANOMALIES; i++, done++) {
      const firstSeen = now - Math.random() * 30 * DAY;
      create.push({
        id: randomUUID(),
        tenantId: TENANT,
        targetId: pick(TARGETS),
        fingerprint: randomUUID(),
        ruleId: pick(RULES),
        category: 'bench',
        severity: pick(SEVERITIES),
        resource: `10.0.${done % 250}.${done % 200}:6379`,
        title: 'bench anomaly',
        message: 'used_memory 92% of maxmemory',
        recommendation: 'CONFIG SET maxmemory ...',
        evidence: { used_memory: done },
        status: 'open',
        firstSeen,
        lastSeen: firstSeen + Math.random() * (now - firstSeen),
        occurrences: 1,
      });
    }
    await store.anomalies.apply({
      tenantId: TENANT,
      targetId: TARGETS[0],
      at: now,
      create,
      refresh: [],
      reopen: [],
      resolve: [],
    });
  }
  // Spread statuses the way a real fleet has them (apply() creates open ones).
  const raw = new Database(join(dir, 'redislens.sqlite'));
  raw
    .prepare(
      `UPDATE anomalies SET status = CASE abs(random()) % 4 WHEN 0 THEN 'open' WHEN 1 THEN 'acknowledged' WHEN 2 THEN 'resolved' ELSE 'false_positive' END`
    )
    .run();
  const loadAnomalies = Date.now() - t0;

  t0 = Date.now();
  const metrics = ['used_memory', 'connected_clients', 'instantaneous_ops_per_sec', 'keyspace_hits', 'keyspace_misses'];
  const perSeries = Math.ceil(POINTS / (TARGETS.length * 2 * metrics.length));
  let batch: { targetId: string; node: string; metric: string; time: number; value: number }[] = [];
  let written = 0;
  outer: for (const targetId of TARGETS) {
    for (const node of ['10.0.0.1:6379', '10.0.0.2:6379']) {
      for (const metric of metrics) {
        for (let b = 0; b < perSeries; b++) {
          batch.push({ targetId, node, metric, time: now - b * 300_000, value: Math.random() * 1e6 });
          if (++written >= POINTS) break outer;
          if (batch.length === 20000) {
            await store.rollups.record(batch);
            batch = [];
          }
        }
      }
    }
  }
  await store.rollups.record(batch);
  const loadPoints = Date.now() - t0;

  const queries: (() => AnomalyQuery)[] = [
    () => ({ severity: ['critical'], status: ['open'], limit: 50 }),
    () => ({ targetId: [pick(TARGETS)], sort: 'severity', limit: 100 }),
    () => ({ ruleId: [pick(RULES)], status: ['open', 'acknowledged'], limit: 50 }),
    () => ({ from: now - 2 * DAY, to: now, sort: 'firstSeen', order: 'desc', limit: 100 }),
    () => ({ category: ['bench'], severity: ['warning', 'notice'], limit: 200 }),
  ];
  const timed = async (fn: () => Promise<unknown>) => {
    const s = process.hrtime.bigint();
    await fn();
    return Number(process.hrtime.bigint() - s) / 1e6;
  };
  const listTimes: number[] = [];
  const pageTimes: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const query = pick(queries)();
    listTimes.push(await timed(() => store.anomalies.query(TENANT, query)));
  }
  // Deep paging: page 20 of 50 by cursor (store) vs by OFFSET (baseline).
  const offsetTimes: number[] = [];
  for (let i = 0; i < 20; i++) {
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const t = await timed(async () => {
        cursor = (await store.anomalies.query(TENANT, { status: ['open'], limit: 50, cursor })).nextCursor;
      });
      if (page === 19) pageTimes.push(t);
    }
    offsetTimes.push(
      await timed(async () =>
        raw
          .prepare(
            `SELECT * FROM anomalies WHERE tenant_id = ? AND status = 'open' ORDER BY last_seen DESC, id DESC LIMIT 50 OFFSET ${19 * 50}`
          )
          .all(TENANT)
      )
    );
  }
  const seriesTimes: number[] = [];
  for (let i = 0; i < 100; i++) {
    seriesTimes.push(
      await timed(() =>
        store.rollups.series([pick(TARGETS)], { metrics: [pick(metrics)], from: now - 7 * DAY, to: now })
      )
    );
  }
  raw.close();

  const p = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(2)} ms, p99 ${percentile(xs, 99).toFixed(2)} ms`;
  console.log(
    `store benchmark: ${ANOMALIES} anomalies (loaded in ${loadAnomalies} ms), ${written} rollup points (loaded in ${loadPoints} ms)`
  );
  console.log(
    `  anomaly list, filters + sort (${QUERIES} queries): ${p(listTimes)}  goal p99 < 50 ms: ${percentile(listTimes, 99) < 50 ? 'met' : 'NOT met'}`
  );
  console.log(`  deep page by cursor (page 20):                 ${p(pageTimes)}`);
  console.log(
    `  baseline, deep page by LIMIT/OFFSET:           ${p(offsetTimes)}  cursor is ${(percentile(offsetTimes, 50) / percentile(pageTimes, 50)).toFixed(1)}x faster at p50`
  );
  console.log(`  metric history, 7 days of one series:          ${p(seriesTimes)}`);
  console.log(`  RSS: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
