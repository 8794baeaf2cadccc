/**
 * The sidecar's evaluation threads (analysis/derivation-pool.ts) derive exactly what the calling thread
 * derives from a fleet collected from a real redis-server, and a thread that fails fails only its own work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { collectTargets } from '../../analysis/analyze-fleet.js';
import { deriveAnalysis, type DerivationRequest } from '../../analysis/analysis-derivation.js';
import { DerivationPool } from '../../analysis/derivation-pool.js';
import { parseTargetUrl } from '../../collect/target-url.js';
import { BUILTIN_RULES_DIR } from '../../rules/catalog-loader.js';
import { builtinCatalog } from '../harness/rule-check.js';

const CATALOG = { dirs: [BUILTIN_RULES_DIR] };

async function collectTwice(redis: RedisProcess): Promise<DerivationRequest> {
  const collect = () =>
    collectTargets([parseTargetUrl(`redis://${redis.address}`)], { connectTimeoutMs: 15000, commandTimeoutMs: 15000 });
  const first = await collect();
  // Between the two: a changed directive (a config drift) and commands (rates from commandstats).
  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
  await redis.cli('SET', 'derivation:key', 'value');
  const second = await collect();
  return {
    fleet: second.fleet,
    previousJson: JSON.stringify(first.fleet),
    labels: { environment: 'production' },
    overrides: [{ tenantId: 'payments', ruleId: 'SEC-101', enabled: false }],
  };
}

test('a worker thread derives from a real fleet exactly what this thread derives', async (t) => {
  const redis = await RedisProcess.start({ config: { 'protected-mode': 'no' } });
  t.after(() => redis.stop());
  const pool = await DerivationPool.start({ catalog: CATALOG, threads: 2 });
  t.after(() => pool.close());
  const request = await collectTwice(redis);

  const here = deriveAnalysis(builtinCatalog(), request);
  const [there, again] = await Promise.all([pool.derive(request), pool.derive(request)]);
  assert.ok(here.results.length > 50, 'the catalog was evaluated');
  assert.ok(here.results.some((r) => r.status === 'fired'));
  assert.ok(!here.results.some((r) => r.ruleId === 'SEC-101'), 'the tenant override applies');
  assert.ok(here.changes.some((c) => c.directive === 'maxmemory-policy'));
  assert.ok(here.samples.some((s) => s.metric === 'cmd_calls_per_sec:set'));
  assert.deepEqual(there, here);
  assert.deepEqual(again, here);
});

test('a catalog a thread cannot load fails the pool at start, with the reason', async () => {
  await assert.rejects(
    DerivationPool.start({ catalog: { dirs: ['/nonexistent/redislens-rules'] }, threads: 1 }),
    /rule evaluation thread stopped: .*\/nonexistent\/redislens-rules/
  );
});

test('a thread that dies fails only its own derivations, with the reason, and the next one gets a new thread', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const pool = await DerivationPool.start({
    catalog: CATALOG,
    threads: 1,
    resourceLimits: { maxOldGenerationSizeMb: 96 },
  });
  t.after(() => pool.close());
  const request = await collectTwice(redis);
  // A fleet far beyond the thread's heap: the thread runs out of memory while it reads it.
  const huge = { ...request, previousJson: JSON.stringify({ nodes: Array.from({ length: 3e6 }, (_, i) => ({ i })) }) };
  await assert.rejects(pool.derive(huge), /rule evaluation thread stopped: .*memory/i);
  const after = await pool.derive(request);
  assert.deepEqual(after, deriveAnalysis(builtinCatalog(), request));
});
