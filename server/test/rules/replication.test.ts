import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { startReplicationGroup, type ReplicationGroup } from '../harness/topologies.js';
import { analyze, builtinCatalog, resultsOf, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import { analyzeUrls } from '../../analysis/analyze-fleet.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { RuleResult } from '../../rules/results.js';

/** A master and replicas that sync at once (no diskless-sync delay). */
async function group(
  replicas: number,
  options: { master?: Record<string, string | number>; replica?: Record<string, string | number> } = {}
) {
  return startReplicationGroup({
    replicas,
    master: { 'repl-diskless-sync-delay': 0, ...options.master },
    replica: options.replica,
  });
}

const only = (results: RuleResult[], target: string) => {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
};

const clone = (fleet: FleetSnapshot): FleetSnapshot => structuredClone(fleet);

/** Writes `bytes` bytes of value through the master (replicated as one SET of that size). */
const write = (g: ReplicationGroup, key: string, bytes: number) =>
  g.master.cli('EVAL', `redis.call('SET', KEYS[1], string.rep('x', ${bytes})) return 1`, 1, key);

async function masterInfo(g: ReplicationGroup): Promise<{ offset: number; replicaOffsets: number[] }> {
  const info = await g.master.cli('INFO', 'replication');
  return {
    offset: Number(/master_repl_offset:(\d+)/.exec(info)![1]),
    replicaOffsets: [...info.matchAll(/slave\d+:.*offset=(\d+)/g)].map((m) => Number(m[1])),
  };
}

test('REPL-001 judges min-replicas-to-write 0 by workload: not_evaluated unlabelled, passes on a cache, fires on a datastore', async (t) => {
  const g = await group(1);
  const standalone = await RedisProcess.start();
  t.after(() => Promise.all([g.stop(), standalone.stop()]));
  const on = async (labels?: Record<string, string>) =>
    only(await resultsOf('REPL-001', [g.master.url], labels ? { labels } : {}), g.master.address);

  // Redis's default on a replicated master: no longer a critical on its own (issue 12).
  const unlabelled = await on();
  assert.equal(unlabelled.status, 'not_evaluated');
  assert.match(unlabelled.reason!, /label "workload" not supplied/);
  assert.equal((await on({ workload: 'cache' })).status, 'passed');

  const fired = await on({ workload: 'datastore' });
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning', 'a replica is connected: a risk under a partition');
  assert.deepEqual(fired.evidence.replicas, [g.replicas[0].address]);
  assert.equal(fired.evidence.connected_replicas, 1);
  // The rule is about masters: the replica yields no result at all.
  const all = await resultsOf('REPL-001', [g.master.url], { labels: { workload: 'queue' } });
  assert.equal(statusOn(all, g.replicas[0].address), 'absent');

  await g.master.cli('CONFIG', 'SET', 'min-replicas-to-write', '1');
  assert.equal((await on({ workload: 'datastore' })).status, 'passed');

  // A master without replicas: min-replicas-to-write 0 is the only sensible value, the rule does not apply.
  assert.equal(
    statusOn(await resultsOf('REPL-001', [standalone.url], { labels: { workload: 'datastore' } }), standalone.address),
    'absent'
  );
});

test('REPL-002 fires on a dr_only replica that can be promoted, passes at priority 0, does not apply without the label', async (t) => {
  const g = await group(1);
  t.after(() => g.stop());
  const replica = g.replicas[0].address;

  const fired = only(await resultsOf('REPL-002', [g.master.url], { labels: { dr_only: 'yes' } }), replica);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.replica_priority, 100);

  // dr_only has no default: only the operator knows a replica is kept for disaster recovery.
  const { fleet, results } = await analyze([g.master.url]);
  assert.equal(
    statusOn(
      results.filter((r) => r.ruleId === 'REPL-002'),
      replica
    ),
    'absent'
  );

  assert.equal(statusOn(await resultsOf('REPL-002', [g.master.url], { labels: { dr_only: 'no' } }), replica), 'passed');

  // Redis Cluster never reads replica-priority: there only cluster-replica-no-failover keeps it from promotion.
  // (A cluster replica costs a whole cluster here; the real snapshot above is edited into one.)
  const inCluster = clone(fleet);
  const node = inCluster.nodes.find((n) => n.address === replica)!;
  node.info!.cluster = { cluster_enabled: 1 };
  node.config!['replica-priority'] = 0;
  const clustered = only(resultsOnSnapshot('REPL-002', inCluster, { labels: { dr_only: 'yes' } }), replica);
  assert.equal(clustered.status, 'fired');
  assert.match(clustered.message, /cluster-replica-no-failover is no/);
  node.config!['cluster-replica-no-failover'] = true;
  assert.equal(statusOn(resultsOnSnapshot('REPL-002', inCluster, { labels: { dr_only: 'yes' } }), replica), 'passed');

  await g.replicas[0].cli('CONFIG', 'SET', 'replica-priority', '0');
  assert.equal(
    statusOn(await resultsOf('REPL-002', [g.master.url], { labels: { dr_only: 'yes' } }), replica),
    'passed'
  );
});

test('REPL-003: a notice on a standalone node, a warning where replication runs; passes at 60', async (t) => {
  const redis = await RedisProcess.start({ config: { 'repl-timeout': 10, 'repl-ping-replica-period': 10 } });
  t.after(() => redis.stop());
  const latent = only(await resultsOf('REPL-003', [redis.url]), redis.address);
  assert.equal(latent.status, 'fired');
  assert.equal(latent.severity, 'notice', 'no replication link to time out yet');
  assert.deepEqual(latent.evidence, { repl_timeout: 10, repl_ping_replica_period: 10 });

  await redis.cli('CONFIG', 'SET', 'repl-timeout', '60');
  assert.equal(statusOn(await resultsOf('REPL-003', [redis.url]), redis.address), 'passed');

  const bad = { 'repl-timeout': 10, 'repl-ping-replica-period': 10 };
  const g = await group(1, { master: bad, replica: bad });
  t.after(() => g.stop());
  const results = await resultsOf('REPL-003', [g.master.url]);
  for (const node of [g.master, g.replicas[0]]) {
    const r = only(results, node.address);
    assert.equal(r.status, 'fired', node.address);
    assert.equal(r.severity, 'warning', `${node.address}: a live link can flap`);
  }
});

test('REPL-101 fires on a replica whose master was killed and passes while the link is up', async (t) => {
  const g = await group(1);
  t.after(() => g.stop());
  const replica = g.replicas[0];

  assert.equal(statusOn(await resultsOf('REPL-101', [replica.url]), replica.address), 'passed');

  await g.master.stop();
  await waitFor('replica to notice the master is gone', async () =>
    (await replica.cli('INFO', 'replication')).includes('master_link_status:down') ? true : undefined
  );
  const fired = only(await resultsOf('REPL-101', [replica.url]), replica.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.master_link_status, 'down');
  assert.equal(fired.evidence.master_port, g.master.port);
  assert.match(fired.message, new RegExp(`127\\.0\\.0\\.1:${g.master.port} is down`));
});

test("REPL-101 waits out a new replica's handshake: a link that never came up fires only after the start-up grace", async (t) => {
  // The master waits 60 s before it streams the first (diskless) sync, so the new replica's link stays down
  // without a sync in progress, exactly as during any replica's first seconds.
  const master = await RedisProcess.start({ config: { 'repl-diskless-sync': 'yes', 'repl-diskless-sync-delay': 60 } });
  t.after(() => master.stop());
  const replica = await RedisProcess.start({ config: { replicaof: `127.0.0.1 ${master.port}` } });
  t.after(() => replica.stop());
  await waitFor('the master to hold the replica for its sync', async () =>
    /slave0:.*state=wait_bgsave/.test(await master.cli('INFO', 'replication')) ? true : undefined
  );

  const during = only(await resultsOf('REPL-101', [replica.url]), replica.address);
  assert.equal(during.status, 'passed', 'the handshake of a replica started seconds ago is not a broken link');

  const noGrace = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { 'REPL-101': { startup_grace_seconds: '0' } } });
  const timeouts = { connectTimeoutMs: 15000, commandTimeoutMs: 15000 };
  const analysis = await analyzeUrls([replica.url], { catalog: noGrace, ...timeouts });
  const fired = only(
    analysis.results.filter((r) => r.ruleId === 'REPL-101'),
    replica.address
  );
  assert.equal(fired.status, 'fired', 'past the grace a link that never came up is reported');
  assert.match(fired.message, /never up; the node has run for \d+ s/);
  assert.equal(fired.evidence.master_sync_in_progress, 0);
});

test('REPL-102 fires when master_last_io_seconds_ago is above repl-timeout (recorded snapshot), passes on a live link', async (t) => {
  // The master pings only every 60 s and nothing is written, so the replica really stops hearing from it.
  const g = await group(1, { master: { 'repl-ping-replica-period': 60 } });
  t.after(() => g.stop());
  const replica = g.replicas[0].address;
  await waitFor('the master to be silent for 2 s', async () =>
    /master_last_io_seconds_ago:([2-9]|\d\d)/.test(await g.replicas[0].cli('INFO', 'replication')) ? true : undefined
  );

  const { fleet, results } = await analyze([g.master.url]);
  const live = only(
    results.filter((r) => r.ruleId === 'REPL-102'),
    replica
  );
  assert.equal(live.status, 'passed', 'a few seconds of silence is well inside repl-timeout 60');

  // A real replica drops its link in replicationCron within a second of master_last_io_seconds_ago
  // passing repl-timeout (it then reports -1), so the firing state lasts under a second and cannot be
  // collected reliably. Recorded snapshot: the real silent link above, with the replica's repl-timeout
  // edited down to 1 s (below the real master_last_io_seconds_ago).
  const recorded = clone(fleet);
  const node = recorded.nodes.find((n) => n.address === replica)!;
  const silentFor = Number(node.info!.replication.master_last_io_seconds_ago);
  assert.ok(silentFor >= 2);
  node.config!['repl-timeout'] = 1;
  const fired = only(resultsOnSnapshot('REPL-102', recorded), replica);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.evidence.master_last_io_seconds_ago, silentFor);
  assert.equal(fired.evidence.master_link_status, 'up');
});

test('REPL-103 warns when a stopped replica lags by half the backlog, says so past the backlog, passes once it catches up', async (t) => {
  const g = await group(1, { master: { 'repl-backlog-size': '1mb' } });
  const pid = g.replicas[0].child.pid!;
  t.after(async () => {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // already gone
    }
    await g.stop();
  });
  // The stopped replica accepts TCP connections but never answers: its collection waits out the time-out,
  // which still leaves the master (that answers) room on a loaded machine.
  let fleet: FleetSnapshot | undefined;
  const check = async () => {
    const analysis = await analyzeUrls([g.master.url], {
      catalog: builtinCatalog(),
      commandTimeoutMs: 5000,
      connectTimeoutMs: 5000,
    });
    fleet = analysis.fleet;
    return only(
      analysis.results.filter((r) => r.ruleId === 'REPL-103'),
      g.master.address
    );
  };

  await write(g, 'warmup', 1000);
  await waitFor('replica to acknowledge', async () => {
    const { offset, replicaOffsets } = await masterInfo(g);
    return replicaOffsets[0] === offset ? true : undefined;
  });
  assert.equal((await check()).status, 'passed');

  process.kill(pid, 'SIGSTOP');
  await write(g, 'a', 600 * 1024);
  const warning = await check();
  assert.equal(warning.status, 'fired');
  assert.equal(warning.severity, 'warning');
  const [lag] = warning.evidence.lag_bytes as { replica: string; lag_bytes: number }[];
  assert.equal(lag.replica, g.replicas[0].address);
  assert.ok(lag.lag_bytes > 512 * 1024 && lag.lag_bytes < 1024 * 1024, `lag ${lag.lag_bytes}`);
  assert.match(warning.message, new RegExp(`${g.replicas[0].address} is \\d+ bytes behind`));
  assert.equal(warning.evidence.past_backlog, false);
  // backlog_percent is policy: at 90% the same lag is not reported.
  const lenient = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { 'REPL-103': { backlog_percent: '90' } } });
  assert.equal(
    statusOn(
      evaluateCatalog(lenient, { fleet: fleet! }).filter((r) => r.ruleId === 'REPL-103'),
      g.master.address
    ),
    'passed'
  );

  // Past the backlog a reconnect needs a full resync, but the connected replica loses nothing yet: a warning.
  await write(g, 'b', 600 * 1024);
  const past = await check();
  assert.equal(past.status, 'fired');
  assert.equal(past.severity, 'warning');
  assert.equal(past.evidence.past_backlog, true);
  assert.match(past.message, /beyond the backlog itself/);

  process.kill(pid, 'SIGCONT');
  await waitFor('replica to catch up', async () => {
    const { offset, replicaOffsets } = await masterInfo(g);
    return replicaOffsets[0] === offset ? true : undefined;
  });
  assert.equal((await check()).status, 'passed');
});

test('REPL-104 fires on a writable replica and passes once it is read-only', async (t) => {
  const g = await group(1, { replica: { 'replica-read-only': 'no' } });
  t.after(() => g.stop());
  const replica = g.replicas[0];
  const results = await resultsOf('REPL-104', [g.master.url]);
  assert.equal(statusOn(results, replica.address), 'fired');
  assert.equal(statusOn(results, g.master.address), 'absent', 'replica scope only');
  // The replica really accepts a write its master will never see.
  assert.equal(await replica.cli('SET', 'diverged', '1'), 'OK');

  await replica.cli('CONFIG', 'SET', 'replica-read-only', 'yes');
  assert.equal(statusOn(await resultsOf('REPL-104', [g.master.url]), replica.address), 'passed');
});

test('REPL-105 needs history, fires when a minute of writes exceeds the backlog, passes with a larger backlog', async (t) => {
  const g = await group(1, { master: { 'repl-backlog-size': '1mb' } });
  t.after(() => g.stop());
  const first = await analyze([g.master.url]);
  const noHistory = only(
    first.results.filter((r) => r.ruleId === 'REPL-105'),
    g.master.address
  );
  assert.equal(noHistory.status, 'not_evaluated');
  assert.match(noHistory.reason!, /history/);

  // About 200 KB of replication stream within a second or two: >= 100 KB/s, i.e. several MB a minute.
  await write(g, 'a', 200 * 1024);
  const second = await analyze([g.master.url], { previous: first.fleet });
  const fired = only(
    second.results.filter((r) => r.ruleId === 'REPL-105'),
    g.master.address
  );
  assert.equal(fired.status, 'fired');
  assert.ok(
    (fired.evidence.bytes_per_minute as number) > 1024 * 1024,
    `bytes_per_minute ${fired.evidence.bytes_per_minute}`
  );
  assert.equal(fired.evidence.repl_backlog_size, 1024 * 1024);
  // covered_seconds is policy: a backlog meant to cover a 1 s disconnect is big enough for this rate.
  const shortCover = loadCatalog({ dirs: [BUILTIN_RULES_DIR], params: { 'REPL-105': { covered_seconds: '1' } } });
  assert.equal(
    statusOn(
      evaluateCatalog(shortCover, { fleet: second.fleet, previous: first.fleet }).filter(
        (r) => r.ruleId === 'REPL-105'
      ),
      g.master.address
    ),
    'passed'
  );

  // Same write load, backlog sized for it.
  await g.master.cli('CONFIG', 'SET', 'repl-backlog-size', '512mb');
  await write(g, 'b', 200 * 1024);
  const third = await analyze([g.master.url], { previous: second.fleet });
  assert.equal(
    statusOn(
      third.results.filter((r) => r.ruleId === 'REPL-105'),
      g.master.address
    ),
    'passed'
  );
});

test('REPL-106 passes on a group on one version and fires when a replica runs another major (recorded snapshot)', async (t) => {
  const g = await group(1);
  t.after(() => g.stop());
  const { fleet, results } = await analyze([g.master.url]);
  assert.equal(
    statusOn(
      results.filter((r) => r.ruleId === 'REPL-106'),
      g.master.address
    ),
    'passed'
  );

  // Only Redis 7.0 is installed on this machine, so a mixed-version group cannot be started:
  // the real snapshot above is edited so that its replica reports 6.2.14.
  const recorded = clone(fleet);
  const node = recorded.nodes.find((n) => n.address === g.replicas[0].address)!;
  node.version = { text: '6.2.14', major: 6, minor: 2, patch: 14 };
  node.info!.server.redis_version = '6.2.14';
  const fired = only(resultsOnSnapshot('REPL-106', recorded), g.master.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'notice');
  assert.match(fired.message, new RegExp(`${g.replicas[0].address} 6\\.2\\.14`));
});

test('REPL-107 names the settings that drift between master and replicas and passes once aligned', async (t) => {
  const g = await group(2);
  t.after(() => g.stop());
  const [r1, r2] = g.replicas;
  assert.equal(statusOn(await resultsOf('REPL-107', [g.master.url]), g.master.address), 'passed');

  await r1.cli('CONFIG', 'SET', 'maxmemory', '100mb');
  await r2.cli('CONFIG', 'SET', 'client-output-buffer-limit', 'replica 512mb 128mb 60');
  const fired = only(await resultsOf('REPL-107', [g.master.url]), g.master.address);
  assert.equal(fired.status, 'fired');
  assert.match(fired.message, /differ from it in maxmemory, client-output-buffer-limit$/);
  const drifting = Object.fromEntries(
    (fired.evidence.drifting as { replica: string; settings: string[] }[]).map((d) => [d.replica, d.settings])
  );
  assert.deepEqual(drifting, { [r1.address]: ['maxmemory'], [r2.address]: ['client-output-buffer-limit'] });

  await r1.cli('CONFIG', 'SET', 'maxmemory', '0');
  await r2.cli('CONFIG', 'SET', 'client-output-buffer-limit', 'replica 256mb 64mb 60');
  assert.equal(statusOn(await resultsOf('REPL-107', [g.master.url]), g.master.address), 'passed');

  // Without the master's configuration there is nothing to compare with: not evaluated, never a pass.
  await g.master.stop();
  const blind = only(await resultsOf('REPL-107', [r1.url]), g.master.address);
  assert.equal(blind.status, 'not_evaluated');
  assert.match(blind.reason!, /config/);
});
