/**
 * SLOW-301..303 and STREAM-301..303 on a real redis-server: the test runs slow commands and builds streams
 * and consumer groups through its own client. The rules apply only where inspect.slowlog / inspect.streams
 * are on; slow-log arguments and stream entries never reach the snapshot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze, builtinCatalog, statusOn } from '../harness/rule-check.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import { withOverrides } from '../../rules/catalog-overrides.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';

const IDS = ['SLOW-301', 'SLOW-302', 'SLOW-303', 'STREAM-301', 'STREAM-302', 'STREAM-303'];

function one(fleet: FleetSnapshot, id: string, address: string, params: Record<string, number> = {}) {
  const catalog = withOverrides(builtinCatalog(), [{ tenantId: 't', ruleId: id, enabled: true, params } as never]);
  const mine = evaluateCatalog(catalog, { fleet }).filter((r) => r.ruleId === id && r.target === address);
  assert.equal(mine.length, 1, id);
  return mine[0];
}

test('slow log and stream rules: absent when off, passed when quiet, fired by real commands', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const inspect = { slowlog: true, streams: true };

  const off = await analyze([redis.url]);
  for (const id of IDS)
    assert.equal(
      statusOn(
        off.results.filter((r) => r.ruleId === id),
        redis.address
      ),
      'absent'
    );
  const quiet = await analyze([redis.url], { inspect });
  for (const id of IDS)
    assert.equal(
      statusOn(
        quiet.results.filter((r) => r.ruleId === id),
        redis.address
      ),
      'passed',
      id
    );

  // Everything is slow for a moment: KEYS, an inline script, and a dozen SETs with a telling key and value.
  await redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
  await redis.cli('KEYS', 'nothing-*');
  await redis.cli('EVAL', "return 'script-text-marker'", '0');
  for (let i = 0; i < 12; i++) await redis.cli('SET', `slowkey-marker-${i}`, `slowvalue-marker-${i}`, 'EX', '600');
  await redis.cli('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');

  // A stream of 20 entries: one group nobody consumes (from the start), one created at the end whose consumer
  // took the one entry added since and went quiet.
  for (let i = 0; i < 20; i++) await redis.cli('XADD', 'orders-marker', '*', 'payload', `entry-marker-${i}`);
  await redis.cli('XGROUP', 'CREATE', 'orders-marker', 'abandoned-marker', '0');
  await redis.cli('XGROUP', 'CREATE', 'orders-marker', 'workers-marker', '$');
  await redis.cli('XADD', 'orders-marker', '*', 'payload', 'entry-marker-late');
  await redis.cli(
    'XREADGROUP',
    'GROUP',
    'workers-marker',
    'consumer-marker',
    'COUNT',
    '5',
    'STREAMS',
    'orders-marker',
    '>'
  );

  const { fleet, results } = await analyze([redis.url], { inspect });
  const inspection = fleet.nodes[0].inspection!;
  assert.deepEqual(inspection.failures, {});
  assert.doesNotMatch(JSON.stringify(inspection), /marker/, 'no argument, key, entry or group name kept');
  const set = inspection.slowCommands!.find((c) => c.command === 'set')!;
  assert.equal(set.count, 12);
  assert.equal(set.maxArgs, 4, 'SET key value EX 600: four arguments, counted, not kept');

  const status = (id: string) =>
    statusOn(
      results.filter((r) => r.ruleId === id),
      redis.address
    );
  const dangerous = one(fleet, 'SLOW-301', redis.address);
  assert.equal(dangerous.status, 'fired');
  assert.match(dangerous.message, /^the slow log holds keys 1x/);
  const pattern = one(fleet, 'SLOW-302', redis.address);
  assert.equal(pattern.status, 'fired', pattern.reason);
  assert.match(pattern.message, /^set makes 12 of the \d+ slow log entries read .* up to 4 arguments\)$/);
  assert.equal(status('SLOW-303'), 'fired');

  const orphan = one(fleet, 'STREAM-301', redis.address);
  assert.equal(orphan.status, 'fired', orphan.reason);
  assert.match(orphan.message, /stream [0-9a-f]{16} group [0-9a-f]{16} \(0 pending, lag 21\)/);
  // The consumer has been idle for milliseconds: not gone by the default 5 minutes, gone at 0.
  assert.equal(status('STREAM-302'), 'passed');
  const stuck = one(fleet, 'STREAM-302', redis.address, { idle_ms: 0 });
  assert.equal(stuck.status, 'fired', stuck.reason);
  assert.match(stuck.message, /: 1 pending, idle \d+ s$/, 'the one entry added after the group was created');
  assert.equal(status('STREAM-303'), 'passed');
  const behind = one(fleet, 'STREAM-303', redis.address, { lag: 10 });
  assert.equal(behind.status, 'fired', behind.reason);
  assert.match(behind.message, /lag 21 of 21$/);

  // The abandoned group is destroyed; a group without consumers on a stream with a deleted entry ahead of it:
  // Redis reports its lag as null, so whether entries wait cannot be judged (not_evaluated, never passed).
  await redis.cli('XGROUP', 'DESTROY', 'orders-marker', 'abandoned-marker');
  for (let i = 1; i <= 5; i++) await redis.cli('XADD', 'gaps-marker', `${i}-0`, 'payload', `gap-marker-${i}`);
  await redis.cli('XGROUP', 'CREATE', 'gaps-marker', 'gap-group-marker', '0');
  await redis.cli('XDEL', 'gaps-marker', '3-0');
  const gaps = await analyze([redis.url], { inspect });
  const gapGroup = gaps.fleet.nodes[0].inspection!.streams!.flatMap((st) => st.groups).filter((g) => g.lag === null);
  assert.equal(gapGroup.length, 1, 'the real 7.0.15 reports no lag for that group');
  for (const id of ['STREAM-301', 'STREAM-303']) {
    const r = one(gaps.fleet, id, redis.address);
    assert.equal(r.status, 'not_evaluated', id);
    assert.match(r.reason ?? '', /1 stream\(s\) have .*lag Redis does not report/, id);
  }
});
