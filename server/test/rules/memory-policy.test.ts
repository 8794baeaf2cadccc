import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze, builtinCatalog, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import { withOverrides } from '../../rules/catalog-overrides.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import type { RuleResult } from '../../rules/results.js';

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

async function fill(redis: RedisProcess, count: number, size: number, prefix: string): Promise<void> {
  await redis.cli(
    'EVAL',
    "local v = string.rep('x', tonumber(ARGV[2])) for i = 1, tonumber(ARGV[1]) do redis.call('SET', ARGV[3] .. ':' .. i, v) end return 1",
    0,
    count,
    size,
    prefix
  );
}

test('MEM-201 needs history, fires on real evictions where none are expected, and leaves datastores to MEM-108', async (t) => {
  const redis = await RedisProcess.start({ config: { maxmemory: '4mb', 'maxmemory-policy': 'allkeys-lru' } });
  t.after(() => redis.stop());
  const strict = { evictions_expected: 'no' };
  const first = await analyze([redis.url], { labels: strict });
  const noHistory = only(
    first.results.filter((r) => r.ruleId === 'MEM-201'),
    redis.address
  );
  assert.equal(noHistory.status, 'not_evaluated');
  assert.match(noHistory.reason!, /earlier snapshot/);

  for (let i = 0; i < 6; i++) await fill(redis, 1000, 1000, `batch${i}`);
  assert.match(await redis.cli('INFO', 'stats'), /evicted_keys:[1-9]/);
  await redis.cli('CONFIG', 'SET', 'maxmemory', '200mb');

  const second = await analyze([redis.url], { labels: strict, previous: first.fleet });
  const fired = only(
    second.results.filter((r) => r.ruleId === 'MEM-201'),
    redis.address
  );
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.match(
    fired.message,
    /^\d+ keys evicted in the last [\d.]+ s where no eviction is expected \(maxmemory 209715200 bytes, policy allkeys-lru\)$/
  );
  assert.equal(fired.evidence.evicted_keys_before, 0);
  assert.ok((fired.evidence.evicted_keys_now as number) > 0);

  const on = (labels: Record<string, string>) =>
    statusOn(resultsOnSnapshot('MEM-201', second.fleet, { labels, previous: first.fleet }), redis.address);
  assert.equal(on({ workload: 'session' }), 'fired');
  assert.equal(on({ workload: 'session', evictions_expected: 'yes' }), 'absent');
  assert.equal(on({ workload: 'cache' }), 'absent');
  assert.equal(on({}), 'absent');
  // Datastores and queues are MEM-108's (critical) case.
  assert.equal(on({ workload: 'datastore', evictions_expected: 'no' }), 'absent');

  const third = await analyze([redis.url], { labels: strict, previous: second.fleet });
  assert.equal(
    statusOn(
      third.results.filter((r) => r.ruleId === 'MEM-201'),
      redis.address
    ),
    'passed'
  );
});

test('MEM-202 fires on a shared host without maxmemory and passes with a limit', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const shared = { shared_host: 'yes' };
  const { fleet } = await analyze([redis.url]);
  assert.equal(statusOn(resultsOnSnapshot('MEM-202', fleet), redis.address), 'absent');
  assert.equal(
    statusOn(resultsOnSnapshot('MEM-202', fleet, { labels: { shared_host: 'no' } }), redis.address),
    'passed'
  );
  const fired = only(resultsOnSnapshot('MEM-202', fleet, { labels: shared }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.maxmemory, 0);

  await redis.cli('CONFIG', 'SET', 'maxmemory', '100mb');
  assert.equal(only(await resultsOf('MEM-202', [redis.url], { labels: shared }), redis.address).status, 'passed');
});

test('MEM-203 fires on a cache with noeviction and a limit, passes with allkeys-lru or on a datastore', async (t) => {
  const redis = await RedisProcess.start({ config: { maxmemory: '100mb', 'maxmemory-policy': 'noeviction' } });
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  const fired = only(resultsOnSnapshot('MEM-203', fleet, { labels: { workload: 'cache' } }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.maxmemory_policy, 'noeviction');
  assert.equal(
    statusOn(resultsOnSnapshot('MEM-203', fleet, { labels: { workload: 'datastore' } }), redis.address),
    'passed'
  );
  const unlabelled = only(resultsOnSnapshot('MEM-203', fleet), redis.address);
  assert.equal(unlabelled.status, 'not_evaluated');
  assert.match(unlabelled.reason!, /workload/);

  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
  assert.equal(
    only(await resultsOf('MEM-203', [redis.url], { labels: { workload: 'cache' } }), redis.address).status,
    'passed'
  );
});

test('MEM-204 passes on a real instance; fires on a recorded host whose RAM is 95% used by Redis', async (t) => {
  const redis = await RedisProcess.start({ config: { maxmemory: '100mb' } });
  t.after(() => redis.stop());
  const { fleet, results } = await analyze([redis.url]);
  assert.equal(
    only(
      results.filter((r) => r.ruleId === 'MEM-204'),
      redis.address
    ).status,
    'passed'
  );

  // Recorded: the test host cannot be filled to 95% of its RAM.
  const full = structuredClone(fleet);
  const memory = full.nodes[0].info!.memory;
  memory.used_memory_rss = Math.round(Number(memory.total_system_memory) * 0.95);
  const fired = only(resultsOnSnapshot('MEM-204', full), redis.address);
  assert.equal(fired.status, 'fired');
  assert.match(fired.message, /9[45]\.\d*% of the host's \d+ bytes although maxmemory is 104857600 bytes/);
  // The operator's own threshold (--set MEM-204.host_share=0.97).
  const lenient = withOverrides(builtinCatalog(), [
    { tenantId: 't', ruleId: 'MEM-204', enabled: true, params: { host_share: 0.97 } },
  ]);
  assert.equal(
    only(
      evaluateCatalog(lenient, { fleet: full }).filter((r) => r.ruleId === 'MEM-204'),
      redis.address
    ).status,
    'passed'
  );
  // Without a limit it is MEM-101's case.
  full.nodes[0].config!.maxmemory = 0;
  assert.equal(only(resultsOnSnapshot('MEM-204', full), redis.address).status, 'passed');
});
