import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { analyze, builtinCatalog, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import { withOverrides } from '../../rules/catalog-overrides.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import type { RuleResult } from '../../rules/results.js';

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

async function persistence(redis: RedisProcess): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const line of (await redis.cli('INFO', 'persistence')).split('\n')) {
    const [k, v] = line.trim().split(':');
    if (v !== undefined && /^\d+$/.test(v)) out[k] = Number(v);
  }
  return out;
}

test('PERSIST-201 fires when the last snapshot is older than the limit with changes pending, passes after BGSAVE', async (t) => {
  // save "" and appendonly no (the harness default): nothing is ever saved by itself.
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const limit = { backup_max_age_seconds: '2' };
  assert.equal(only(await resultsOf('PERSIST-201', [redis.url], { labels: limit }), redis.address).status, 'passed');

  await redis.cli('SET', 'k', 'v');
  const serverSeconds = async () =>
    Math.floor(Number(/server_time_usec:(\d+)/.exec(await redis.cli('INFO', 'server'))![1]) / 1e6);
  await waitFor('the last save to be 3 s old', async () =>
    (await serverSeconds()) - (await persistence(redis)).rdb_last_save_time > 3 ? true : undefined
  );
  const { fleet, results } = await analyze([redis.url], { labels: limit });
  const fired = only(
    results.filter((r) => r.ruleId === 'PERSIST-201'),
    redis.address
  );
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning', 'no AOF: a restart loses every change since');
  assert.equal(fired.evidence.rdb_changes_since_last_save, 1);
  assert.ok((fired.evidence.seconds_since_last_save as number) > 2);
  assert.match(fired.message, /\(limit 2 s\) with 1 changes since and no AOF: a restart loses them$/);
  // The 48-hour default is far away; the operator's own limit is a parameter (--set PERSIST-201.max_age_seconds=2).
  assert.equal(only(resultsOnSnapshot('PERSIST-201', fleet), redis.address).status, 'passed');
  const strict = withOverrides(builtinCatalog(), [
    { tenantId: 't', ruleId: 'PERSIST-201', enabled: true, params: { max_age_seconds: 2 } },
  ]);
  const byParam = evaluateCatalog(strict, { fleet }).filter((r) => r.ruleId === 'PERSIST-201');
  assert.equal(only(byParam, redis.address).status, 'fired');
  // A cache can be rebuilt from its source.
  assert.equal(
    statusOn(resultsOnSnapshot('PERSIST-201', fleet, { labels: { ...limit, workload: 'cache' } }), redis.address),
    'absent'
  );
  // With an AOF the changes are on disk: a notice.
  await redis.cli('CONFIG', 'SET', 'appendonly', 'yes');
  const withAof = only(await resultsOf('PERSIST-201', [redis.url], { labels: limit }), redis.address);
  assert.equal(withAof.status, 'fired');
  assert.equal(withAof.severity, 'notice');
  assert.match(withAof.message, /the AOF holds them$/);

  // Turning the AOF on started a rewrite; a plain BGSAVE during it is refused (the test then waited in vain
  // whenever the rewrite was slower than this line), SCHEDULE runs it once the rewrite is done.
  await redis.cli('BGSAVE', 'SCHEDULE');
  await waitFor('the snapshot', async () => {
    const p = await persistence(redis);
    return p.rdb_bgsave_in_progress === 0 && p.rdb_changes_since_last_save === 0 ? true : undefined;
  });
  assert.equal(only(await resultsOf('PERSIST-201', [redis.url], { labels: limit }), redis.address).status, 'passed');
});

test('PERSIST-202 fires on a standalone datastore without persistence, follows the labels, passes with AOF', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const datastore = { workload: 'datastore' };
  assert.equal(
    only(await resultsOf('PERSIST-202', [redis.url], { labels: datastore }), redis.address).status,
    'passed'
  );

  await redis.cli('SET', 'order:1', 'v');
  const { fleet } = await analyze([redis.url]);
  const fired = only(resultsOnSnapshot('PERSIST-202', fleet, { labels: datastore }), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'critical');
  assert.equal(fired.evidence.keys, 1);
  const on = (labels: Record<string, string>) =>
    statusOn(resultsOnSnapshot('PERSIST-202', fleet, { labels }), redis.address);
  assert.equal(on({ workload: 'queue' }), 'fired');
  assert.equal(on({ persistence_required: 'yes' }), 'fired');
  assert.equal(on({ workload: 'datastore', persistence_required: 'no' }), 'passed');
  assert.equal(on({ workload: 'cache' }), 'absent');
  assert.equal(on({}), 'absent');

  await redis.cli('CONFIG', 'SET', 'appendonly', 'yes');
  assert.equal(
    only(await resultsOf('PERSIST-202', [redis.url], { labels: datastore }), redis.address).status,
    'passed'
  );
});
