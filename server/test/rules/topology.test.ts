import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSentinelSet } from '../harness/topologies.js';
import { resultsOf } from '../harness/rule-check.js';

test('TOPO-001 passes on a healthy Sentinel group and names a dead replica and a dead Sentinel', async (t) => {
  const set = await startSentinelSet({ replicas: 2, sentinels: 3 });
  t.after(() => set.stop());
  const healthy = await resultsOf('TOPO-001', [set.sentinelUrl]);
  assert.deepEqual(
    healthy.map((r) => [r.target, r.status]),
    [[set.masterName, 'passed']]
  );

  await set.replicas[1].stop();
  await set.sentinels[2].stop();
  // The surviving sentinels still list both: the group keeps them, unreachable.
  const [down] = await resultsOf('TOPO-001', [`redis-sentinel://${set.sentinels[0].address}/${set.masterName}`]);
  assert.equal(down.status, 'fired');
  assert.equal(down.severity, 'warning', 'the master is up: redundancy is lost, writes still work');
  assert.equal(
    down.message,
    `unreachable in group ${set.masterName}: ${set.replicas[1].address}, ${set.sentinels[2].address}`
  );
  assert.deepEqual(down.evidence, {
    unreachable_nodes: [set.replicas[1].address],
    unreachable_sentinels: [set.sentinels[2].address],
  });
});
