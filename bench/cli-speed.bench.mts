/**
 * The CLI as a user meets it: whole processes, timed from spawn to exit.
 *
 * - `redislens analyze` of a whole fleet (every rule evaluated) against the network floor measured in the
 *   same run: plain node + ioredis, all nodes at once, one pipelined round trip (bench/floor-client.mjs).
 *   Real redis-servers behind a latency proxy (--delay ms each way). Fleets larger than --real-max use
 *   several proxy ports in front of each real server (the output says so).
 * - Start-up: `--help` and `lint <redis.conf>` (warm and cold catalog cache) against `node -e 0`, and the
 *   peak RSS of `analyze` of one node.
 * - Growth: wall time, CPU time and CPU per node at each fleet size.
 *
 *   npm run bench
 *   npm run bench -- --sizes 10,50 --ratio-at 50 --runs 1 --real-max 50
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RedisProcess } from '../server/test/harness/redis-process.js';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.mjs';
import { countCpu, type CpuShare } from './cpu-share.mjs';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10,50,200,500' },
    'ratio-at': { type: 'string', default: '50,200' },
    'real-max': { type: 'string', default: '200' },
    delay: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const ratioAt = new Set(values['ratio-at'].split(',').map(Number));
const realMax = Number(values['real-max']);
const delayMs = Number(values.delay);
const runs = Number(values.runs);

const file = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const BIN = file('../server/bin/redislens.js');
const FLOOR = file('./floor-client.mjs');
const USAGE = file('./child-usage.mjs');

interface Run {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  code: number;
  stdout: string;
  stderr: string;
  /** The machine while it ran (fleet runs): this process runs the latency proxy. */
  machine?: CpuShare;
}

/** One whole process: wall time from spawn to exit, its own CPU time and peak RSS (child-usage.mjs). */
function measure(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', USAGE, ...args], {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const usage: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (b: Buffer) => usage.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      const text = Buffer.concat(usage).toString();
      if (!text) return reject(new Error(`no usage report from ${args.join(' ')}: ${Buffer.concat(err)}`));
      const { cpuMs, maxRssKb } = JSON.parse(text) as { cpuMs: number; maxRssKb: number };
      resolve({
        wallMs,
        cpuMs,
        maxRssKb,
        code: code ?? 1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

function median(runsOf: Run[]): Run {
  return [...runsOf].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runsOf.length / 2)];
}

async function medianOf(times: number, fn: () => Promise<Run>): Promise<Run> {
  const all: Run[] = [];
  for (let i = 0; i < times; i++) all.push(await fn());
  return median(all);
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** analyze must see every node; exit 1 (a critical finding) is a normal answer. */
function checkAnalysis(run: Run, nodes: number): void {
  if (run.code > 1) throw new Error(`redislens analyze failed (exit ${run.code}): ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { targets: { reachable: boolean }[]; findings: unknown[] };
  const reachable = report.targets.filter((t) => t.reachable).length;
  if (reachable !== nodes) throw new Error(`redislens reached ${reachable} of ${nodes} nodes`);
}

const analyze = (ports: number[], env: NodeJS.ProcessEnv = {}) =>
  measure([BIN, 'analyze', ...ports.map((p) => `redis://127.0.0.1:${p}`), '--format', 'json'], env);

/** A fleet run, with where the machine's CPU went meanwhile: the measured process shares it with the harness. */
async function measureOnMachine(run: () => Promise<Run>): Promise<Run> {
  const stop = countCpu(() => ({ redisServers: servers.flatMap((sv) => sv.child.pid ?? []) }));
  const result = await run();
  return { ...result, machine: stop() };
}

/** "process 0.91, proxy 0.40, redis-servers 0.31, other 0.02, idle 18%", in cores. */
function machineLine(run: Run): string {
  const m = run.machine!;
  const own = run.cpuMs / 1000 / m.seconds;
  return (
    `process ${own.toFixed(2)}, proxy and harness ${m.cores.thisProcess.toFixed(2)}, ` +
    `redis-servers ${m.cores.redisServers.toFixed(2)}, other ${Math.max(0, m.otherCores - own).toFixed(2)}, ` +
    `idle ${m.idlePercent.toFixed(0)}%`
  );
}

const servers: RedisProcess[] = [];
const proxies: LatencyProxy[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'redislens-cli-bench-'));
try {
  // The compiled CLI is what `npm ci` ships; build it so the bench never measures stale or missing output.
  const build = await measure([file('../server/scripts/build-cli.mjs')]);
  if (build.code !== 0) throw new Error(`build failed: ${build.stderr}`);

  // Start-up figures, before the fleet's hundreds of redis-servers share the cores (a user's CI runner has none).
  // The catalog cache is per user: a cold run (fresh cache folder) and warm runs.
  servers.push(await RedisProcess.start());
  const conf = join(scratch, 'redis.conf');
  writeFileSync(conf, ['port 7000', 'maxmemory 100mb', 'timeout 0', 'bind 0.0.0.0', ''].join('\n'));
  const nodeEmpty = await medianOf(5, () => measure(['-e', '0']));
  const help = await medianOf(5, () => measure([BIN, '--help']));
  const lintCold = await medianOf(3, () =>
    measure([BIN, 'lint', conf], { REDISLENS_CACHE_DIR: mkdtempSync(join(scratch, 'cache-')) })
  );
  await measure([BIN, 'lint', conf]); // warms the user's cache
  const lintWarm = await medianOf(5, () => measure([BIN, 'lint', conf]));
  const oneNode = await medianOf(3, () => analyze([servers[0].port]));
  checkAnalysis(oneNode, 1);

  const largest = Math.max(...sizes);
  const real = Math.min(largest, realMax);
  process.stderr.write(`starting ${real} redis-servers and ${largest} proxy ports (${delayMs} ms each way)...\n`);
  for (let i = servers.length; i < real; i += 10) {
    servers.push(...(await Promise.all(Array.from({ length: Math.min(10, real - i) }, () => RedisProcess.start()))));
  }
  for (let i = 0; i < largest; i += 50) {
    const batch = Array.from({ length: Math.min(50, largest - i) }, (_, j) =>
      startLatencyProxy(servers[(i + j) % real].port, 2 * delayMs)
    );
    proxies.push(...(await Promise.all(batch)));
  }
  const ports = proxies.map((p) => p.port);

  console.log(`CLI whole-process benchmark (node ${process.version}, compiled CLI, ${delayMs} ms one-way delay)`);
  console.log('start-up (median wall, peak RSS):');
  console.log(`  node -e 0 (the floor of any node process)   ${s(nodeEmpty.wallMs)}  ${mb(nodeEmpty.maxRssKb)}`);
  console.log(`  redislens --help                            ${s(help.wallMs)}  ${mb(help.maxRssKb)}  (goal < 0.2 s)`);
  console.log(
    `  redislens lint redis.conf, catalog cached   ${s(lintWarm.wallMs)}  ${mb(lintWarm.maxRssKb)}  (goal < 0.3 s)`
  );
  console.log(`  redislens lint redis.conf, cold cache       ${s(lintCold.wallMs)}  ${mb(lintCold.maxRssKb)}`);
  console.log(
    `  redislens analyze, one local node           ${s(oneNode.wallMs)}  ${mb(oneNode.maxRssKb)}  (goal RSS < 80 MB)`
  );

  console.log(`fleet (median of ${runs} runs; floor = node + ioredis, all at once, one pipelined round trip):`);
  // CPU time is printed beside wall time: on a busy machine, wall time also measures waiting for a core.
  console.log('  nodes  floor     analyze   ratio   floor CPU  analyze CPU  CPU/node  peak RSS');
  const ratios: string[] = [];
  const machineLines: string[] = [];
  for (const size of sizes) {
    const fleet = ports.slice(0, size);
    const floorRuns: Run[] = [];
    const cliRuns: Run[] = [];
    for (let r = 0; r < runs; r++) {
      const floor = await measureOnMachine(() => measure([FLOOR, ...fleet.map(String)]));
      if (floor.code !== 0) throw new Error(`floor client failed: ${floor.stderr}`);
      floorRuns.push(floor);
      const cli = await measureOnMachine(() => analyze(fleet));
      checkAnalysis(cli, size);
      cliRuns.push(cli);
    }
    const floor = median(floorRuns);
    const cli = median(cliRuns);
    const ratio = cli.wallMs / floor.wallMs;
    // CPU per node beyond start-up: the one-node run carries the start-up and one node.
    const perNode = (cli.cpuMs - oneNode.cpuMs) / (size - 1);
    const shared = size > real ? `  (${size} proxy ports in front of ${real} real redis-servers)` : '';
    console.log(
      `  ${String(size).padStart(5)}  ${s(floor.wallMs)}    ${s(cli.wallMs)}    ${ratio.toFixed(2)}x   ` +
        `${s(floor.cpuMs)}     ${s(cli.cpuMs)}       ${perNode.toFixed(1)} ms   ${mb(cli.maxRssKb)}${shared}`
    );
    if (ratioAt.has(size)) ratios.push(`${size} nodes ${ratio.toFixed(2)}x`);
    machineLines.push(`  ${String(size).padStart(5)}  floor: ${machineLine(floor)}`);
    machineLines.push(`         analyze: ${machineLine(cli)}`);
  }
  console.log(`analyze vs floor: ${ratios.join(', ')} (goal <= 2x)`);
  // Wall time is CPU time where the cores are full: the proxy and the servers run on the same two.
  console.log(`the machine during those median runs, in cores of its ${availableParallelism()}:`);
  for (const line of machineLines) console.log(line);
} finally {
  await Promise.all(proxies.map((p) => p.close()));
  await Promise.all(servers.map((sv) => sv.stop()));
  rmSync(scratch, { recursive: true, force: true });
}
