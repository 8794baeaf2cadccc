import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { analyze, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import { loadCatalog, BUILTIN_RULES_DIR } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { RuleResult } from '../../rules/results.js';

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

/** A snapshot of one process presented as an earlier snapshot of another address (every mention, quoted). */
function relocate(fleet: FleetSnapshot, from: string, to: string): FleetSnapshot {
  return JSON.parse(JSON.stringify(fleet).replaceAll(`"${from}"`, `"${to}"`)) as FleetSnapshot;
}

async function fill(redis: RedisProcess, count: number, prefix: string): Promise<void> {
  await redis.cli(
    'EVAL',
    "for i = 1, tonumber(ARGV[1]) do redis.call('SET', ARGV[2] .. ':' .. i, 'v') end",
    0,
    count,
    prefix
  );
}

test('SRV-201 needs history, passes while the process lives, is a notice on a new process and critical when a master lost its keys', async (t) => {
  const before = await RedisProcess.start();
  t.after(() => before.stop());
  await fill(before, 100, 'k');
  const first = await analyze([before.url]);
  const noHistory = only(
    first.results.filter((r) => r.ruleId === 'SRV-201'),
    before.address
  );
  assert.equal(noHistory.status, 'not_evaluated');
  assert.match(noHistory.reason!, /earlier snapshot/);
  const second = await analyze([before.url], { previous: first.fleet });
  assert.equal(
    only(
      second.results.filter((r) => r.ruleId === 'SRV-201'),
      before.address
    ).status,
    'passed'
  );

  // The harness cannot restart a process on the same port, so the restart is a second real process whose
  // earlier snapshot is the first one's: a new run_id, and an empty data set.
  const after = await RedisProcess.start();
  t.after(() => after.stop());
  const previous = relocate(first.fleet, before.address, after.address);
  const lost = only(await resultsOf('SRV-201', [after.url], { previous }), after.address);
  assert.equal(lost.status, 'fired');
  assert.equal(lost.severity, 'critical');
  assert.equal(lost.evidence.keys_before, 100);
  assert.equal(lost.evidence.keys_now, 0);
  assert.notEqual(lost.evidence.run_id_before, lost.evidence.run_id_now);
  assert.match(lost.message, /: 100 keys before, 0 now$/);

  // A cache that came back empty is cold, not a loss of data that exists nowhere else: a warning.
  const cache = only(
    await resultsOf('SRV-201', [after.url], { previous, labels: { workload: 'cache' } }),
    after.address
  );
  assert.equal(cache.severity, 'warning');

  // The same empty process as a replica (recorded: role edited in) gets its data back from its master.
  const { fleet: now } = await analyze([after.url], { previous });
  now.nodes.find((n) => n.address === after.address)!.role = 'replica';
  assert.equal(only(resultsOnSnapshot('SRV-201', now, { previous }), after.address).severity, 'notice');

  // Restarted with its data (as with AOF or RDB): a notice, as a planned restart is.
  await fill(after, 100, 'k');
  const kept = only(await resultsOf('SRV-201', [after.url], { previous }), after.address);
  assert.equal(kept.status, 'fired');
  assert.equal(kept.severity, 'notice');
});

test('SRV-202 fires on a replica really loading its master data set and passes when it is done', async (t) => {
  const master = await RedisProcess.start({ config: { 'enable-debug-command': 'local', rdbcompression: 'no' } });
  t.after(() => master.stop());
  await master.cli('DEBUG', 'POPULATE', 200, 'key', 100000);
  // 100 ms per key when loading: the replica takes about 20 s to load the 200 keys (20 MB) it receives, and
  // answers INFO every 64 KB loaded (a small data set is loaded without serving anyone in between).
  const replica = await RedisProcess.start({
    config: {
      'key-load-delay': 100000,
      'loading-process-events-interval-bytes': 65536,
      'repl-diskless-load': 'disabled',
    },
  });
  t.after(() => replica.stop());
  assert.equal(only(await resultsOf('SRV-202', [replica.url]), replica.address).status, 'passed');

  await replica.cli('REPLICAOF', '127.0.0.1', master.port);
  await waitFor('the replica to load', async () =>
    /loading:1/.test(await replica.cli('INFO', 'persistence')) ? true : undefined
  );
  const { fleet, results } = await analyze([replica.url]);
  const fired = only(
    results.filter((r) => r.ruleId === 'SRV-202'),
    replica.address
  );
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.equal(fired.evidence.loading, 1);
  assert.match(fired.message, /^the replica is loading its data set \(\d+(\.\d+)?% loaded, about -?\d+ s to go\)$/);

  // Recorded: a loading master (the harness only hands over a process once it answers PING, after loading).
  const loadingMaster = structuredClone(fleet);
  // By address: discovery also finds the master, and the order of nodes is not the test's to assume.
  loadingMaster.nodes.find((n) => n.address === replica.address)!.role = 'master';
  const critical = only(resultsOnSnapshot('SRV-202', loadingMaster), replica.address);
  assert.equal(critical.severity, 'critical');

  await replica.cli('CONFIG', 'SET', 'key-load-delay', 0);
  await waitFor(
    'the load to finish',
    async () => (/master_link_status:up/.test(await replica.cli('INFO', 'replication')) ? true : undefined),
    120000
  );
  assert.equal(only(await resultsOf('SRV-202', [replica.url]), replica.address).status, 'passed');
});

test('SRV-203 applies per node with expected_role and fires on the wrong role', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  assert.equal(statusOn(resultsOnSnapshot('SRV-203', fleet), redis.address), 'absent');
  const fired = only(
    resultsOnSnapshot('SRV-203', fleet, { labels: { [`${redis.address}/expected_role`]: 'replica' } }),
    redis.address
  );
  assert.equal(fired.status, 'fired');
  assert.equal(fired.message, 'the node is a master, expected replica');
  assert.equal(
    statusOn(resultsOnSnapshot('SRV-203', fleet, { labels: { expected_role: 'master' } }), redis.address),
    'passed'
  );
  // A label for another node does not apply here.
  assert.equal(
    statusOn(
      resultsOnSnapshot('SRV-203', fleet, { labels: { '10.0.0.1:6379/expected_role': 'replica' } }),
      redis.address
    ),
    'absent'
  );
});

test('SRV-204 applies with min_redis_major or the min_major param, compares the real version, and is a notice', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const { fleet } = await analyze([redis.url]);
  const major = fleet.nodes[0].version!.major;
  assert.equal(statusOn(resultsOnSnapshot('SRV-204', fleet), redis.address), 'absent');
  assert.equal(
    statusOn(resultsOnSnapshot('SRV-204', fleet, { labels: { min_redis_major: String(major) } }), redis.address),
    'passed'
  );
  const fired = only(
    resultsOnSnapshot('SRV-204', fleet, { labels: { min_redis_major: String(major + 1) } }),
    redis.address
  );
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.equal(fired.evidence.version, fleet.nodes[0].version!.text);
  assert.equal(
    fired.message,
    `Redis ${fleet.nodes[0].version!.text} is below the minimum major version ${major + 1} set for this target`
  );

  // The fleet-wide param, and the label overriding it per target.
  const byParam = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { 'SRV-204': { min_major: String(major + 1) } } });
  const withParam = (labels = {}) =>
    statusOn(
      evaluateCatalog(byParam, { fleet, labels }).filter((r) => r.ruleId === 'SRV-204'),
      redis.address
    );
  assert.equal(withParam(), 'fired');
  assert.equal(withParam({ min_redis_major: String(major) }), 'passed');

  // Recorded: Valkey 8.0 reports redis_version 7.2.4 next to valkey_version (no Valkey server runs here).
  const valkey = structuredClone(fleet);
  const info = valkey.nodes[0].info as { server: Record<string, unknown> };
  Object.assign(info.server, { redis_version: '7.2.4', server_name: 'valkey', valkey_version: '8.0.1' });
  valkey.nodes[0].version = { text: '7.2.4', major: 7, minor: 2, patch: 4 };
  assert.equal(
    statusOn(resultsOnSnapshot('SRV-204', valkey, { labels: { min_redis_major: '8' } }), redis.address),
    'passed'
  );
  const old = only(resultsOnSnapshot('SRV-204', valkey, { labels: { min_redis_major: '9' } }), redis.address);
  assert.equal(old.message, 'Valkey 8.0.1 is below the minimum major version 9 set for this target');
});
