/**
 * The sidecar's analysis threads (analysis/analysis-pool.ts) collect a real redis-server and derive from
 * what they collected exactly what the calling thread derives from it; the target policy's check runs on the
 * calling thread and its refusal reaches the node; progress is told; a thread that fails fails only its own work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { collectTargets } from '../../analysis/analyze-fleet.js';
import { deriveAnalysis, inThreadAnalyzer, type AnalysisRequest } from '../../analysis/analysis-derivation.js';
import { AnalysisPool } from '../../analysis/analysis-pool.js';
import { CollectError } from '../../collect/errors.js';
import type { DiscoveryProgress } from '../../collect/discovery.js';
import { formatEndpoint, parseTargetUrl, type Endpoint } from '../../collect/target-url.js';
import { BUILTIN_RULES_DIR } from '../../rules/catalog-loader.js';
import { builtinCatalog } from '../harness/rule-check.js';
import { decodeReport } from '../../store/report-encoding.js';
import { storedFleet } from '../../store/stored-fleet.js';
import { packFleet, unpackFleet } from '../../analysis/packed-fleet.js';
import type { AnalysisReport } from '../../analysis/analysis-report.js';

const CATALOG = { dirs: [BUILTIN_RULES_DIR] };
const TIMEOUTS = { connectTimeoutMs: 15000, commandTimeoutMs: 15000 };

/** A request whose previous fleet differs: a changed directive (a config drift) and commands (rates). */
async function requestAfterChanges(redis: RedisProcess): Promise<AnalysisRequest> {
  const targets = [parseTargetUrl(`redis://${redis.address}`)];
  const first = await collectTargets(targets, TIMEOUTS);
  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
  await redis.cli('SET', 'derivation:key', 'value');
  return {
    targets,
    collect: TIMEOUTS,
    previous: packFleet(JSON.stringify(first.fleet)),
    labels: { environment: 'production' },
    overrides: [{ tenantId: 'payments', ruleId: 'SEC-101', enabled: false }],
  };
}

test('a worker thread collects a real redis and derives from it exactly what this thread derives', async (t) => {
  const redis = await RedisProcess.start({ config: { 'protected-mode': 'no' } });
  t.after(() => redis.stop());
  const pool = await AnalysisPool.start({ catalog: CATALOG, threads: 2 });
  t.after(() => pool.close());
  const request = await requestAfterChanges(redis);
  const guarded: string[] = [];
  const progress: DiscoveryProgress[] = [];
  const hooks = {
    connectGuard: async (endpoint: Endpoint) => (guarded.push(formatEndpoint(endpoint)), endpoint.host),
    onProgress: (event: DiscoveryProgress) => progress.push(event),
  };

  const [there, again] = await Promise.all([pool.analyze(request, hooks), pool.analyze(request, hooks)]);
  for (const analysis of [there, again]) {
    assert.equal(analysis.seedsReachable, true);
    // The fleet crosses as its JSON (what the store keeps) and is parsed only when read.
    assert.deepEqual(analysis.fleet, JSON.parse(analysis.stored.json));
    assert.deepEqual(analysis.stored, storedFleet(analysis.fleet));
    // Packed for the next analysis: the same fleet, in bytes of its own (not a view of a larger buffer).
    assert.deepEqual(unpackFleet(analysis.packed), analysis.fleet);
    assert.equal(analysis.packed.buffer.byteLength, analysis.packed.byteLength);
    assert.ok(analysis.packed.byteLength < analysis.stored.json.length / 2);
    assert.deepEqual(
      analysis.nodes,
      analysis.fleet.nodes.map((n) => ({ address: n.address, reachable: n.reachable }))
    );
    assert.equal(analysis.fleet.nodes[0].address, redis.address);
    const { targets: _targets, collect: _collect, ...derivation } = request;
    const here = deriveAnalysis(builtinCatalog(), { ...derivation, fleet: analysis.fleet });
    // The report crosses as its gzipped bytes, a Uint8Array on this side: the same bytes, and they decode.
    assert.deepEqual(Buffer.from(analysis.derivation.report.gzip), here.report.gzip);
    assert.deepEqual({ ...analysis.derivation, report: undefined }, { ...here, report: undefined });
    assert.ok((decodeReport(analysis.derivation.report.gzip) as AnalysisReport).findings.length > 0);
  }
  const { results, changes, samples } = there.derivation;
  assert.ok(results.length > 50, 'the catalog was evaluated');
  assert.ok(results.some((r) => r.status === 'fired'));
  assert.ok(!results.some((r) => r.ruleId === 'SEC-101'), 'the tenant override applies');
  assert.ok(changes.some((c) => c.directive === 'maxmemory-policy'));
  assert.ok(samples.some((s) => s.metric === 'cmd_calls_per_sec:set'));
  assert.deepEqual(guarded, [redis.address, redis.address], 'each thread asked this thread before connecting');
  assert.deepEqual(
    progress.map((p) => [p.address, p.done, p.reachable]),
    [
      [redis.address, 1, true],
      [redis.address, 1, true],
    ]
  );
});

test("the target policy's refusal on this thread is the node's failure in the thread, and nothing is sent", async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const pool = await AnalysisPool.start({ catalog: CATALOG, threads: 1 });
  t.after(() => pool.close());
  const before = Number(/total_connections_received:(\d+)/.exec(await redis.cli('INFO', 'stats'))![1]);
  const refused = await pool.analyze(
    { targets: [parseTargetUrl(`redis://${redis.address}`)], collect: TIMEOUTS, labels: {}, overrides: [] },
    {
      connectGuard: async () => {
        throw new CollectError('refused_by_policy', 'it is not in the allowed networks (10.0.0.0/8)');
      },
    }
  );
  assert.equal(refused.seedsReachable, false);
  assert.deepEqual(refused.fleet.nodes[0].error, {
    code: 'refused_by_policy',
    message: 'it is not in the allowed networks (10.0.0.0/8)',
  });
  const after = Number(/total_connections_received:(\d+)/.exec(await redis.cli('INFO', 'stats'))![1]);
  assert.equal(after, before + 1, 'only this test connected (INFO), the thread never did');

  // A check that fails otherwise (its resolver down, say) reads on the node as it does without a thread.
  const request = {
    targets: [parseTargetUrl(`redis://${redis.address}`)],
    collect: TIMEOUTS,
    labels: {},
    overrides: [],
  };
  const failing = {
    connectGuard: async (): Promise<string> => {
      throw new Error('the resolver did not answer');
    },
  };
  const there = await pool.analyze(request, failing);
  const here = await inThreadAnalyzer(builtinCatalog()).analyze(request, failing);
  assert.equal(there.seedsReachable, false);
  assert.deepEqual(there.fleet.nodes[0].error, here.fleet.nodes[0].error);
  assert.match(String(there.fleet.nodes[0].error?.message), /the resolver did not answer/);
});

test('a catalog a thread cannot load fails the pool at start, with the reason', async () => {
  await assert.rejects(
    AnalysisPool.start({ catalog: { dirs: ['/nonexistent/redislens-rules'] }, threads: 1 }),
    /analysis thread stopped: .*\/nonexistent\/redislens-rules/
  );
});

test('a thread that dies fails only its own analyses, with the reason, and the next one gets a new thread', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const pool = await AnalysisPool.start({
    catalog: CATALOG,
    threads: 1,
    resourceLimits: { maxOldGenerationSizeMb: 160 },
  });
  t.after(() => pool.close());
  const request = await requestAfterChanges(redis);
  // A previous fleet beyond the thread's heap (it takes ~170 MB): the thread runs out of memory while it reads
  // it. Just beyond: far beyond (a 96 MB limit), Node 20 now and then aborted the whole process while it tore
  // the thread down (a garbage collection in ~IsolateData over the limit), which is Node's to fix.
  const huge = {
    ...request,
    targets: [],
    previous: packFleet(JSON.stringify({ nodes: Array.from({ length: 3e6 }, (_, i) => ({ i })) })),
  };
  await assert.rejects(pool.analyze(huge, {}), /analysis thread stopped: .*memory/i);
  const after = await pool.analyze(request, {});
  assert.equal(after.seedsReachable, true);
  assert.ok(after.derivation.changes.some((c) => c.directive === 'maxmemory-policy'));
});
