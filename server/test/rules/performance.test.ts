import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import type { RuleResult } from '../../rules/results.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { Labels } from '../../rules/evaluation-context.js';

/** One rule's results on a snapshot with `--set RULE.param=value` overrides. */
function withParams(ruleId: string, params: Record<string, string>, fleet: FleetSnapshot, labels: Labels = {}) {
  const catalog = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { [ruleId]: params } });
  return evaluateCatalog(catalog, { fleet, labels }).filter((r) => r.ruleId === ruleId);
}

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

const LAZYFREE = [
  'lazyfree-lazy-eviction',
  'lazyfree-lazy-expire',
  'lazyfree-lazy-server-del',
  'lazyfree-lazy-user-del',
  'lazyfree-lazy-user-flush',
];

test('PERF-001 fires when disable-thp is no and passes with the default yes', async (t) => {
  // disable-thp is immutable (no CONFIG SET): two processes.
  const [off, on] = await Promise.all([RedisProcess.start({ config: { 'disable-thp': 'no' } }), RedisProcess.start()]);
  t.after(() => Promise.all([off.stop(), on.stop()]));
  const results = await resultsOf('PERF-001', [off.url, on.url]);
  assert.equal(statusOn(results, off.address), 'fired');
  assert.equal(only(results, off.address).evidence.disable_thp, false);
  assert.equal(statusOn(results, on.address), 'passed');
});

test('PERF-002 fires for io-threads on fewer than 4 cores, passes otherwise, needs cpu_cores', async (t) => {
  // io-threads is immutable: one threaded process, one default.
  const [threaded, single] = await Promise.all([
    RedisProcess.start({ config: { 'io-threads': 2 } }),
    RedisProcess.start(),
  ]);
  t.after(() => Promise.all([threaded.stop(), single.stop()]));
  const { fleet } = await analyze([threaded.url, single.url]);
  const on = (cores: string | undefined, address: string) =>
    only(resultsOnSnapshot('PERF-002', fleet, cores ? { labels: { cpu_cores: cores } } : {}), address);

  const fired = on('2', threaded.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.io_threads, 2);
  assert.equal(fired.evidence.cpu_cores, 2);
  assert.equal(on('8', threaded.address).status, 'passed');
  // The core count is policy: an operator who benchmarked 2 threads on 2 cores lowers it.
  assert.equal(
    only(withParams('PERF-002', { min_cores: '2' }, fleet, { cpu_cores: '2' }), threaded.address).status,
    'passed'
  );
  assert.equal(on('2', single.address).status, 'passed');
  const unlabelled = on(undefined, threaded.address);
  assert.equal(unlabelled.status, 'not_evaluated');
  assert.match(unlabelled.reason!, /cpu_cores/);
});

test('PERF-003 fires when lazy freeing is off on a large-keys workload and passes when on', async (t) => {
  // All five off explicitly: Redis 7.0's defaults, stated so the test holds on releases with other defaults.
  const redis = await RedisProcess.start({ config: Object.fromEntries(LAZYFREE.map((d) => [d, 'no'])) });
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  const fired = only(resultsOnSnapshot('PERF-003', fleet, { labels: { large_keys: 'yes' } }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.deepEqual(fired.evidence.synchronous, LAZYFREE);
  assert.equal(
    only(resultsOnSnapshot('PERF-003', fleet, { labels: { large_keys: 'no' } }), redis.address).status,
    'passed'
  );
  const unlabelled = only(resultsOnSnapshot('PERF-003', fleet), redis.address);
  assert.equal(unlabelled.status, 'not_evaluated');
  assert.match(unlabelled.reason!, /large_keys/);

  // One switch left off is enough to fire; all on passes.
  for (const directive of LAZYFREE.slice(0, 4)) await redis.cli('CONFIG', 'SET', directive, 'yes');
  const partly = only(await resultsOf('PERF-003', [redis.url], { labels: { large_keys: 'yes' } }), redis.address);
  assert.equal(partly.status, 'fired');
  assert.deepEqual(partly.evidence.synchronous, ['lazyfree-lazy-user-flush']);
  assert.match(partly.message, /lazyfree-lazy-user-flush is no/);
  await redis.cli('CONFIG', 'SET', 'lazyfree-lazy-user-flush', 'yes');
  assert.equal(
    statusOn(await resultsOf('PERF-003', [redis.url], { labels: { large_keys: 'yes' } }), redis.address),
    'passed'
  );
});

test('PERF-004 fires for busy-reply-threshold 0 or above 10 s and passes at the default', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  assert.equal(statusOn(await resultsOf('PERF-004', [redis.url]), redis.address), 'passed');

  await redis.cli('CONFIG', 'SET', 'busy-reply-threshold', '0');
  let result = only(await resultsOf('PERF-004', [redis.url]), redis.address);
  assert.equal(result.status, 'fired');
  assert.equal(result.evidence.threshold_ms, 0);
  assert.match(result.message, /^busy-reply-threshold is 0 ms \(off/);

  // lua-time-limit is the old name of the same setting.
  await redis.cli('CONFIG', 'SET', 'lua-time-limit', '20000');
  result = only(await resultsOf('PERF-004', [redis.url]), redis.address);
  assert.equal(result.status, 'fired');
  assert.equal(result.evidence.threshold_ms, 20000);
  assert.match(result.message, /above 10000 ms/);
  const { fleet } = await analyze([redis.url]);
  assert.equal(only(withParams('PERF-004', { max_ms: '30000' }, fleet), redis.address).status, 'passed');

  await redis.cli('CONFIG', 'SET', 'busy-reply-threshold', '10000');
  assert.equal(statusOn(await resultsOf('PERF-004', [redis.url]), redis.address), 'passed');
});

test('PERF-005 is not applicable on Redis 7 (no gopher-enabled) and fires on a recorded 6.x snapshot', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const { fleet, results } = await analyze([redis.url]);
  assert.equal(fleet.nodes[0].config!['gopher-enabled'], undefined);
  assert.equal(
    statusOn(
      results.filter((r) => r.ruleId === 'PERF-005'),
      redis.address
    ),
    'absent'
  );

  // Recorded snapshot: gopher-enabled exists only in Redis 6.x and only 7.0.15 is installed here.
  // The real snapshot gets the directive as CONFIG GET on 6.x reports it (typed yes -> true).
  const gopherOn = structuredClone(fleet);
  gopherOn.nodes[0].config!['gopher-enabled'] = true;
  const fired = only(resultsOnSnapshot('PERF-005', gopherOn), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.gopher_enabled, true);
  const gopherOff = structuredClone(fleet);
  gopherOff.nodes[0].config!['gopher-enabled'] = false;
  assert.equal(statusOn(resultsOnSnapshot('PERF-005', gopherOff), redis.address), 'passed');
});
