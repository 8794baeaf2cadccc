/**
 * Fleet benchmark: N real redis-server instances behind a latency proxy,
 * analysed by RedisLens (concurrent, pipelined) and by a sequential per-node
 * baseline measured in the same run: the way the original tool worked
 * (connect, PING, INFO, CONFIG GET, one node after another).
 *
 *   npm run bench              # N=50, 20 ms round trip
 *   npm run bench -- --nodes 100 --rtt 20 --runs 3
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { RedisProcess } from '../server/test/harness/redis-process.js';
import { analyzeUrls } from '../server/analysis/analyze-fleet.js';
import { loadCatalog, BUILTIN_RULES_DIR } from '../server/rules/catalog-loader.js';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.mjs';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '50' },
    rtt: { type: 'string', default: '20' },
    runs: { type: 'string', default: '3' },
  },
});
const nodes = Number(values.nodes);
const rtt = Number(values.rtt);
const runs = Number(values.runs);

/** The baseline: one node after another, one command per round trip. */
async function sequentialBaseline(ports: number[]): Promise<void> {
  for (const port of ports) {
    const client = new Redis({
      host: '127.0.0.1',
      port,
      lazyConnect: true,
      enableReadyCheck: false,
      maxRetriesPerRequest: 0,
    });
    await client.connect();
    await client.ping();
    await client.info();
    await client.config('GET', '*');
    client.disconnect();
  }
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const servers: RedisProcess[] = [];
const proxies: LatencyProxy[] = [];
try {
  process.stderr.write(`starting ${nodes} redis-server instances behind ${rtt} ms proxies...\n`);
  for (let i = 0; i < nodes; i += 10) {
    servers.push(...(await Promise.all(Array.from({ length: Math.min(10, nodes - i) }, () => RedisProcess.start()))));
  }
  proxies.push(...(await Promise.all(servers.map((s) => startLatencyProxy(s.port, rtt)))));
  const ports = proxies.map((p) => p.port);
  const urls = ports.map((p) => `redis://127.0.0.1:${p}`);
  const catalog = loadCatalog({ dirs: [BUILTIN_RULES_DIR] });

  const baseline: number[] = [];
  const redislens: number[] = [];
  for (let run = 0; run < runs; run++) {
    baseline.push(await time(() => sequentialBaseline(ports)));
    redislens.push(
      await time(async () => {
        const analysis = await analyzeUrls(urls, { catalog });
        const reachable = analysis.fleet.nodes.filter((n) => n.reachable).length;
        if (reachable !== nodes) throw new Error(`RedisLens reached ${reachable} of ${nodes} nodes`);
      })
    );
  }
  const b = median(baseline);
  const r = median(redislens);
  console.log(
    `fleet benchmark: ${nodes} nodes, ${rtt} ms injected round trip, median of ${runs} runs, ${catalog.rules.length} rules`
  );
  console.log(
    `  sequential baseline (connect, PING, INFO, CONFIG GET per node): ${b.toFixed(0)} ms total, ${(b / nodes).toFixed(1)} ms per node`
  );
  console.log(
    `  RedisLens analyze (discovery, collection, rule evaluation):     ${r.toFixed(0)} ms total, ${(r / nodes).toFixed(1)} ms per node`
  );
  console.log(`  speed-up: ${(b / r).toFixed(1)}x (target >= 10x)`);
} finally {
  await Promise.all(proxies.map((p) => p.close()));
  await Promise.all(servers.map((s) => s.stop()));
}
