/**
 * PERF-201..203 on a real redis-server: the test's own client runs the commands and provokes the errors
 * between two analyses, so INFO commandstats and errorstats really move.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze } from '../harness/rule-check.js';
import type { RuleResult } from '../../rules/results.js';

const PRODUCTION = { environment: 'production' };
// About 10-50 ms of Lua per call, on any machine this suite runs on.
const BUSY_SCRIPT = 'local i = 0 while i < 5000000 do i = i + 1 end return i';

function only(results: RuleResult[], id: string): RuleResult {
  const mine = results.filter((r) => r.ruleId === id);
  assert.equal(mine.length, 1, `${id}: one result, got ${mine.length}`);
  return mine[0];
}

test('command usage between snapshots: dangerous commands, slow commands and error types', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const client = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, enableReadyCheck: false });
  await client.connect();
  t.after(() => client.disconnect());

  const first = await analyze([redis.url], { labels: PRODUCTION });
  for (const id of ['PERF-201', 'PERF-202', 'PERF-203'])
    assert.equal(only(first.results, id).status, 'not_evaluated', `${id} needs history`);

  await client.set('app:1', 'x');
  await client.keys('app:*');
  await client.keys('app:*');
  await client.call('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
  for (let i = 0; i < 5; i++) await client.eval(BUSY_SCRIPT, 0);
  await client.call('CONFIG', 'SET', 'maxmemory', '1');
  for (let i = 0; i < 12; i++) await client.set(`app:${i}`, 'x').catch(() => undefined);
  await client.call('CONFIG', 'SET', 'maxmemory', '0');
  await client.flushdb();

  const busy = await analyze([redis.url], { labels: PRODUCTION, previous: first.fleet });
  const perf201 = only(busy.results, 'PERF-201');
  assert.equal(perf201.status, 'fired');
  assert.equal(perf201.severity, 'warning', 'KEYS and FLUSHDB stall or wipe the server');
  assert.equal(perf201.subject, 'KEYS, FLUSHDB, CONFIG|SET');
  assert.match(perf201.message, /^KEYS 2x, FLUSHDB 1x, CONFIG\|SET 3x in the last \d+ s/);

  const perf202 = only(busy.results, 'PERF-202');
  assert.equal(perf202.status, 'fired', perf202.message);
  assert.equal(perf202.subject, 'EVAL');
  assert.deepEqual((perf202.evidence.commands as { calls: number }[])[0].calls, 5);

  const perf203 = only(busy.results, 'PERF-203');
  assert.equal(perf203.status, 'fired');
  assert.equal(perf203.severity, 'critical', 'OOM: writes are refused now');
  assert.deepEqual(perf203.evidence.errors, [{ error: 'OOM', count: 12 }]);

  // A calm interval: nothing fires; outside production PERF-201 does not apply.
  const calm = await analyze([redis.url], { labels: PRODUCTION, previous: busy.fleet });
  for (const id of ['PERF-201', 'PERF-202', 'PERF-203']) assert.equal(only(calm.results, id).status, 'passed', id);
  const staging = await analyze([redis.url], { labels: { environment: 'staging' }, previous: busy.fleet });
  assert.equal(staging.results.filter((r) => r.ruleId === 'PERF-201').length, 0);

  // CONFIG RESETSTAT between snapshots: the interval counts from the reset, never negative.
  await client.keys('app:*');
  await client.call('CONFIG', 'RESETSTAT');
  await client.keys('app:*');
  const reset = await analyze([redis.url], { labels: PRODUCTION, previous: calm.fleet });
  const afterReset = only(reset.results, 'PERF-201');
  assert.equal(afterReset.evidence.counters_reset, true);
  assert.match(afterReset.message, /^KEYS 1x in the last/);

  // A planned CONFIG SET alone is a notice.
  await client.call('CONFIG', 'SET', 'timeout', '300');
  const planned = await analyze([redis.url], { labels: PRODUCTION, previous: reset.fleet });
  const configSet = only(planned.results, 'PERF-201');
  assert.equal(configSet.status, 'fired');
  assert.equal(configSet.severity, 'notice', 'CONFIG SET alone is how changes are applied');
  assert.match(configSet.message, /^CONFIG\|SET 1x in the last \d+ s$/);
});
