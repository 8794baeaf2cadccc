import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { resultsOf, statusOn } from '../harness/rule-check.js';

test('CLIENT-001 fires when the replica buffer limit is below repl-backlog-size', async (t) => {
  const redis = await RedisProcess.start({ config: { 'repl-backlog-size': '512mb' } });
  t.after(() => redis.stop());
  const results = await resultsOf('CLIENT-001', [redis.url]);
  assert.equal(statusOn(results, redis.address), 'fired');
  assert.equal(results[0].evidence.repl_backlog_size, 512 * 1024 * 1024);
});

test('CLIENT-001 passes when the replica buffer limit exceeds the backlog', async (t) => {
  const redis = await RedisProcess.start({ config: { 'repl-backlog-size': '1mb', 'client-output-buffer-limit': 'replica 256mb 64mb 60' } });
  t.after(() => redis.stop());
  assert.equal(statusOn(await resultsOf('CLIENT-001', [redis.url]), redis.address), 'passed');
});

test('CLIENT-005 fires when timeout is 0 and passes when set', async (t) => {
  const redis = await RedisProcess.start({ config: { timeout: 0 } });
  t.after(() => redis.stop());
  assert.equal(statusOn(await resultsOf('CLIENT-005', [redis.url]), redis.address), 'fired');
  await redis.cli('CONFIG', 'SET', 'timeout', '300');
  assert.equal(statusOn(await resultsOf('CLIENT-005', [redis.url]), redis.address), 'passed');
});
