import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisProcess } from '../harness/redis-process.js';
import { startReplicationGroup } from '../harness/topologies.js';
import { analyze, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { RuleResult } from '../../rules/results.js';

const MB = 1024 * 1024;

/** Writes `count` string keys of `size` bytes (prefix:1..count) in one script call. */
async function fill(redis: RedisProcess, count: number, size: number, prefix = 'k'): Promise<void> {
  await redis.cli(
    'EVAL',
    "local v = string.rep('x', tonumber(ARGV[2])) for i = 1, tonumber(ARGV[1]) do redis.call('SET', ARGV[3] .. ':' .. i, v) end return 1",
    0,
    count,
    size,
    prefix
  );
}

async function infoField(redis: RedisProcess, section: string, field: string): Promise<number> {
  const match = new RegExp(`^${field}:([\\d.]+)`, 'm').exec(await redis.cli('INFO', section));
  assert.ok(match, `INFO ${section} has ${field}`);
  return Number(match[1]);
}

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

/** A deep copy of a real snapshot, with some INFO memory fields of its only node replaced. */
function withMemory(fleet: FleetSnapshot, fields: Record<string, number>): FleetSnapshot {
  const copy = structuredClone(fleet);
  Object.assign(copy.nodes[0].info!.memory, fields);
  return copy;
}

test('MEM-004 fires on a replica that enforces maxmemory itself and passes once it ignores it', async (t) => {
  const group = await startReplicationGroup({
    replicas: 1,
    master: { 'repl-diskless-sync-delay': 0 },
    replica: { 'replica-ignore-maxmemory': 'no', maxmemory: '64mb' },
  });
  t.after(() => group.stop());
  const [replica] = group.replicas;
  const results = await resultsOf('MEM-004', [group.master.url]);
  const fired = only(results, replica.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning', 'nothing evicted yet: a risk under memory pressure');
  assert.equal(fired.evidence.master, group.master.address);
  assert.equal(fired.evidence.maxmemory, 64 * MB);
  // replica scope: the master gets no result at all.
  assert.equal(statusOn(results, group.master.address), 'absent');

  // A replica without maxmemory never evicts: replica-ignore-maxmemory no is moot there (issue 12).
  await replica.cli('CONFIG', 'SET', 'maxmemory', '0');
  assert.equal(statusOn(await resultsOf('MEM-004', [group.master.url]), replica.address), 'passed');
  await replica.cli('CONFIG', 'SET', 'maxmemory', '64mb');

  await replica.cli('CONFIG', 'SET', 'replica-ignore-maxmemory', 'yes');
  assert.equal(statusOn(await resultsOf('MEM-004', [group.master.url]), replica.address), 'passed');
});

test('MEM-005 fires when activerehashing is no and passes when yes', async (t) => {
  const redis = await RedisProcess.start({ config: { activerehashing: 'no' } });
  t.after(() => redis.stop());
  assert.equal(statusOn(await resultsOf('MEM-005', [redis.url]), redis.address), 'fired');
  await redis.cli('CONFIG', 'SET', 'activerehashing', 'yes');
  assert.equal(statusOn(await resultsOf('MEM-005', [redis.url]), redis.address), 'passed');
});

test('MEM-006 fires when jemalloc-bg-thread is no and passes when yes', async (t) => {
  const redis = await RedisProcess.start({ config: { 'jemalloc-bg-thread': 'no' } });
  t.after(() => redis.stop());
  const results = await resultsOf('MEM-006', [redis.url]);
  assert.equal(statusOn(results, redis.address), 'fired');
  assert.equal(results[0].evidence.jemalloc_bg_thread, false);
  await redis.cli('CONFIG', 'SET', 'jemalloc-bg-thread', 'yes');
  assert.equal(statusOn(await resultsOf('MEM-006', [redis.url]), redis.address), 'passed');
});

test('MEM-007 is a notice at tracking-table-max-keys 0, a warning once a client tracks keys, passes when bounded', async (t) => {
  const redis = await RedisProcess.start({ config: { 'tracking-table-max-keys': 0 } });
  t.after(() => redis.stop());
  const idle = only(await resultsOf('MEM-007', [redis.url]), redis.address);
  assert.equal(idle.status, 'fired');
  assert.equal(idle.severity, 'notice', 'no client uses tracking: the table stays empty');
  assert.equal(idle.evidence.tracking_clients, 0);

  // A real client-side-caching client: CLIENT TRACKING on, then a read registers the key in the table.
  const client = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, enableReadyCheck: false });
  await client.connect();
  t.after(() => client.disconnect());
  await client.call('CLIENT', 'TRACKING', 'ON');
  await client.get('user:1');
  const tracking = only(await resultsOf('MEM-007', [redis.url]), redis.address);
  assert.equal(tracking.status, 'fired');
  assert.equal(tracking.severity, 'warning');
  assert.equal(tracking.evidence.tracking_clients, 1);
  assert.match(tracking.message, /1 tracking clients, 1 keys tracked/);

  await redis.cli('CONFIG', 'SET', 'tracking-table-max-keys', '1000000');
  assert.equal(statusOn(await resultsOf('MEM-007', [redis.url]), redis.address), 'passed');
});

test('MEM-101 passes on a real instance without maxmemory far from the host RAM; fires on a recorded near-full host', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const analysis = await analyze([redis.url]);
  assert.equal(
    statusOn(
      analysis.results.filter((r) => r.ruleId === 'MEM-101'),
      redis.address
    ),
    'passed'
  );

  // Recorded snapshot: filling 80% of this host's RAM (tens of GB) is not possible in a test.
  // The real snapshot is kept; only used_memory is raised to 85% of total_system_memory.
  const total = analysis.fleet.nodes[0].info!.memory.total_system_memory as number;
  assert.ok(total > 0);
  const nearFull = withMemory(analysis.fleet, { used_memory: Math.round(total * 0.85) });
  const fired = only(resultsOnSnapshot('MEM-101', nearFull), redis.address);
  assert.equal(fired.status, 'fired');
  assert.ok(Math.abs((fired.evidence.used_percent_of_host as number) - 85) < 0.1);

  // The same near-full host with a limit set is not this rule's finding.
  await redis.cli('CONFIG', 'SET', 'maxmemory', '100mb');
  const limited = await analyze([redis.url]);
  const limitedNearFull = withMemory(limited.fleet, { used_memory: Math.round(total * 0.85) });
  assert.equal(statusOn(resultsOnSnapshot('MEM-101', limitedNearFull), redis.address), 'passed');
});

test('MEM-102 fires when maxmemory exceeds total_system_memory and passes below it', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const total = await infoField(redis, 'memory', 'total_system_memory');
  await redis.cli('CONFIG', 'SET', 'maxmemory', String(total + 1024 * MB));
  const results = await resultsOf('MEM-102', [redis.url]);
  assert.equal(statusOn(results, redis.address), 'fired');
  assert.equal(results[0].evidence.maxmemory, total + 1024 * MB);
  assert.equal(results[0].evidence.total_system_memory, total);

  await redis.cli('CONFIG', 'SET', 'maxmemory', '100mb');
  assert.equal(statusOn(await resultsOf('MEM-102', [redis.url]), redis.address), 'passed');
  // maxmemory 0 (no limit) is MEM-101's business, not an oversized limit.
  await redis.cli('CONFIG', 'SET', 'maxmemory', '0');
  assert.equal(statusOn(await resultsOf('MEM-102', [redis.url]), redis.address), 'passed');
});

test('MEM-103 grades near-full memory by what eviction costs: notice, warning for volatile-* or data that matters, none for caches', async (t) => {
  const redis = await RedisProcess.start({ config: { 'maxmemory-policy': 'allkeys-lru' } });
  t.after(() => redis.stop());
  await fill(redis, 8000, 1000); // about 9 MB of data
  const used = await infoField(redis, 'memory', 'used_memory');

  // Limits are set above used_memory (nothing is evicted while only RedisLens reads); the analyzer's own
  // connection adds some KB, well inside the 2.5% (about 200 KB) margin used here.
  await redis.cli('CONFIG', 'SET', 'maxmemory', String(Math.round(used / 0.925)));
  const { fleet, results } = await analyze([redis.url]);
  const result = only(
    results.filter((r) => r.ruleId === 'MEM-103'),
    redis.address
  );
  assert.equal(result.status, 'fired');
  assert.equal(result.severity, 'notice', 'allkeys-lru evicts at the limit as configured');
  const percent = result.evidence.used_percent as number;
  assert.ok(percent > 90 && percent <= 95, `used_percent ${percent}`);
  assert.match(result.message, /^used_memory is 9\d\.\d+% of maxmemory .*: at the limit allkeys-lru evicts keys$/);

  // The same real snapshot under other labels.
  const on = (workload: string) => only(resultsOnSnapshot('MEM-103', fleet, { labels: { workload } }), redis.address);
  assert.equal(on('datastore').severity, 'warning');
  assert.equal(on('session').severity, 'warning');
  assert.equal(
    statusOn(resultsOnSnapshot('MEM-103', fleet, { labels: { workload: 'cache' } }), redis.address),
    'absent'
  );

  // volatile-* can run out of keys with a TTL and then refuses writes.
  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lru');
  assert.equal(only(await resultsOf('MEM-103', [redis.url]), redis.address).severity, 'warning');
  // noeviction near the limit is MEM-104's finding.
  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
  assert.equal(statusOn(await resultsOf('MEM-103', [redis.url]), redis.address), 'absent');

  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
  await redis.cli('CONFIG', 'SET', 'maxmemory', String(used * 2));
  assert.equal(statusOn(await resultsOf('MEM-103', [redis.url]), redis.address), 'passed');
  await redis.cli('CONFIG', 'SET', 'maxmemory', '0');
  assert.equal(statusOn(await resultsOf('MEM-103', [redis.url]), redis.address), 'absent');
});

test('MEM-103 leaves a replica that ignores its own maxmemory alone', async (t) => {
  const group = await startReplicationGroup({
    replicas: 1,
    master: { 'repl-diskless-sync-delay': 0 },
    replica: { maxmemory: '1mb', 'maxmemory-policy': 'allkeys-lru' },
  });
  t.after(() => group.stop());
  const [replica] = group.replicas;
  // A replica's used_memory (about 1 MB of startup overhead and more) is past this 1 MB limit.
  assert.equal(statusOn(await resultsOf('MEM-103', [group.master.url]), replica.address), 'absent');
  await replica.cli('CONFIG', 'SET', 'replica-ignore-maxmemory', 'no');
  assert.equal(statusOn(await resultsOf('MEM-103', [group.master.url]), replica.address), 'fired');
});

test('MEM-104 warns for noeviction above 90% of maxmemory, critical above 95%, passes with an evicting policy or headroom', async (t) => {
  const redis = await RedisProcess.start({ config: { 'maxmemory-policy': 'noeviction' } });
  t.after(() => redis.stop());
  await fill(redis, 8000, 1000);
  const used = await infoField(redis, 'memory', 'used_memory');
  await redis.cli('CONFIG', 'SET', 'maxmemory', String(Math.round(used / 0.925)));
  let result = only(await resultsOf('MEM-104', [redis.url]), redis.address);
  assert.equal(result.status, 'fired');
  assert.equal(result.severity, 'warning', 'a burst away from OOM, not there yet');
  assert.equal(result.evidence.maxmemory_policy, 'noeviction');
  assert.match(result.message, /used_memory is 9\d\.\d+% of maxmemory/);

  await redis.cli('CONFIG', 'SET', 'maxmemory', String(Math.round(used / 0.975)));
  result = only(await resultsOf('MEM-104', [redis.url]), redis.address);
  assert.equal(result.status, 'fired');
  assert.equal(result.severity, 'critical');

  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
  assert.equal(statusOn(await resultsOf('MEM-104', [redis.url]), redis.address), 'passed');

  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
  await redis.cli('CONFIG', 'SET', 'maxmemory', String(used * 2));
  assert.equal(statusOn(await resultsOf('MEM-104', [redis.url]), redis.address), 'passed');
});

test('MEM-105 fires for a volatile-* policy when no key has a TTL and passes once one has', async (t) => {
  const redis = await RedisProcess.start({ config: { maxmemory: '50mb', 'maxmemory-policy': 'volatile-lru' } });
  t.after(() => redis.stop());
  // An empty instance says nothing about TTL usage yet.
  assert.equal(statusOn(await resultsOf('MEM-105', [redis.url]), redis.address), 'passed');

  await redis.cli('SET', 'user:1', 'a');
  await redis.cli('SELECT', '0');
  await redis.cli('-n', '3', 'SET', 'user:2', 'b');
  const fired = only(await resultsOf('MEM-105', [redis.url]), redis.address);
  assert.equal(fired.status, 'fired');
  assert.match(fired.message, /db0, db3/);

  await redis.cli('-n', '3', 'SET', 'session:1', 'c', 'EX', '3600');
  assert.equal(statusOn(await resultsOf('MEM-105', [redis.url]), redis.address), 'passed');

  // No TTLs again, but a policy that can evict any key.
  await redis.cli('-n', '3', 'PERSIST', 'session:1');
  assert.equal(statusOn(await resultsOf('MEM-105', [redis.url]), redis.address), 'fired');
  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
  assert.equal(statusOn(await resultsOf('MEM-105', [redis.url]), redis.address), 'passed');
});

test('MEM-106 passes on a near-empty instance and fires after real fragmentation above 100 MB', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  // A near-empty instance: the ratio is high (fixed RSS overhead), but little memory is wasted.
  const emptyRatio = await infoField(redis, 'memory', 'mem_fragmentation_ratio');
  assert.ok(emptyRatio > 1.5, `near-empty ratio ${emptyRatio}`);
  assert.equal(statusOn(await resultsOf('MEM-106', [redis.url]), redis.address), 'passed');

  // Real fragmentation: 200k values of 1000 bytes (about 220 MB), then delete 3 of every 4 keys.
  // The surviving keys pin every allocator page, so RSS stays while used_memory drops.
  await fill(redis, 200000, 1000);
  await redis.cli('EVAL', "for i = 1, 200000 do if i % 4 ~= 0 then redis.call('DEL', 'k:' .. i) end end return 1", 0);
  const result = only(await resultsOf('MEM-106', [redis.url]), redis.address);
  assert.equal(result.status, 'fired');
  assert.ok((result.evidence.mem_fragmentation_ratio as number) > 1.5);
  assert.ok((result.evidence.wasted_bytes as number) > 100 * MB);
});

test('MEM-107 passes on a real instance; fires on a recorded swapped snapshot only above the size floor', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const analysis = await analyze([redis.url]);
  assert.equal(
    statusOn(
      analysis.results.filter((r) => r.ruleId === 'MEM-107'),
      redis.address
    ),
    'passed'
  );

  // Recorded snapshot: this machine has no swap device and a test cannot force Redis pages out,
  // so RSS below used_memory cannot be produced for real. The real snapshot's memory fields are edited.
  const swapped = withMemory(analysis.fleet, {
    used_memory: 2048 * MB,
    used_memory_rss: 1536 * MB,
    mem_fragmentation_ratio: 0.75,
  });
  const fired = only(resultsOnSnapshot('MEM-107', swapped), redis.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.used_memory_rss, 1536 * MB);

  // The same ratio on a near-empty instance (2 MB) is below the 64 MB floor: not reported.
  const tiny = withMemory(analysis.fleet, {
    used_memory: 2 * MB,
    used_memory_rss: 1.5 * MB,
    mem_fragmentation_ratio: 0.75,
  });
  assert.equal(statusOn(resultsOnSnapshot('MEM-107', tiny), redis.address), 'passed');
});

test('MEM-108 needs history, fires when evictions grow on a datastore or queue, passes otherwise', async (t) => {
  const redis = await RedisProcess.start({ config: { maxmemory: '4mb', 'maxmemory-policy': 'allkeys-lru' } });
  t.after(() => redis.stop());
  const datastore = { workload: 'datastore' };
  const first = await analyze([redis.url], { labels: datastore });
  const noHistory = only(
    first.results.filter((r) => r.ruleId === 'MEM-108'),
    redis.address
  );
  assert.equal(noHistory.status, 'not_evaluated');
  assert.match(noHistory.reason!, /earlier snapshot/);

  // Write ~6 MB in 1 MB steps: every command first evicts down to the 4 MB limit.
  for (let i = 0; i < 6; i++) await fill(redis, 1000, 1000, `batch${i}`);
  await redis.cli('SET', 'last', 'x');
  assert.ok((await infoField(redis, 'stats', 'evicted_keys')) > 0);
  // Lift the limit so that no eviction happens while the next snapshots are taken.
  await redis.cli('CONFIG', 'SET', 'maxmemory', '200mb');

  const second = await analyze([redis.url], { labels: datastore, previous: first.fleet });
  const fired = only(
    second.results.filter((r) => r.ruleId === 'MEM-108'),
    redis.address
  );
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'critical');
  assert.equal(fired.evidence.evicted_keys_before, 0);
  assert.ok((fired.evidence.evicted_keys_now as number) > 0);

  // The same real pair of snapshots under other labels.
  assert.equal(
    statusOn(
      resultsOnSnapshot('MEM-108', second.fleet, { labels: { workload: 'queue' }, previous: first.fleet }),
      redis.address
    ),
    'fired'
  );
  assert.equal(
    statusOn(
      resultsOnSnapshot('MEM-108', second.fleet, { labels: { workload: 'cache' }, previous: first.fleet }),
      redis.address
    ),
    'passed'
  );
  const unlabelled = only(resultsOnSnapshot('MEM-108', second.fleet, { previous: first.fleet }), redis.address);
  assert.equal(unlabelled.status, 'not_evaluated');
  assert.match(unlabelled.reason!, /workload/);

  // No new evictions since the previous snapshot.
  const third = await analyze([redis.url], { labels: datastore, previous: second.fleet });
  assert.equal(
    statusOn(
      third.results.filter((r) => r.ruleId === 'MEM-108'),
      redis.address
    ),
    'passed'
  );

  // Recorded snapshot for a restart (the harness cannot restart Redis on the same port): the
  // previous snapshot had a different run_id and a higher counter; evictions since the restart count.
  const beforeRestart = structuredClone(second.fleet);
  beforeRestart.nodes[0].info!.server.run_id = '0'.repeat(40);
  beforeRestart.nodes[0].info!.stats.evicted_keys = 1_000_000;
  const restarted = only(
    resultsOnSnapshot('MEM-108', third.fleet, { labels: datastore, previous: beforeRestart }),
    redis.address
  );
  assert.equal(restarted.status, 'fired');
  assert.equal(restarted.evidence.restarted, true);
});

test('MEM-109 grades allkeys-* by workload and fill: notice without a limit, warning with one, critical nearly full', async (t) => {
  const redis = await RedisProcess.start({ config: { 'maxmemory-policy': 'allkeys-lru', maxmemory: '100mb' } });
  t.after(() => redis.stop());
  const on = (fleet: FleetSnapshot, workload?: string) =>
    only(resultsOnSnapshot('MEM-109', fleet, workload ? { labels: { workload } } : {}), redis.address);
  const { fleet } = await analyze([redis.url]);

  for (const workload of ['datastore', 'queue', 'session']) {
    const r = on(fleet, workload);
    assert.equal(r.status, 'fired');
    assert.equal(r.severity, 'warning', workload);
  }
  assert.match(on(fleet, 'queue').message, /at maxmemory Redis deletes arbitrary keys/);
  assert.equal(on(fleet, 'cache').status, 'passed');
  const unlabelled = on(fleet);
  assert.equal(unlabelled.status, 'not_evaluated');
  assert.match(unlabelled.reason!, /label "workload" not supplied/);

  // Nearly full: evictions of a datastore's keys are imminent.
  await fill(redis, 8000, 1000);
  const used = await infoField(redis, 'memory', 'used_memory');
  await redis.cli('CONFIG', 'SET', 'maxmemory', String(Math.round(used / 0.975)));
  const full = (await analyze([redis.url])).fleet;
  assert.equal(on(full, 'datastore').severity, 'critical');
  assert.equal(on(full, 'session').severity, 'warning', 'lost sessions are recoverable');

  // Without a limit the policy is dormant.
  await redis.cli('CONFIG', 'SET', 'maxmemory', '0');
  const dormant = on((await analyze([redis.url])).fleet, 'datastore');
  assert.equal(dormant.status, 'fired');
  assert.equal(dormant.severity, 'notice');
  assert.match(dormant.message, /once a maxmemory is set/);

  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
  assert.equal(
    statusOn(await resultsOf('MEM-109', [redis.url], { labels: { workload: 'datastore' } }), redis.address),
    'passed'
  );
});
