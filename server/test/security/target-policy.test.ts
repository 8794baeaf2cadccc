/**
 * Finding 3 (medium): any host and port was accepted (169.254.169.254:80,
 * the sidecar's own REST port, 127.0.0.1:22), polled every second, and the
 * analysis error told a closed port from an open non-Redis port from an
 * unknown host. API targets now pass the operator's target policy; a
 * refused endpoint is never contacted, and refusals read alike.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { freePort } from '../harness/free-port.js';
import {
  A_EDITOR,
  analyse,
  startListener,
  startLoggedSidecar,
  TWO_TENANTS,
  type Listener,
  type LoggedSidecar,
} from './support.js';

let redis: RedisProcess;
let replica: RedisProcess;
let sc: LoggedSidecar;
let listener: Listener;

before(async () => {
  listener = await startListener('+OK\r\n');
  redis = await RedisProcess.start({ config: { timeout: 0 } });
  sc = await startLoggedSidecar({ tenants: TWO_TENANTS }, { grpcListen: '127.0.0.1:0' });
});

after(async () => {
  await sc?.stop();
  await replica?.stop();
  await redis?.stop();
  await listener?.close();
});

const register = (s: LoggedSidecar, body: Record<string, unknown>) =>
  s.api('POST', '/api/v1/targets', { token: A_EDITOR, body: { intervalSeconds: 3600, ...body } });

test('link-local, metadata, public, privileged and own ports are refused, naming the policy', async () => {
  const restPort = new URL(sc.sidecar.url).port;
  const grpcPort = sc.sidecar.grpcAddress!.split(':').at(-1);
  const cases: [string, RegExp][] = [
    ['redis://169.254.169.254:6379', /--target-allow-cidr/],
    ['redis://169.254.169.254:80', /--target-allow-port/],
    ['redis://[fe80::1]:6379', /--target-allow-cidr/],
    ['redis://[::ffff:169.254.169.254]:6379', /--target-allow-cidr/],
    ['redis://[fd00:ec2::254]:6379', /--target-allow-cidr/],
    ['redis://0.0.0.0:6379', /--target-allow-cidr/],
    ['redis://8.8.8.8:6379', /--target-allow-cidr/],
    ['redis://127.0.0.1:22', /--target-allow-port/],
    [`redis://127.0.0.1:${restPort}`, /sidecar's own ports/],
    [`redis://localhost:${grpcPort}`, /sidecar's own ports/],
    [`redis-sentinel://${redis.address},169.254.169.254:26379/mymaster`, /--target-allow-cidr/],
  ];
  for (const [url, policy] of cases) {
    const res = await register(sc, { name: `x${cases.findIndex((c) => c[0] === url)}`, url });
    assert.equal(res.status, 403, `${url}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, 'refused_by_policy', url);
    assert.match(res.body.error.message, /target policy/, url);
    assert.match(res.body.error.message, policy, url);
  }
  const often = await register(sc, { name: 'often', url: redis.url, intervalSeconds: 1 });
  assert.equal(often.status, 403);
  assert.match(often.body.error.message, /--target-min-interval/);
  assert.deepEqual((await sc.api('GET', '/api/v1/targets', { token: A_EDITOR })).body.items, []);
});

test('an unknown host and a refused address read alike: the answer does not map the network', async () => {
  const unknown = await register(sc, { name: 'u', url: 'redis://no-such-host.invalid:6379' });
  const refused = await register(sc, { name: 'r', url: 'redis://8.8.8.8:6379' });
  assert.equal(unknown.status, refused.status);
  assert.equal(
    unknown.body.error.message.replace('no-such-host.invalid', 'H'),
    refused.body.error.message.replace('8.8.8.8', 'H')
  );
});

test('allowed targets work and keep useful errors', async () => {
  const ok = await register(sc, { name: 'cache', url: redis.url });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal((await analyse(sc, A_EDITOR, ok.body.id)).status, 'succeeded');
  const closed = await register(sc, { name: 'closed', url: `redis://127.0.0.1:${await freePort()}` });
  assert.equal(closed.status, 201);
  const failed = await analyse(sc, A_EDITOR, closed.body.id);
  assert.equal(failed.status, 'failed');
  assert.match(failed.error, /cannot connect/);
});

// Also where analyses run on worker threads: the check stays on the main thread, which holds the policy.
let masterPort: number | undefined;
for (const analysisThreads of [0, 1]) {
  test(`nodes a target leads to are held to the same policy (analysis threads: ${analysisThreads})`, async () => {
    // A replica whose master is on a port the policy does not allow: discovery must not go there.
    masterPort ??= await freePort();
    replica ??= await RedisProcess.start({ config: { timeout: 0, replicaof: `127.0.0.1 ${masterPort}` } });
    const narrow = await startLoggedSidecar(
      { tenants: TWO_TENANTS },
      { targetPolicy: { allowPorts: [String(replica.port)] }, analysisThreads }
    );
    try {
      const res = await register(narrow, { name: 'replica', url: replica.url });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const analysis = await analyse(narrow, A_EDITOR, res.body.id);
      const snapshot = (await narrow.api('GET', `/api/v1/snapshots/${analysis.snapshotId}`, { token: A_EDITOR })).body;
      const master = snapshot.fleet.nodes.find((n: any) => n.address === `127.0.0.1:${masterPort}`);
      assert.ok(master, JSON.stringify(snapshot.fleet.nodes.map((n: any) => n.address)));
      assert.equal(master.error.code, 'refused_by_policy');
    } finally {
      await narrow.stop();
    }
  });
}

test('a refused endpoint is never contacted, also for a target stored before the policy; caps and provisioning', async () => {
  const strict = await startLoggedSidecar(
    {
      tenants: TWO_TENANTS,
      // Provisioned targets are the operator's: outside the policy and every second is fine.
      targets: [{ tenant: 'team-b', name: 'trusted', url: redis.url, intervalSeconds: 1 }],
    },
    { targetPolicy: { allowCidrs: ['10.0.0.0/8'], maxTargetsPerTenant: 2 } }
  );
  try {
    const res = await register(strict, { name: 'listener', url: `redis://127.0.0.1:${listener.port}` });
    assert.equal(res.status, 403);
    const now = Date.now();
    const id = '0b7e3b7c-52a4-4c36-9d1e-7d1a9b8e6f51';
    await strict.sidecar.store.targets.create({
      id,
      tenantId: 'team-a',
      name: 'legacy',
      url: `redis://127.0.0.1:${listener.port}`,
      labels: {},
      intervalSeconds: 1,
      enabled: true,
      provisioned: false,
      createdAt: now,
      updatedAt: now,
    });
    const analysis = await analyse(strict, A_EDITOR, id);
    assert.equal(analysis.status, 'failed');
    assert.match(analysis.error, /target policy/);
    assert.equal(listener.connections, 0, 'nothing was sent to a refused endpoint');

    // Cap: "legacy" counts, one more fits, the third is refused.
    const second = await register(strict, { name: 'two', url: 'redis://10.0.0.1:6379', enabled: false });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    const third = await register(strict, { name: 'three', url: 'redis://10.0.0.2:6379', enabled: false });
    assert.equal(third.status, 403);
    assert.match(third.body.error.message, /--max-targets-per-tenant 2/);

    const trusted = (await strict.api('GET', '/api/v1/targets', { token: 'sec-tenant-b-editor-9a8b7c6d5e4f3a2b' })).body
      .items[0];
    const ran = await analyse(strict, 'sec-tenant-b-editor-9a8b7c6d5e4f3a2b', trusted.id);
    assert.equal(ran.status, 'succeeded', ran.error);
  } finally {
    await strict.stop();
  }
});
