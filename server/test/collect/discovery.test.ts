import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { startCluster, startReplicationGroup } from '../harness/topologies.js';
import { makeTlsCertificates } from '../harness/tls-certificates.js';
import { freePort } from '../harness/free-port.js';
import { runCliJson } from '../harness/run-cli.js';
import { analyze } from '../harness/rule-check.js';

test('from one Cluster node, every node of the Cluster is found and grouped', async (t) => {
  const cluster = await startCluster({ masters: 3, replicasPerMaster: 1 });
  t.after(() => cluster.stop());
  const { fleet } = await analyze([cluster.all[4].url]);
  assert.deepEqual(fleet.nodes.map((n) => n.address).sort(), cluster.all.map((p) => p.address).sort());
  assert.equal(fleet.groups.length, 1);
  assert.equal(fleet.groups[0].kind, 'cluster');
  assert.equal(fleet.groups[0].members.length, 6);
  const node = fleet.nodes[0];
  assert.equal(node.cluster?.info.cluster_state, 'ok');
  assert.equal(
    node.cluster?.nodes.reduce((sum, n) => sum + n.slotCount, 0),
    16384
  );
});

test('from a replica, its master and sibling replicas are found', async (t) => {
  const group = await startReplicationGroup({ replicas: 2 });
  t.after(() => group.stop());
  const { fleet } = await analyze([group.replicas[1].url]);
  assert.deepEqual(fleet.nodes.map((n) => n.address).sort(), group.all.map((p) => p.address).sort());
  assert.deepEqual(fleet.groups, [
    {
      id: group.master.address,
      kind: 'replication',
      master: group.master.address,
      replicas: group.replicas.map((r) => r.address).sort(),
      sentinels: [],
      members: [],
    },
  ]);
});

test('rediss:// verifies the server certificate against the trusted CAs', async (t) => {
  const tls = makeTlsCertificates();
  const tlsPort = await freePort();
  const redis = await RedisProcess.start({
    config: {
      'tls-port': tlsPort,
      'tls-cert-file': tls.cert,
      'tls-key-file': tls.key,
      'tls-ca-cert-file': tls.ca,
      'tls-auth-clients': 'no',
    },
  });
  t.after(async () => {
    await redis.stop();
    tls.remove();
  });
  const url = `rediss://127.0.0.1:${tlsPort}`;
  const trusted = await runCliJson(['analyze', url], { NODE_EXTRA_CA_CERTS: tls.ca });
  assert.equal(trusted.report.targets[0].reachable, true, JSON.stringify(trusted.report.targets));
  assert.match(trusted.report.targets[0].version, /^\d+\.\d+\.\d+/);
  const untrusted = await runCliJson(['analyze', url]);
  assert.equal(untrusted.code, 2);
  assert.match(untrusted.report.targets[0].error, /TLS handshake with 127\.0\.0\.1:\d+ failed: .*certificate/);
});
