import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze, resultsOf, statusOn } from '../harness/rule-check.js';

test('NET-004 is a notice for a socket writable by others and passes for 770, 750 or no socket', async (t) => {
  // A relative unixsocket path is created in the server's own directory (redis.dir):
  // Redis changes into `dir` while reading the configuration.
  const start = (perm?: string) =>
    RedisProcess.start({ config: perm ? { unixsocket: 'redis.sock', unixsocketperm: perm } : {} });
  const [world, group, owner, none] = await Promise.all([start('777'), start('770'), start('750'), start()]);
  t.after(() => Promise.all([world, group, owner, none].map((p) => p.stop())));

  // The sockets really have these modes.
  assert.equal(statSync(join(world.dir, 'redis.sock')).mode & 0o777, 0o777);
  assert.equal(statSync(join(owner.dir, 'redis.sock')).mode & 0o777, 0o750);

  const { results } = await analyze([world, group, owner, none].map((p) => p.url));
  const mine = results.filter((r) => r.ruleId === 'NET-004');
  assert.equal(statusOn(mine, world.address), 'fired');
  assert.equal(mine.find((r) => r.target === world.address)!.severity, 'notice');
  assert.deepEqual(mine.find((r) => r.target === world.address)!.evidence, {
    unixsocket: 'redis.sock',
    unixsocketperm: 777,
  });
  // A group-writable socket is how redis.conf's 770 admits a client group.
  assert.equal(statusOn(mine, group.address), 'passed');
  assert.equal(statusOn(mine, owner.address), 'passed');
  assert.equal(statusOn(mine, none.address), 'passed');
});

test('NET-005 is critical behind NAT without an announced address, a warning with ports unset, and passes once all are set', async (t) => {
  // One cluster-enabled node is enough: the rule reads that node's own configuration.
  const node = await RedisProcess.start({ config: { 'cluster-enabled': 'yes', 'cluster-config-file': 'nodes.conf' } });
  t.after(() => node.stop());
  const nat = { labels: { behind_nat: 'yes' } };

  const results = await resultsOf('NET-005', [node.url], nat);
  assert.equal(statusOn(results, node.address), 'fired');
  assert.equal(results[0].severity, 'critical');
  assert.deepEqual(results[0].evidence, {
    cluster_announce_ip: '',
    cluster_announce_port: 0,
    cluster_announce_bus_port: 0,
    behind_nat: true,
  });
  assert.equal(
    statusOn(await resultsOf('NET-005', [node.url], { labels: { behind_nat: 'no' } }), node.address),
    'passed'
  );
  // behind_nat has no default: without it the rule does not apply.
  assert.equal(statusOn(await resultsOf('NET-005', [node.url]), node.address), 'absent');

  // Only the address announced: the mapped ports are still missing.
  await node.cli('CONFIG', 'SET', 'cluster-announce-ip', '203.0.113.10');
  const portsOnly = await resultsOf('NET-005', [node.url], nat);
  assert.equal(statusOn(portsOnly, node.address), 'fired');
  assert.equal(portsOnly[0].severity, 'warning');
  assert.match(portsOnly[0].message, /leaves cluster-announce-port, cluster-announce-bus-port unset/);
  await node.cli('CONFIG', 'SET', 'cluster-announce-port', '30001');
  await node.cli('CONFIG', 'SET', 'cluster-announce-bus-port', '40001');
  assert.equal(statusOn(await resultsOf('NET-005', [node.url], nat), node.address), 'passed');
});

test('NET-005 does not apply to a node without cluster mode', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  assert.equal(
    statusOn(await resultsOf('NET-005', [redis.url], { labels: { behind_nat: 'yes' } }), redis.address),
    'absent'
  );
});
