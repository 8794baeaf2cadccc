/**
 * The Grafana side (gRPC plugin protocol): oversize messages, a malformed
 * protobuf, 10,000 queries in one QueryData, a CallResource with a huge
 * body, another tenant's token in the PluginContext. Each is answered with
 * an error, nothing changes, and the sidecar stays ready.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { RedisProcess } from '../harness/redis-process.js';
import { dataQuery, dial, pluginContext } from '../../grafana/test-support/grafana-host.js';
import { loadProtocol } from '../../grafana/proto/load-protocol.js';
import { A_EDITOR, analyse, B_EDITOR, startLoggedSidecar, TWO_TENANTS, type LoggedSidecar } from './support.js';

let redis: RedisProcess;
let sc: LoggedSidecar;
let grafana: ReturnType<typeof dial>;
let targetId: string;
let anomalyId: string;

before(async () => {
  redis = await RedisProcess.start({ config: { timeout: 0 } });
  sc = await startLoggedSidecar(
    { tenants: TWO_TENANTS, targets: [{ tenant: 'team-a', name: 'cache', url: redis.url, intervalSeconds: 3600 }] },
    { grpcListen: '127.0.0.1:0' }
  );
  targetId = (await sc.api('GET', '/api/v1/targets', { token: A_EDITOR })).body.items[0].id;
  await analyse(sc, A_EDITOR, targetId);
  anomalyId = (await sc.api('GET', '/api/v1/anomalies?status=open', { token: A_EDITOR })).body.items[0].id;
  grafana = dial(sc.sidecar.grpcAddress!);
});

after(async () => {
  grafana?.close();
  await sc?.stop();
  await redis?.stop();
});

/** What tenant A's data looks like: compared before and after each abuse. */
const stateOfA = async () =>
  JSON.stringify([
    (await sc.api('GET', `/api/v1/anomalies/${anomalyId}`, { token: A_EDITOR })).body,
    (await sc.api('GET', '/api/v1/targets', { token: A_EDITOR })).body,
  ]);

const rawCall = (path: string, payload: Buffer) =>
  new Promise<grpc.ServiceError | undefined>((resolve) => {
    const client = new grpc.Client(sc.sidecar.grpcAddress!, grpc.credentials.createInsecure(), {
      'grpc.max_send_message_length': -1,
    });
    client.makeUnaryRequest(
      path,
      (x: Buffer) => x,
      (x: Buffer) => x,
      payload,
      (error) => {
        client.close();
        resolve(error ?? undefined);
      }
    );
  });

async function stillServing() {
  assert.equal((await sc.api('GET', '/readyz')).status, 200);
  const ok = await grafana.queryData({
    pluginContext: pluginContext(A_EDITOR, 'Viewer'),
    queries: [dataQuery({ refId: 'A', model: { queryType: 'rules' }, from: 0, to: Date.now() })],
  });
  assert.equal(ok.responses.A.status, 200);
}

test('a malformed protobuf is an error, not a crash', async () => {
  const before = await stateOfA();
  for (const path of [
    '/pluginv2.Data/QueryData',
    '/pluginv2.Resource/CallResource',
    '/pluginv2.Diagnostics/CheckHealth',
  ]) {
    const error = await rawCall(
      path,
      Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
    );
    assert.ok(error, path);
    assert.notEqual(error.code, grpc.status.OK);
  }
  assert.equal(await stateOfA(), before);
  await stillServing();
});

test('a message above the receive limit is refused before it is decoded', async () => {
  const error = await rawCall('/pluginv2.Data/QueryData', Buffer.alloc(17 * 1024 * 1024, 0));
  assert.equal(error?.code, grpc.status.RESOURCE_EXHAUSTED);
  await stillServing();
});

test('QueryData with 10,000 queries is refused as a whole', async () => {
  const query = dataQuery({ refId: 'q', model: { queryType: 'anomalies' }, from: 0, to: Date.now() });
  await assert.rejects(
    grafana.queryData({
      pluginContext: pluginContext(A_EDITOR, 'Editor'),
      queries: Array.from({ length: 10000 }, (_, i) => ({ ...query, refId: `q${i}` })),
    }),
    (error: grpc.ServiceError) => error.code === grpc.status.INVALID_ARGUMENT && /at most 100/.test(error.details)
  );
  await stillServing();
});

test('a CallResource with a huge body is refused, and changes nothing', async () => {
  const before = await stateOfA();
  const body = Buffer.from(
    JSON.stringify({ ids: [anomalyId], status: 'acknowledged', note: 'x'.repeat(5 * 1024 * 1024) })
  );
  const res = await grafana.callResource({
    pluginContext: pluginContext(A_EDITOR, 'Editor'),
    path: 'api/v1/anomalies/status',
    method: 'POST',
    url: 'api/v1/anomalies/status',
    headers: { 'Content-Type': { values: ['application/json'] } },
    body,
  });
  assert.equal(res.code, 413);
  // Above the receive limit: refused by grpc-js before it reaches the REST layer.
  const huge = await new Promise<{ error?: grpc.ServiceError; messages: number }>((resolve) => {
    const client = new (loadProtocol().clients.Resource)(sc.sidecar.grpcAddress!, grpc.credentials.createInsecure());
    const stream = (
      client as unknown as { CallResource: (r: object) => grpc.ClientReadableStream<unknown> }
    ).CallResource({
      pluginContext: pluginContext(A_EDITOR, 'Editor'),
      path: 'api/v1/anomalies/status',
      method: 'POST',
      url: 'api/v1/anomalies/status',
      headers: {},
      body: Buffer.alloc(20 * 1024 * 1024, 0x20),
    });
    let messages = 0;
    stream.on('data', () => messages++);
    stream.on('error', (error: grpc.ServiceError) => {
      client.close();
      resolve({ error, messages });
    });
    stream.on('end', () => {
      client.close();
      resolve({ messages });
    });
  });
  assert.equal(huge.error?.code, grpc.status.RESOURCE_EXHAUSTED);
  assert.equal(huge.messages, 0);
  assert.equal(await stateOfA(), before);
  await stillServing();
});

test("another tenant's token in the PluginContext reaches nothing of tenant A", async () => {
  const before = await stateOfA();
  const asB = pluginContext(B_EDITOR, 'Admin');
  const change = await grafana.callResource({
    pluginContext: asB,
    path: `api/v1/anomalies/${anomalyId}/status`,
    method: 'POST',
    url: `api/v1/anomalies/${anomalyId}/status`,
    headers: { 'Content-Type': { values: ['application/json'] }, Authorization: { values: [`Bearer ${A_EDITOR}`] } },
    body: Buffer.from(JSON.stringify({ status: 'resolved', note: 'from B' })),
  });
  assert.equal(change.code, 404, change.body.toString());
  for (const path of [
    `api/v1/targets/${targetId}`,
    `api/v1/anomalies/${anomalyId}`,
    `api/v1/targets/${targetId}/config`,
  ]) {
    const read = await grafana.callResource({
      pluginContext: asB,
      path,
      method: 'GET',
      url: path,
      headers: {},
      body: Buffer.alloc(0),
    });
    assert.equal(read.code, 404, path);
  }
  const queried = await grafana.queryData({
    pluginContext: asB,
    queries: [
      dataQuery({ refId: 'C', model: { queryType: 'config', target: targetId }, from: 0, to: Date.now() }),
      dataQuery({ refId: 'A', model: { queryType: 'anomalies' }, from: 0, to: Date.now() }),
    ],
  });
  assert.notEqual(queried.responses.C.status, 200);
  assert.ok(queried.responses.C.error);
  assert.ok(
    !Buffer.concat(queried.responses.A.frames).toString('latin1').includes(anomalyId),
    "A's anomaly is not in B's frames"
  );
  assert.equal(await stateOfA(), before);
  await stillServing();
});
