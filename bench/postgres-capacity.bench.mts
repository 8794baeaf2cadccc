/**
 * PostgreSQL capacity: what sidecars in PostgreSQL mode cost the database
 * at a given analysis rate (default 2,000 target analyses per minute).
 *
 * A throwaway PostgreSQL cluster, --redis real redis-servers with a loopback
 * proxy per target in front (so every target is a node of its own address),
 * and sidecar processes (`redislens serve --store postgres://...`) analysing
 * --targets standalone targets (one node each) every --interval seconds;
 * --sidecars replicas (default 2) share the work through the job queue.
 * After every target's first analysis (full snapshot bodies, anomalies
 * opened) has been measured apart, a steady window of --seconds is measured:
 *   rows      pg_stat_user_tables n_tup_ins + n_tup_upd + n_tup_del, store tables and job queue apart
 *   bytes     pg_total_relation_size of every table (growth), WAL bytes (pg_current_wal_lsn difference)
 *   CPU       /proc/<pid>/stat of the postmaster and its children (reaped ones through cutime/cstime),
 *             and of the sidecar processes
 * Ratios are against the analyses finished in the same window.
 *
 *   npm run bench:pg-capacity                               # 100 targets every 3 s (2,000/min) for 150 s
 *   npm run bench:pg-capacity -- --seconds 20               # smoke run
 *   npm run bench:pg-capacity -- --targets 200 --interval 6 --seconds 180
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { stringify } from 'yaml';
import { PostgresCluster } from '../server/test/harness/postgres-cluster.js';
import { RedisProcess } from '../server/test/harness/redis-process.js';
import { startSidecarProcess } from '../server/test/harness/sidecar-process.js';
import { startLatencyProxy } from './latency-proxy.mjs';

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: '100' },
    interval: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '150' },
    redis: { type: 'string', default: '4' },
    sidecars: { type: 'string', default: '2' },
  },
});
const TARGETS = Number(values.targets);
const INTERVAL = Number(values.interval);
const SECONDS = Number(values.seconds);
const REDIS = Number(values.redis);
const SIDECARS = Number(values.sidecars);
/** Clock ticks per second of /proc/<pid>/stat times (getconf CLK_TCK: 100 on Linux). */
const TICKS = 100;

const cluster = await PostgresCluster.start();
const url = await cluster.createDatabase('capacity');
const redises = await Promise.all(Array.from({ length: REDIS }, () => RedisProcess.start()));
const proxies = await Promise.all(
  Array.from({ length: TARGETS }, (_, i) => startLatencyProxy(redises[i % REDIS].port, 1))
);
const dir = mkdtempSync(join(tmpdir(), 'redislens-pg-capacity-'));
writeFileSync(
  join(dir, 'redislens.yaml'),
  stringify({
    apiVersion: 1,
    tenants: [{ id: 'bench', name: 'Bench' }],
    targets: proxies.map((p, i) => ({
      tenant: 'bench',
      name: `node-${i}`,
      url: `redis://127.0.0.1:${p.port}`,
      intervalSeconds: INTERVAL,
    })),
  })
);
// Replicas as deployed: one sidecar at its default concurrency (8) runs about 1,000-1,500 analyses a minute here.
const sidecars = await Promise.all(
  Array.from({ length: SIDECARS }, () => startSidecarProcess(['--store', url, '--provision', dir, '--data-dir', dir]))
);
const db = new pg.Client({ connectionString: url });
await db.connect();
const one = async <R extends pg.QueryResultRow>(sql: string) => (await db.query<R>(sql)).rows[0];

/** CPU seconds used so far by a process (utime + stime), and by its reaped children when asked. */
function cpuSeconds(pid: number, withReaped = false): number {
  try {
    // Fields after the parenthesised command name: state is 3, utime 14, stime 15, cutime 16, cstime 17.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(f[11]) + Number(f[12]);
    return (own + (withReaped ? Number(f[13]) + Number(f[14]) : 0)) / TICKS;
  } catch {
    return 0; // exited meanwhile
  }
}

/** The postmaster and every backend / background process: live children plus those already reaped. */
function postgresCpuSeconds(): number {
  const postmaster = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuSeconds(postmaster, true);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += cpuSeconds(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

interface Sample {
  at: number;
  analyses: number;
  wal: string;
  rows: Map<string, number>;
  bytes: Map<string, number>;
  pgCpu: number;
  sidecarCpu: number;
}

async function sample(): Promise<Sample> {
  const { n } = await one<{ n: string }>(`SELECT COUNT(*) AS n FROM analyses WHERE status = 'succeeded'`);
  const { lsn } = await one<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  // Table statistics are flushed by backends at most once a second: ask for a fresh view.
  await db.query('SELECT pg_stat_clear_snapshot()');
  const tables = (
    await db.query<{ part: string; rows: string; bytes: string }>(
      `SELECT CASE WHEN schemaname = 'redislens_jobs' THEN 'job queue' ELSE 'store' END AS part,
         SUM(n_tup_ins + n_tup_upd + n_tup_del) AS rows, SUM(pg_total_relation_size(relid)) AS bytes
       FROM pg_stat_user_tables GROUP BY 1`
    )
  ).rows;
  return {
    at: Date.now(),
    analyses: Number(n),
    wal: lsn,
    rows: new Map(tables.map((t) => [t.part, Number(t.rows)])),
    bytes: new Map(tables.map((t) => [t.part, Number(t.bytes)])),
    pgCpu: postgresCpuSeconds(),
    sidecarCpu: sidecars.reduce((sum, s) => sum + cpuSeconds(s.child.pid!), 0),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Backends report their table counters up to a second late (and at most every second while busy). */
const settleStats = () => sleep(1500);

const begun = await sample();
// Warm-up: every target's first analysis (full snapshot bodies, first anomalies, first rollup rows).
for (;;) {
  const { n } = await one<{ n: string }>(
    `SELECT COUNT(DISTINCT target_id) AS n FROM analyses WHERE status = 'succeeded'`
  );
  if (Number(n) >= TARGETS) break;
  await sleep(500);
}
await settleStats();
const warm = await sample();
await sleep(SECONDS * 1000);
await settleStats();
const end = await sample();

async function walBytes(from: Sample, to: Sample): Promise<number> {
  const { d } = await one<{ d: string }>(`SELECT pg_wal_lsn_diff('${to.wal}', '${from.wal}') AS d`);
  return Number(d);
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
const parts = ['store', 'job queue'];
async function report(title: string, from: Sample, to: Sample): Promise<void> {
  const analyses = to.analyses - from.analyses;
  const seconds = (to.at - from.at) / 1000;
  const wal = await walBytes(from, to);
  const delta = (m: 'rows' | 'bytes', part: string) => (to[m].get(part) ?? 0) - (from[m].get(part) ?? 0);
  const rows = parts.reduce((s, p) => s + delta('rows', p), 0);
  console.log(
    `${title}: ${analyses} analyses in ${seconds.toFixed(1)} s (${((analyses / seconds) * 60).toFixed(0)}/min)`
  );
  if (analyses === 0) return;
  for (const part of parts)
    console.log(
      `  ${part}: ${(delta('rows', part) / analyses).toFixed(1)} rows and ${kib(delta('bytes', part) / analyses)} ` +
        `table growth per analysis`
    );
  console.log(`  WAL: ${kib(wal / analyses)} per analysis`);
  console.log(
    `  PostgreSQL writes: ${(rows / seconds).toFixed(0)} rows/s, WAL ${mib(wal / seconds)}/s; ` +
      `CPU ${(((to.pgCpu - from.pgCpu) / seconds) * 100).toFixed(1)}% of a core ` +
      `(${(((to.pgCpu - from.pgCpu) / analyses) * 1000).toFixed(1)} ms per analysis)`
  );
  console.log(
    `  sidecars' CPU ${(((to.sidecarCpu - from.sidecarCpu) / seconds) * 100).toFixed(1)}% of a core ` +
      `(${(((to.sidecarCpu - from.sidecarCpu) / analyses) * 1000).toFixed(1)} ms per analysis)`
  );
}

console.log(
  `PostgreSQL capacity: ${SIDECARS} sidecar process(es), ${TARGETS} standalone targets (1 node each) every ${INTERVAL} s ` +
    `(${((TARGETS / INTERVAL) * 60).toFixed(0)} analyses/min asked)`
);
await report('first analyses (warm-up)', begun, warm);
await report('steady window', warm, end);
const { size } = await one<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
const { connections } = await one<{ connections: string }>(
  `SELECT COUNT(*) AS connections FROM pg_stat_activity WHERE datname = current_database()`
);
console.log(`database size at the end: ${mib(Number(size))}; connections to it: ${connections}`);

await db.end();
await Promise.all(sidecars.map((s) => s.stop()));
await Promise.all(proxies.map((p) => p.close()));
await Promise.all(redises.map((r) => r.stop()));
await cluster.stop();
rmSync(dir, { recursive: true, force: true });
