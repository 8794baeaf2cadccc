/**
 * Key-space sampling on 100k keys: does it keep its time budget, and what does it cost a concurrent load?
 * A worker thread runs a closed-loop GET/SET load; the baseline is the same load alone, measured in the
 * same run just before. Prints throughput and latency during sampling as ratios to the baseline.
 *
 *   npm run bench:keyspace                       # 100k keys, 2000 ms budget
 *   npm run bench:keyspace -- --keys 20000 --budget 500
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { RedisProcess } from '../server/test/harness/redis-process.js';
import { analyzeUrls } from '../server/analysis/analyze-fleet.js';
import { loadCatalog, BUILTIN_RULES_DIR } from '../server/rules/catalog-loader.js';
import { keyspaceCommands, pipe } from '../server/test/inspection/keyspace-builder.js';

const { values } = parseArgs({
  options: {
    keys: { type: 'string', default: '100000' },
    budget: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '4' },
  },
});
const KEYS = Number(values.keys);
const BUDGET = Number(values.budget);
const CONNECTIONS = Number(values.connections);
const catalog = loadCatalog({ dirs: [BUILTIN_RULES_DIR] });
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

function load(port: number, durationMs: number): Promise<[number, number][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./keyspace-load-worker.mjs', import.meta.url), {
      workerData: { port, connections: CONNECTIONS, durationMs },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

function window(samples: [number, number][], from: number, to: number) {
  const inside = samples.filter(([at]) => at >= from && at <= to).map(([, ms]) => ms);
  const seconds = (to - from) / 1000;
  return { opsPerSec: inside.length / seconds, p50: percentile(inside, 50), p99: percentile(inside, 99) };
}

const redis = await RedisProcess.start();
try {
  process.stderr.write(`loading ${KEYS} keys of every type...\n`);
  await pipe(redis, keyspaceCommands(KEYS));
  const total = Number(await redis.cli('DBSIZE'));

  // Baseline: the load alone, over as long a window as the sampling gets.
  const baseSamples = await load(redis.port, BUDGET + 1500);
  const baseFrom = baseSamples[0][0] + 500;
  const baseline = window(baseSamples, baseFrom, baseFrom + BUDGET);

  // The same load while RedisLens samples (a lone master: the ceiling is lifted, the load itself is ops/s).
  const loading = load(redis.port, BUDGET + 3000);
  await new Promise((r) => setTimeout(r, 500));
  const from = Date.now();
  const analysis = await analyzeUrls([redis.url], {
    catalog,
    inspect: { keyspace: { enabled: true, maxKeys: 1_000_000, timeBudgetMs: BUDGET, opsCeiling: 1e12 } },
  });
  const to = Date.now();
  const during = window(await loading, from, to);
  const sample = analysis.fleet.nodes[0].inspection?.keyspace;
  if (!sample) throw new Error(`no sample: ${JSON.stringify(analysis.fleet.nodes[0].inspection)}`);

  const row = (name: string, w: typeof baseline) =>
    `${name.padEnd(18)} ${w.opsPerSec.toFixed(0).padStart(8)} ops/s  p50 ${w.p50.toFixed(3)} ms  p99 ${w.p99.toFixed(3)} ms`;
  console.log(`key-space sampling, ${total} keys, budget ${BUDGET} ms, load on ${CONNECTIONS} connections`);
  console.log(
    `sampled ${sample.sampled} keys (${((100 * sample.sampled) / total).toFixed(1)}%) in ${sample.elapsedMs} ms, stopped by ${sample.stoppedBy}; ` +
      `analysis incl. discovery ${to - from} ms`
  );
  console.log(
    `no-TTL share ${(sample.noTtlShare.value * 100).toFixed(1)}% ± ${(sample.noTtlShare.margin * 100).toFixed(1)} points`
  );
  console.log(row('load alone', baseline));
  console.log(row('load + sampling', during));
  console.log(
    `ratios during/alone: throughput ${(during.opsPerSec / baseline.opsPerSec).toFixed(2)}x, ` +
      `p50 ${(during.p50 / baseline.p50).toFixed(2)}x, p99 ${(during.p99 / baseline.p99).toFixed(2)}x`
  );
  const over = sample.elapsedMs - BUDGET;
  console.log(over <= 0 ? 'time budget kept' : `time budget exceeded by ${over} ms (the last page in flight)`);
} finally {
  await redis.stop();
}
