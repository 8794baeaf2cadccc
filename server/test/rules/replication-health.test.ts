import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { startReplicationGroup, startSentinelSet } from '../harness/topologies.js';
import { analyze, resultsOnSnapshot, statusOn } from '../harness/rule-check.js';
import type { RuleResult } from '../../rules/results.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

const ofRule = (id: string, results: RuleResult[]) => results.filter((r) => r.ruleId === id);

async function stat(redis: RedisProcess, field: string): Promise<number> {
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(await redis.cli('INFO', 'all'));
  assert.ok(match, `INFO has ${field}`);
  return Number(match[1]);
}

async function onlineReplicas(master: RedisProcess): Promise<number> {
  return ((await master.cli('INFO', 'replication')).match(/state=online/g) ?? []).length;
}

test('REPL-201/202/203 follow real reconnections, full resyncs and a lost replica between snapshots', async (t) => {
  const g = await startReplicationGroup({ replicas: 2, master: { 'repl-diskless-sync-delay': 0 } });
  t.after(() => g.stop());
  const m = g.master.address;
  const first = await analyze([g.master.url]);
  for (const id of ['REPL-201', 'REPL-202', 'REPL-203']) {
    const r = only(ofRule(id, first.results), m);
    assert.equal(r.status, 'not_evaluated', id);
    assert.match(r.reason!, /earlier snapshot/);
  }

  // Links break and resume: both replicas continue from the backlog (partial resyncs).
  const partialBefore = await stat(g.master, 'sync_partial_ok');
  await g.master.cli('CLIENT', 'KILL', 'TYPE', 'replica');
  await waitFor('both replicas to resume', async () =>
    (await stat(g.master, 'sync_partial_ok')) >= partialBefore + 2 && (await onlineReplicas(g.master)) === 2
      ? true
      : undefined
  );
  const second = await analyze([g.master.url], { previous: first.fleet });
  const flapping = only(ofRule('REPL-202', second.results), m);
  assert.equal(flapping.status, 'fired');
  assert.equal(flapping.severity, 'warning');
  assert.equal(
    (flapping.evidence.sync_partial_ok_now as number) - (flapping.evidence.sync_partial_ok_before as number),
    2
  );
  assert.equal(only(ofRule('REPL-201', second.results), m).status, 'passed');
  assert.equal(only(ofRule('REPL-203', second.results), m).status, 'passed');

  // One reconnection (a planned replica restart, a blip) is a notice; flapping starts at flapping_resyncs (2).
  const once = structuredClone(first.fleet);
  once.nodes.find((n) => n.address === m)!.info!.stats.sync_partial_ok =
    (flapping.evidence.sync_partial_ok_now as number) - 1;
  const single = only(resultsOnSnapshot('REPL-202', second.fleet, { previous: once }), m);
  assert.equal(single.status, 'fired');
  assert.equal(single.severity, 'notice');
  assert.match(single.message, /^1 replica link\(s\) broke and resumed/);

  // A replica that was briefly promoted comes back with a history the master does not know: the master
  // refuses the partial resync and sends everything again.
  const [stray, other] = g.replicas;
  await stray.cli('REPLICAOF', 'NO', 'ONE');
  await stray.cli('SET', 'written-while-master', '1');
  await stray.cli('REPLICAOF', '127.0.0.1', g.master.port);
  await waitFor('the full resync', async () =>
    (await stat(g.master, 'sync_full')) >= 3 && (await onlineReplicas(g.master)) === 2 ? true : undefined
  );
  const third = await analyze([g.master.url], { previous: second.fleet });
  const resync = only(ofRule('REPL-201', third.results), m);
  assert.equal(resync.status, 'fired');
  assert.equal(resync.severity, 'warning');
  assert.equal((resync.evidence.sync_full_now as number) - (resync.evidence.sync_full_before as number), 1);
  assert.equal(resync.evidence.connected_slaves_now, 2);
  assert.match(resync.message, /^1 full resync\(s\) and 1 refused partial/);
  assert.equal(only(ofRule('REPL-202', third.results), m).status, 'passed');

  // A replica goes away.
  await other.stop();
  await waitFor('the master to notice', async () =>
    (await stat(g.master, 'connected_slaves')) === 1 ? true : undefined
  );
  const fourth = await analyze([g.master.url], { previous: third.fleet });
  const lost = only(ofRule('REPL-203', fourth.results), m);
  assert.equal(lost.status, 'fired');
  assert.equal(lost.evidence.connected_slaves_before, 2);
  assert.equal(lost.evidence.connected_slaves_now, 1);
  // A lost replica explains no full sync: none happened.
  assert.equal(only(ofRule('REPL-201', fourth.results), m).status, 'passed');

  // Recorded: the previous snapshot came from another process (a restart): the counters were reset, so the
  // counter rules cannot judge (the harness cannot restart a process on the same port).
  const restarted = structuredClone(third.fleet);
  restarted.nodes.find((n) => n.address === m)!.info!.server.run_id = '0'.repeat(40);
  for (const id of ['REPL-201', 'REPL-202', 'REPL-203']) {
    const r = only(resultsOnSnapshot(id, fourth.fleet, { previous: restarted }), m);
    assert.equal(r.status, 'not_evaluated', id);
    assert.match(r.reason!, /restarted/);
  }
});

test('REPL-201 does not count the full sync of a newly added replica', async (t) => {
  const g = await startReplicationGroup({ replicas: 1, master: { 'repl-diskless-sync-delay': 0 } });
  t.after(() => g.stop());
  const first = await analyze([g.master.url]);
  const added = await RedisProcess.start({ config: { replicaof: `127.0.0.1 ${g.master.port}` } });
  t.after(() => added.stop());
  await waitFor('the new replica online', async () => ((await onlineReplicas(g.master)) === 2 ? true : undefined));
  const second = await analyze([g.master.url], { previous: first.fleet });
  const r = only(ofRule('REPL-201', second.results), g.master.address);
  assert.equal(r.status, 'passed');
  assert.equal((r.evidence as Record<string, unknown>).sync_full_now, undefined, 'no evidence on a pass');
});

test('REPL-205 passes on live replicas; fires on recorded silent replicas, critical past two minutes', async (t) => {
  const g = await startReplicationGroup({ replicas: 1 });
  t.after(() => g.stop());
  const { fleet, results } = await analyze([g.master.url]);
  assert.equal(only(ofRule('REPL-205', results), g.master.address).status, 'passed');

  // Recorded: a replica silent for 45 s or 150 s (a live replica acknowledges every second).
  const silent = (lag: number) => {
    const copy = structuredClone(fleet);
    const slave0 = copy.nodes.find((n) => n.address === g.master.address)!.info!.replication.slave0 as Record<
      string,
      unknown
    >;
    slave0.lag = lag;
    return copy;
  };
  const warning = only(resultsOnSnapshot('REPL-205', silent(45)), g.master.address);
  assert.equal(warning.status, 'fired');
  assert.equal(warning.severity, 'warning');
  assert.match(warning.message, new RegExp(`${g.replicas[0].address} 45 s`));
  assert.equal(only(resultsOnSnapshot('REPL-205', silent(150)), g.master.address).severity, 'critical');
  assert.equal(
    only(resultsOnSnapshot('REPL-205', silent(45), { labels: { replica_lag_seconds: '60' } }), g.master.address).status,
    'passed'
  );
  // The thresholds are params; the labels above still override them per target.
  const lenient = loadCatalog({
    dirs: [BUILTIN_RULES_DIR],
    params: { 'REPL-205': { lag_seconds: '60', critical_lag_seconds: '300' } },
  });
  const byParams = (lag: number, labels = {}) =>
    only(
      evaluateCatalog(lenient, { fleet: silent(lag), labels }).filter((r) => r.ruleId === 'REPL-205'),
      g.master.address
    );
  assert.equal(byParams(45).status, 'passed');
  assert.equal(byParams(150).severity, 'warning');
  assert.equal(byParams(45, { replica_lag_seconds: '30' }).status, 'fired');
});

test('REPL-206 applies with expected_replicas and compares the real replica count', async (t) => {
  const g = await startReplicationGroup({ replicas: 2 });
  t.after(() => g.stop());
  const { fleet } = await analyze([g.master.url]);
  assert.equal(statusOn(resultsOnSnapshot('REPL-206', fleet), g.master.address), 'absent');
  assert.equal(
    statusOn(resultsOnSnapshot('REPL-206', fleet, { labels: { expected_replicas: '2' } }), g.master.address),
    'passed'
  );
  const fired = only(resultsOnSnapshot('REPL-206', fleet, { labels: { expected_replicas: '3' } }), g.master.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.message, '2 replica(s) connected, 3 expected');
  // master scope: replicas get no result.
  assert.equal(
    statusOn(resultsOnSnapshot('REPL-206', fleet, { labels: { expected_replicas: '3' } }), g.replicas[0].address),
    'absent'
  );
});

test('REPL-204 fires when a replica of a real Sentinel group answers ROLE master', async (t) => {
  // The replicas cannot be re-pointed by Sentinel (SLAVEOF renamed away), so the stray master stays one.
  const set = await startSentinelSet({
    replicas: 2,
    replica: { 'rename-command': ['SLAVEOF ""', 'REPLICAOF test-replicaof'] },
  });
  t.after(() => set.stop());
  const before = await analyze([set.sentinelUrl]);
  assert.equal(only(ofRule('REPL-204', before.results), set.masterName).status, 'passed');

  const stray = set.replicas[0];
  await stray.cli('test-replicaof', 'NO', 'ONE');
  await waitFor('the replica to become a master', async () =>
    /^role:master/m.test(await stray.cli('INFO', 'replication')) ? true : undefined
  );
  const after = await analyze([set.sentinelUrl]);
  const fired = only(ofRule('REPL-204', after.results), set.masterName);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'critical');
  assert.deepEqual(fired.evidence.replicas_answering_master, [stray.address]);
  assert.equal(fired.evidence.master, set.master.address);
});
