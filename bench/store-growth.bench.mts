/**
 * Store capacity: how many bytes one target adds to the SQLite store per
 * day. A real sidecar analyses a real Sentinel set (master, 2 replicas,
 * 3 Sentinels: 6 nodes) every second until --analyses analyses have
 * finished; SQLite's dbstat then gives the bytes of each table with its
 * indexes. Per-day figures scale each part by what drives it:
 *   analyses + snapshot rows      x analyses per day (86400 / --interval)
 *   full snapshot bodies          x 24 (one an hour when nothing changes; more on configuration changes)
 *   5-minute rollups              x 288 buckets x (node, metric) series
 * Anomalies and their events hold state, not history: they are listed, not scaled.
 *
 *   npm run bench:capacity                     # 120 analyses, 60 s interval
 *   npm run bench:capacity -- --analyses 300 --interval 30
 */
import { parseArgs } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { startSidecar, DEFAULT_SIDECAR_OPTIONS } from '../server/sidecar.js';
import { startSentinelSet } from '../server/test/harness/topologies.js';

const { values } = parseArgs({
  options: { analyses: { type: 'string', default: '120' }, interval: { type: 'string', default: '60' } },
});
const ANALYSES = Number(values.analyses);
const INTERVAL = Number(values.interval);

const set = await startSentinelSet({ replicas: 2, sentinels: 3 });
const root = mkdtempSync(join(tmpdir(), 'redislens-capacity-'));
const provisionDir = join(root, 'provisioning');
mkdirSync(provisionDir);
writeFileSync(
  join(provisionDir, 'bench.yaml'),
  stringify({
    apiVersion: 1,
    tenants: [{ id: 'bench', name: 'Bench' }],
    targets: [{ tenant: 'bench', name: 'sessions', url: set.sentinelUrl, intervalSeconds: 1 }],
  })
);
const dataDir = join(root, 'store');
const sidecar = await startSidecar({
  ...DEFAULT_SIDECAR_OPTIONS,
  listen: '127.0.0.1:0',
  dataDir,
  provisionDir,
  tickMs: 200,
  logger: pino({ level: 'silent' }),
});
const db = new Database(join(dataDir, 'redislens.sqlite'), { readonly: true });
const finished = () =>
  (db.prepare(`SELECT COUNT(*) AS n FROM analyses WHERE status = 'succeeded'`).get() as { n: number }).n;
const started = Date.now();
while (finished() < ANALYSES) await new Promise((r) => setTimeout(r, 500));
const seconds = (Date.now() - started) / 1000;
await sidecar.close();
await set.stop();

const bytesOf = new Map<string, number>();
for (const row of db
  .prepare(
    `SELECT COALESCE(s.tbl_name, d.name) AS tbl, SUM(d.pgsize) AS bytes
       FROM dbstat d LEFT JOIN sqlite_schema s ON s.name = d.name GROUP BY tbl`
  )
  .all() as { tbl: string; bytes: number }[])
  bytesOf.set(row.tbl, row.bytes);
const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
const analyses = count('SELECT COUNT(*) AS n FROM analyses');
const bodies = count('SELECT COUNT(*) AS n FROM snapshot_bodies');
const rollupRows = count('SELECT COUNT(*) AS n FROM rollup_points');
const series = count('SELECT COUNT(*) AS n FROM rollup_series');
const bytes = (t: string) => bytesOf.get(t) ?? 0;
const perAnalysis = (bytes('analyses') + bytes('snapshots')) / analyses;
const perBody = bytes('snapshot_bodies') / bodies;
const perRollup = bytes('rollup_points') / rollupRows;
const perDay = {
  analyses: (86400 / INTERVAL) * perAnalysis,
  bodies: 24 * perBody,
  rollups: 288 * series * perRollup + bytes('rollup_series'),
};
const total = perDay.analyses + perDay.bodies + perDay.rollups;
// Over the 30-day retention (server/store/sqlite/history-retention.ts): 5-minute rollups for a day, then one
// row an hour per series; summaries of unchanged scheduled runs and their snapshot rows for a day, then only
// the row that stored each body. Two bounds: the findings never change, or change at every analysis.
const perSnapshotRow = bytes('snapshots') / analyses;
const rollups30 = (288 + 29 * 24) * series * perRollup + bytes('rollup_series');
const unchanged30 = perDay.analyses + 29 * 24 * perSnapshotRow + 30 * perDay.bodies + rollups30;
const changing30 = 30 * (perDay.analyses + perDay.bodies) + rollups30;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
console.log(`store growth of one target (Sentinel set, 6 nodes), ${analyses} analyses in ${seconds.toFixed(0)} s`);
console.log(`  per analysis (analyses + snapshots rows): ${kb(perAnalysis)}`);
console.log(`  per full snapshot body: ${kb(perBody)} (${bodies} written in the run)`);
console.log(
  `  per rollup row: ${perRollup.toFixed(0)} B, ${series} (node, metric) series (${kb(bytes('rollup_series'))} once)`
);
console.log(`  anomalies + events (state, not scaled): ${kb(bytes('anomalies') + bytes('anomaly_events'))}`);
console.log(`per day at a ${INTERVAL} s interval:`);
console.log(`  analyses ${mb(perDay.analyses)}, snapshot bodies ${mb(perDay.bodies)}, rollups ${mb(perDay.rollups)}`);
console.log(`  total ${mb(total)} per target in the first day`);
console.log(
  `per target at the default 30-day retention: ${mb(unchanged30)} if findings never change, ${mb(changing30)} if they change at every analysis (rollups: ${mb(rollups30)}; 30 days of 5-minute rollups would be ${mb(30 * 288 * series * perRollup + bytes('rollup_series'))})`
);
db.close();
rmSync(root, { recursive: true, force: true });
