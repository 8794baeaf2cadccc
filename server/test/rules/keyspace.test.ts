import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze, resultsOf, resultsOnSnapshot } from '../harness/rule-check.js';
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

/** Writes `count` keys prefix:1..count in one script call, with a TTL when `ttl` is given. */
async function fill(redis: RedisProcess, count: number, prefix: string, ttl = 0, db = 0): Promise<void> {
  await redis.cli(
    '-n',
    db,
    'EVAL',
    "for i = 1, tonumber(ARGV[1]) do if tonumber(ARGV[3]) > 0 then redis.call('SET', ARGV[2] .. ':' .. i, 'v', 'EX', ARGV[3]) else redis.call('SET', ARGV[2] .. ':' .. i, 'v') end end return 1",
    0,
    count,
    prefix,
    ttl
  );
}

test('KEY-201 passes with keys in one database and fires once a second database holds keys', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await fill(redis, 10, 'a');
  assert.equal(only(await resultsOf('KEY-201', [redis.url]), redis.address).status, 'passed');

  await fill(redis, 5, 'b', 0, 3);
  const fired = only(await resultsOf('KEY-201', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.match(fired.message, /2 logical databases: db0, db3/);
  assert.deepEqual(Object.keys(fired.evidence.keyspace as object).sort(), ['db0', 'db3']);
});

test('KEY-202 counts keys across databases against its default and its label', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await fill(redis, 1500, 'a');
  await fill(redis, 600, 'b', 0, 1);
  const { fleet, results } = await analyze([redis.url]);
  // 2100 keys: far below the one-million default.
  assert.equal(
    only(
      results.filter((r) => r.ruleId === 'KEY-202'),
      redis.address
    ).status,
    'passed'
  );
  const fired = only(resultsOnSnapshot('KEY-202', fleet, { labels: { key_count_threshold: '2000' } }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.keys, 2100);
  assert.equal(
    only(resultsOnSnapshot('KEY-202', fleet, { labels: { key_count_threshold: '2101' } }), redis.address).status,
    'passed'
  );
  // The default is a param; the label overrides it per target.
  assert.equal(only(withParams('KEY-202', { max_keys: '2000' }, fleet), redis.address).status, 'fired');
  assert.equal(
    only(withParams('KEY-202', { max_keys: '2000' }, fleet, { key_count_threshold: '5000' }), redis.address).status,
    'passed'
  );
});

test('KEY-203 fires on a cache whose keys mostly have no TTL, passes once they expire, needs the workload label', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const cache = { workload: 'cache' };
  await fill(redis, 1500, 'permanent');
  await fill(redis, 500, 'session', 3600);
  const fired = only(await resultsOf('KEY-203', [redis.url], { labels: cache }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.keys, 2000);
  assert.equal(fired.evidence.keys_with_ttl, 500);
  assert.match(fired.message, /^1500 of 2000 keys on a cache have no TTL \(more than 50%\)/);

  const { fleet } = await analyze([redis.url], { labels: cache });
  const unlabelled = only(resultsOnSnapshot('KEY-203', fleet), redis.address);
  assert.equal(unlabelled.status, 'not_evaluated');
  assert.match(unlabelled.reason!, /workload/);
  assert.equal(
    only(resultsOnSnapshot('KEY-203', fleet, { labels: { workload: 'datastore' } }), redis.address).status,
    'passed'
  );
  // A stricter share than the data (80% without TTL allowed) passes.
  assert.equal(
    only(resultsOnSnapshot('KEY-203', fleet, { labels: { ...cache, cache_no_ttl_percent: '80' } }), redis.address)
      .status,
    'passed'
  );
  assert.equal(only(withParams('KEY-203', { no_ttl_percent: '80' }, fleet, cache), redis.address).status, 'passed');
  assert.equal(only(withParams('KEY-203', { min_keys: '5000' }, fleet, cache), redis.address).status, 'passed');

  // Give most of the permanent keys a TTL: 1200 of 2000 now expire.
  await redis.cli('EVAL', "for i = 1, 700 do redis.call('EXPIRE', 'permanent:' .. i, 3600) end return 1", 0);
  assert.equal(only(await resultsOf('KEY-203', [redis.url], { labels: cache }), redis.address).status, 'passed');
});

test('KEY-203 stays quiet on a small cache', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await fill(redis, 200, 'permanent');
  assert.equal(
    only(await resultsOf('KEY-203', [redis.url], { labels: { workload: 'cache' } }), redis.address).status,
    'passed'
  );
});
