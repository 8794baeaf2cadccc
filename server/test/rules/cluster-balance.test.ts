import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess, waitFor } from '../harness/redis-process.js';
import { startCluster } from '../harness/topologies.js';
import { analyze, resultsOnSnapshot } from '../harness/rule-check.js';
import type { RuleResult } from '../../rules/results.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';
import { evaluateCatalog } from '../../rules/evaluator.js';

function only(results: RuleResult[], target: string): RuleResult {
  const mine = results.filter((r) => r.target === target);
  assert.equal(mine.length, 1, `one result on ${target}`);
  return mine[0];
}

const ofRule = (id: string, results: RuleResult[]) => results.filter((r) => r.ruleId === id);

test('CLUSTER-201/202 pass on a balanced real cluster and fire when one master holds the data', async (t) => {
  const cluster = await startCluster({ masters: 3, config: { 'enable-debug-command': 'local' } });
  t.after(() => cluster.stop());
  const balanced = await analyze([cluster.masters[0].url]);
  const group = balanced.fleet.groups.find((g) => g.kind === 'cluster')!.id;
  assert.equal(only(ofRule('CLUSTER-201', balanced.results), group).status, 'passed');
  assert.equal(only(ofRule('CLUSTER-202', balanced.results), group).status, 'passed');

  // 20000 keys of 200 bytes (about 5 MB) on one master: DEBUG POPULATE writes them without slot routing,
  // which is what a hash tag that pins everything to one shard amounts to.
  await cluster.masters[0].cli('DEBUG', 'POPULATE', 20000, 'hot', 200);
  const { fleet, results } = await analyze([cluster.masters[0].url]);
  // The defaults (64 MB and 100000 keys of difference) are far above this small test cluster.
  assert.equal(only(ofRule('CLUSTER-201', results), group).status, 'passed');
  assert.equal(only(ofRule('CLUSTER-202', results), group).status, 'passed');

  const floors = { cluster_memory_imbalance_min_bytes: '1000000', cluster_key_imbalance_min_keys: '1000' };
  const memory = only(resultsOnSnapshot('CLUSTER-201', fleet, { labels: floors }), group);
  assert.equal(memory.status, 'fired');
  assert.equal(memory.severity, 'warning');
  const byMaster = memory.evidence.used_memory_by_master as { address: string; used_memory: number }[];
  assert.equal(byMaster.length, 3);
  const keys = only(resultsOnSnapshot('CLUSTER-202', fleet, { labels: floors }), group);
  assert.equal(keys.status, 'fired');
  assert.equal(keys.severity, 'notice');
  const keysByMaster = keys.evidence.keys_by_master as { address: string; keys: number }[];
  assert.equal(keysByMaster.find((m) => m.address === cluster.masters[0].address)!.keys, 20000);
  // A memory ratio nobody reaches keeps CLUSTER-201 quiet; against empty masters any key ratio holds, so
  // only the difference floor keeps CLUSTER-202 quiet.
  const lenient = { ...floors, cluster_imbalance_ratio: '1000000' };
  assert.equal(only(resultsOnSnapshot('CLUSTER-201', fleet, { labels: lenient }), group).status, 'passed');
  assert.equal(only(resultsOnSnapshot('CLUSTER-202', fleet, { labels: lenient }), group).status, 'fired');
  const higherFloor = { cluster_key_imbalance_min_keys: '20000' };
  assert.equal(only(resultsOnSnapshot('CLUSTER-202', fleet, { labels: higherFloor }), group).status, 'passed');
  assert.match(keys.message, new RegExp(`^master ${cluster.masters[0].address} holds 20000 keys, `));

  // The thresholds are params; the labels above override them per target.
  const byParams = loadCatalog({
    dirs: [BUILTIN_RULES_DIR],
    params: { 'CLUSTER-201': { min_difference_bytes: '1000000' }, 'CLUSTER-202': { min_difference_keys: '1000' } },
  });
  const withParams = (id: string, labels = {}) =>
    only(
      evaluateCatalog(byParams, { fleet, labels }).filter((r) => r.ruleId === id),
      group
    ).status;
  assert.equal(withParams('CLUSTER-201'), 'fired');
  assert.equal(withParams('CLUSTER-202'), 'fired');
  assert.equal(withParams('CLUSTER-202', { cluster_key_imbalance_min_keys: '20000' }), 'passed');
});

test('CLUSTER-203 needs history and fires when a real cluster node goes from ok to fail', async (t) => {
  // A one-node cluster that owns every slot; dropping one slot makes it fail (full coverage is required).
  const node = await RedisProcess.start({ config: { 'cluster-enabled': 'yes' } });
  t.after(() => node.stop());
  await node.cli('CLUSTER', 'ADDSLOTSRANGE', 0, 16383);
  const state = async () => /cluster_state:(\w+)/.exec(await node.cli('CLUSTER', 'INFO'))![1];
  await waitFor('cluster_state ok', async () => ((await state()) === 'ok' ? true : undefined));

  const first = await analyze([node.url]);
  const noHistory = only(ofRule('CLUSTER-203', first.results), node.address);
  assert.equal(noHistory.status, 'not_evaluated');
  const second = await analyze([node.url], { previous: first.fleet });
  assert.equal(only(ofRule('CLUSTER-203', second.results), node.address).status, 'passed');

  await node.cli('CLUSTER', 'DELSLOTS', 0);
  await waitFor('cluster_state fail', async () => ((await state()) === 'fail' ? true : undefined));
  const third = await analyze([node.url], { previous: second.fleet });
  const fired = only(ofRule('CLUSTER-203', third.results), node.address);
  assert.equal(fired.status, 'fired');
  assert.equal(fired.severity, 'warning');
  assert.equal(fired.message.split(' in the last')[0], 'cluster_state went from ok to fail');

  // Still failing is CLUSTER-101's case, not a change.
  const fourth = await analyze([node.url], { previous: third.fleet });
  assert.equal(only(ofRule('CLUSTER-203', fourth.results), node.address).status, 'passed');

  // Not a cluster node: the rule does not apply.
  const plain = await RedisProcess.start();
  t.after(() => plain.stop());
  const once = await analyze([plain.url]);
  const again = await analyze([plain.url], { previous: once.fleet });
  assert.equal(ofRule('CLUSTER-203', again.results).length, 0);
});
