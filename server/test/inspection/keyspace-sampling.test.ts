/**
 * Key-space sampling (inspect.keyspace) on real redis-server processes whose key space the test builds through
 * its own client: what it finds (KEY-301..304), that it never reads a value, never keeps a key name in clear,
 * keeps to its key and time bounds, and picks a replica over a master.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandCalls } from '../harness/commandstats.js';
import { RedisProcess } from '../harness/redis-process.js';
import { startReplicationGroup } from '../harness/topologies.js';
import { analyze, builtinCatalog, statusOn } from '../harness/rule-check.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import { withOverrides } from '../../rules/catalog-overrides.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import { DATA_READS, KEY_MARKER, keyspaceCommands, pipe } from './keyspace-builder.js';
import { aclRulesFor } from '../../collect/allow-list.js';

const CACHE = { workload: 'cache' };

function rule(fleet: FleetSnapshot, id: string, params: Record<string, number> = {}, labels = CACHE) {
  const catalog = withOverrides(builtinCatalog(), [{ tenantId: 't', ruleId: id, enabled: true, params } as never]);
  return evaluateCatalog(catalog, { fleet, labels }).filter((r) => r.ruleId === id);
}

test('a complete sample of every type: findings, sample sizes, no value read, no key name in clear', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await pipe(redis, keyspaceCommands(3000));
  const total = Number(await redis.cli('DBSIZE'));
  await redis.cli('CONFIG', 'RESETSTAT');

  const plain = await analyze([redis.url], { labels: CACHE });
  for (const id of ['KEY-301', 'KEY-302', 'KEY-303', 'KEY-304'])
    assert.equal(
      statusOn(
        plain.results.filter((r) => r.ruleId === id),
        redis.address
      ),
      'absent',
      `${id} off`
    );

  // A lone master: the test's own writes (and the previous sampling) lift ops/s above the default ceiling.
  // A complete scan is wanted here, however busy the machine: the time budget has its own test below.
  const opsCeiling = 1e9;
  const timeBudgetMs = 600_000;
  const { fleet, results } = await analyze([redis.url], {
    labels: CACHE,
    inspect: { keyspace: { enabled: true, opsCeiling, timeBudgetMs } },
  });
  const sample = fleet.nodes[0].inspection?.keyspace;
  assert.ok(sample, JSON.stringify(fleet.nodes[0].inspection?.failures));
  assert.equal(sample.totalKeys, total);
  assert.equal(sample.sampled, total, 'the whole key space fits in the default 10000 keys');
  assert.equal(sample.complete, true);
  assert.equal(sample.noTtlShare.margin, 0, 'a complete scan has no sampling error');
  assert.deepEqual(sample.byType.map((x) => x.type).sort(), ['hash', 'list', 'set', 'stream', 'string', 'zset']);
  const hashes = sample.byType.find((x) => x.type === 'hash')!;
  assert.equal(hashes.nonCompactWithinEntries, 5, 'the five hashes a 200-byte value converted');
  assert.equal(sample.bigKeys[0].type, 'string');
  assert.ok(sample.bigKeys[0].bytes > 2 * 1024 * 1024);
  assert.ok(
    sample.prefixes.every((p) => p.prefix.startsWith('#')),
    'prefixes hashed by default'
  );

  // KEY-303 with defaults; KEY-301 and KEY-304 from the 2 MB key; KEY-302 names the prefixes without TTL.
  const converted = results.filter((r) => r.ruleId === 'KEY-303')[0];
  assert.equal(converted.status, 'fired', converted.reason);
  assert.match(converted.message, /^5 of 505 sampled hash keys use a non-compact encoding/);
  assert.equal(
    statusOn(
      results.filter((r) => r.ruleId === 'KEY-301'),
      redis.address
    ),
    'passed',
    '2 MB < 10 MB'
  );
  const big = rule(fleet, 'KEY-301', { big_key_bytes: 1024 * 1024 })[0];
  assert.equal(big.status, 'fired', big.reason);
  assert.equal(big.severity, 'notice');
  assert.match(
    big.message,
    new RegExp(`^1 big key\\(s\\) .* among ${total} sampled of ${total}: string [0-9a-f]{16} `)
  );
  // The 2 MB key is about 40% of the sampled memory (500 streams take about as much): below the default 50%.
  assert.equal(
    statusOn(
      results.filter((r) => r.ruleId === 'KEY-304'),
      redis.address
    ),
    'passed'
  );
  const top = rule(fleet, 'KEY-304', { percent: 30 })[0];
  assert.equal(top.status, 'fired', top.reason);
  assert.match(top.message, /^prefix #[0-9a-f]{16} holds \d+% ± 0 points/);
  const noTtl = results.filter((r) => r.ruleId === 'KEY-302')[0];
  assert.equal(noTtl.status, 'fired', noTtl.reason);
  // user, cart, feed and events keys have no TTL; session and rank keys all have one.
  assert.equal((noTtl.evidence.prefixes as string[]).length, 4, noTtl.message);
  assert.equal(statusOn(rule(fleet, 'KEY-302', {}, { workload: 'datastore' } as never), redis.address), 'absent');

  const shown = await analyze([redis.url], {
    labels: CACHE,
    inspect: { keyspace: { enabled: true, showPrefixes: true, opsCeiling, timeBudgetMs } },
  });
  const clear = shown.fleet.nodes[0].inspection!.keyspace!.prefixes.map((p) => p.prefix);
  assert.ok(clear.includes('big') && clear.includes('user'), clear.join(','));
  assert.deepEqual([...(shown.results.filter((r) => r.ruleId === 'KEY-302')[0].evidence.prefixes as string[])].sort(), [
    'cart',
    'events',
    'feed',
    'user',
  ]);

  // Nothing identifying a key or a value is kept anywhere in the snapshot or the findings.
  for (const [what, text] of [
    ['snapshot', JSON.stringify(fleet)],
    ['findings', JSON.stringify(results)],
    ['findings (prefixes shown)', JSON.stringify(shown.results) + JSON.stringify(shown.fleet)],
  ])
    assert.ok(!text.includes(KEY_MARKER), `${what} holds a key name or value in clear`);

  const stats = commandCalls(await redis.cli('INFO', 'commandstats'));
  assert.deepEqual(
    DATA_READS.filter((c) => stats.has(c)),
    [],
    'no command that reads data reached the server'
  );
  assert.ok((stats.get('memory|usage') ?? 0) >= total, 'every key was measured');
});

test('a bounded sample keeps to maxKeys and its time budget, and states its margin', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await pipe(redis, keyspaceCommands(20_000));
  // Loading 20k keys just now pushed instantaneous_ops_per_sec above the default ceiling: lift it here.
  const opsCeiling = 1e9;

  const bounded = await analyze([redis.url], { inspect: { keyspace: { enabled: true, maxKeys: 500, opsCeiling } } });
  const byKeys = bounded.fleet.nodes[0].inspection!.keyspace!;
  assert.equal(byKeys.stoppedBy, 'max_keys');
  assert.equal(byKeys.sampled, 500);
  assert.ok(byKeys.noTtlShare.margin > 0.01 && byKeys.noTtlShare.margin < 0.1, String(byKeys.noTtlShare.margin));
  assert.ok(byKeys.estimatedBytes.margin > 0);

  const budget = 150;
  const timed = await analyze([redis.url], {
    inspect: { keyspace: { enabled: true, maxKeys: 1_000_000, timeBudgetMs: budget, opsCeiling } },
  });
  const byTime = timed.fleet.nodes[0].inspection!.keyspace!;
  assert.equal(byTime.stoppedBy, 'time_budget');
  assert.ok(byTime.sampled > 0 && byTime.sampled < 20_006);
  // It stops at the first page past the budget: one page (3 pipelined round trips) at most over it.
  assert.ok(byTime.elapsedMs < budget + 2000, `${byTime.elapsedMs} ms for a ${budget} ms budget`);
});

test('sampling runs on the replica, and never on a master above the ops ceiling', async (t) => {
  const group = await startReplicationGroup({ replicas: 1 });
  t.after(() => group.stop());
  await pipe(group.master, keyspaceCommands(300));
  const { fleet } = await analyze([group.master.url], { inspect: { keyspace: { enabled: true } } });
  const master = fleet.nodes.find((n) => n.address === group.master.address)!;
  const replica = fleet.nodes.find((n) => n.address === group.replicas[0].address)!;
  assert.ok(replica.inspection?.keyspace, JSON.stringify(replica.inspection));
  assert.equal(master.inspection?.keyspace, undefined);
  assert.match(master.inspection?.keyspaceSkipped ?? '', /sampled on its replica/);

  const alone = await RedisProcess.start();
  t.after(() => alone.stop());
  const never = await analyze([alone.url], { inspect: { keyspace: { enabled: true, opsCeiling: 0 } } });
  assert.equal(never.fleet.nodes[0].inspection?.keyspace, undefined);
  assert.match(never.fleet.nodes[0].inspection?.keyspaceSkipped ?? '', /never sampled/);
});

test('every database that holds keys is sampled, in proportion, and one SELECT denied by ACL skips only its own', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  await pipe(redis, [
    ...Array.from({ length: 300 }, (_, i) => ['SET', `zero:${i}`, 'v']),
    ['SELECT', '3'],
    ...Array.from({ length: 99 }, (_, i) => ['SET', `three:${i}`, 'v'.repeat(2000)]),
    ['XADD', `events:${KEY_MARKER}`, '*', 'f', 'v'],
    ['XGROUP', 'CREATE', `events:${KEY_MARKER}`, 'workers', '0'],
  ]);
  const inspect = { keyspace: { enabled: true, opsCeiling: 1e9, timeBudgetMs: 600_000 }, streams: true };

  const { fleet } = await analyze([redis.url], { inspect });
  const { keyspace, streams, failures } = fleet.nodes[0].inspection!;
  assert.deepEqual(failures, {});
  assert.equal(keyspace!.totalKeys, 400);
  assert.deepEqual(keyspace!.databases, [
    { db: 0, keys: 300, sampled: 300 },
    { db: 3, keys: 100, sampled: 100 },
  ]);
  assert.equal(keyspace!.complete, true);
  assert.equal(keyspace!.bigKeys[0].db, 3, 'the 2000-byte values live in database 3');
  assert.deepEqual(
    streams!.map((s) => [s.db, s.length, s.groups.length]),
    [[3, 1, 1]]
  );
  assert.doesNotMatch(JSON.stringify(fleet), new RegExp(KEY_MARKER), 'stream names hashed in every database');

  // RedisLens's user from before SELECT was on the keyspace line: database 0 is still sampled.
  const rules = aclRulesFor(['keyspace']).filter((r) => r !== '+select');
  await redis.cli('ACL', 'SETUSER', 'lens', 'on', '>lens-password-0123456789', ...rules);
  const denied = await analyze([`redis://lens:lens-password-0123456789@${redis.address}`], {
    inspect: { keyspace: inspect.keyspace },
  });
  const partial = denied.fleet.nodes[0].inspection!.keyspace!;
  assert.equal(partial.databases[0].sampled, 300);
  assert.match(partial.databases[1].skipped ?? '', /NOPERM|permission/i);
  assert.equal(partial.complete, false);
});
