import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze, resultsOf, statusOn } from '../harness/rule-check.js';
import type { RuleResult } from '../../rules/results.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

test('DS-001 passes at the defaults and inside the 4x band, fires beyond it', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const check = async () => only(await resultsOf('DS-001', [redis.url]), redis.address);
  const set = (directive: string, value: string | number) => redis.cli('CONFIG', 'SET', directive, String(value));

  assert.equal((await check()).status, 'passed');

  // Inside the band (up to 4x / down to 1/4 of the default) is a legitimate tuning choice.
  await set('hash-max-listpack-entries', 2048); // 4x 512
  await set('zset-max-listpack-value', 16); // 1/4 of 64
  await set('list-max-listpack-size', -4); // 32 KB nodes, 4x the 8 KB default
  await set('list-compress-depth', 1);
  assert.equal((await check()).status, 'passed');

  // Beyond it. CONFIG GET * also answers the old ziplist alias with the same value:
  // each setting must be reported once.
  await set('hash-max-listpack-entries', 4096);
  let result = await check();
  assert.equal(result.status, 'fired');
  assert.deepEqual(result.evidence.far_from_default, ['hash-max-listpack-entries=4096 (default 512)']);
  assert.match(result.message, /more than 4x .*: hash-max-listpack-entries=4096 \(default 512\)$/);
  // The factor is policy: --set DS-001.factor=16 accepts 8x.
  const { fleet } = await analyze([redis.url]);
  const wide = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { 'DS-001': { factor: '16' } } });
  assert.equal(
    statusOn(
      evaluateCatalog(wide, { fleet }).filter((r) => r.ruleId === 'DS-001'),
      redis.address
    ),
    'passed'
  );
  await set('hash-max-listpack-entries', 512);

  await set('zset-max-listpack-value', 15); // below 1/4 of 64
  await set('list-max-listpack-size', -5); // 64 KB nodes, 8x
  await set('stream-node-max-entries', 0); // 0 = unlimited
  result = await check();
  assert.equal(result.status, 'fired');
  assert.deepEqual(result.evidence.far_from_default, [
    'zset-max-listpack-value=15 (default 64)',
    'stream-node-max-entries=0 (default 100)',
    'list-max-listpack-size=-5 (default -2)',
  ]);
  await set('zset-max-listpack-value', 64);
  await set('stream-node-max-entries', 100);

  // Positive list sizes count entries: 32..512 is the band (about 128 x 64-byte entries per 8 KB node).
  await set('list-max-listpack-size', 128);
  assert.equal((await check()).status, 'passed');
  await set('list-max-listpack-size', 8);
  assert.deepEqual((await check()).evidence.far_from_default, ['list-max-listpack-size=8 (default -2)']);
  await set('list-max-listpack-size', -2);

  await set('list-compress-depth', 5);
  assert.deepEqual((await check()).evidence.far_from_default, ['list-compress-depth=5 (default 0)']);
  await set('list-compress-depth', 0);
  assert.equal(statusOn(await resultsOf('DS-001', [redis.url]), redis.address), 'passed');
});
