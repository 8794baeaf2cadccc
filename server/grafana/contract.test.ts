/**
 * Contract test: this file plays Grafana. It starts the stub executable
 * with the environment Grafana gives a backend plugin, checks the
 * handshake line, dials the address it names with the project's .proto and
 * makes the calls Grafana makes: health, CheckHealth, QueryData (several
 * refIds, some invalid), CallResource, CollectMetrics, GRPCController
 * Shutdown, plus go-plugin's broker and stdio calls. Every frame is decoded
 * with apache-arrow's IPC file reader.
 *
 * The service behind the gRPC server is built from plain arrays
 * (test-support/array-read-service.ts) and the REST layer is a tiny express
 * app honouring the header contract; sidecar.contract.test.ts runs the same
 * host against the real sidecar analysing real Redis.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { RecordBatchFileReader, TimeUnit, Type, type Table, type Timestamp } from 'apache-arrow';
import { startGrafanaServer, type GrafanaServer } from './server.js';
import { arrayReadService } from './test-support/array-read-service.js';
import { fixture, MINUTE, NOW, TOKENS } from './test-support/fixture.js';
import {
  closesWithin,
  dataQuery,
  decodeFrames,
  dial,
  grafanaPluginEnv,
  parseHandshake,
  pluginContext,
  startStub,
  type StartedStub,
} from './test-support/grafana-host.js';
import { BIG_BODY_BYTES, resourceApp } from './test-support/resource-app.js';
import { BODY_CHUNK_BYTES } from './resource-bridge.js';
import type { GrafanaLogger } from './logger.js';

const quiet: GrafanaLogger = { info: () => {}, warn: () => {}, error: () => {} };
const names = (table: Table) => table.schema.fields.map((f) => f.name);
const meta = (table: Table, key: string) => table.schema.metadata.get(key);
const nanos = (table: Table, field: string) => [...(table.getChild(field)!.data[0].values as BigInt64Array)];

describe('Grafana go-plugin host against the RedisLens gRPC server', () => {
  const data = fixture();
  const service = arrayReadService(data);
  let server: GrafanaServer;
  let stub: StartedStub;
  let grafana: ReturnType<typeof dial>;
  let handshake: ReturnType<typeof parseHandshake>;

  before(async () => {
    server = await startGrafanaServer({
      listen: '127.0.0.1:0',
      service,
      resourceHandler: resourceApp(service),
      logger: quiet,
    });
    stub = startStub(grafanaPluginEnv({ GF_PLUGIN_SIDECAR_ADDRESS: server.address }));
    handshake = parseHandshake(await stub.handshake);
    grafana = dial(handshake.address);
  });

  after(async () => {
    grafana?.close();
    stub?.child.kill('SIGTERM');
    await stub?.closed;
    await server?.close();
  });

  test('the handshake names the sidecar: core 1, app protocol 2, tcp, grpc, five fields', () => {
    assert.equal(stub.stdout(), `1|2|tcp|${server.address}|grpc\n`);
    assert.deepEqual(handshake, { core: '1', app: '2', network: 'tcp', address: server.address, protocol: 'grpc' });
  });

  test('grpc.health.v1 reports "plugin" SERVING', async () => {
    assert.equal((await grafana.healthCheck('plugin')).status, 'SERVING');
    await assert.rejects(
      grafana.healthCheck('something-else'),
      (e: grpc.ServiceError) => e.code === grpc.status.NOT_FOUND
    );
  });

  test("go-plugin's broker and stdio services answer UNIMPLEMENTED (tolerated by go-plugin)", async () => {
    for (const path of ['/plugin.GRPCBroker/StartStream', '/plugin.GRPCStdio/StreamStdio']) {
      await assert.rejects(grafana.rawUnary(path), (e: grpc.ServiceError) => e.code === grpc.status.UNIMPLEMENTED);
    }
  });

  describe('CheckHealth', () => {
    test('OK with a valid token, naming the tenant', async () => {
      const res = await grafana.checkHealth({ pluginContext: pluginContext(TOKENS.acmeEditor, 'Admin') });
      assert.equal(res.status, 'OK');
      assert.match(res.message, /tenant acme, 1 target, read and write/);
      assert.deepEqual(JSON.parse(res.jsonDetails.toString()), { tenantId: 'acme', role: 'editor', targets: 1 });
    });

    test('a Viewer is told the datasource is read only for them', async () => {
      const res = await grafana.checkHealth({ pluginContext: pluginContext(TOKENS.acmeEditor, 'Viewer') });
      assert.match(res.message, /read only/);
    });

    test('ERROR "the API token is not valid for this sidecar" with an unknown token', async () => {
      const res = await grafana.checkHealth({ pluginContext: pluginContext('not-a-token', 'Admin') });
      assert.equal(res.status, 'ERROR');
      assert.equal(res.message, 'the API token is not valid for this sidecar');
    });

    test('ERROR "no API token is set" without a token: not "not valid"', async () => {
      for (const token of [undefined, '']) {
        const res = await grafana.checkHealth({ pluginContext: pluginContext(token, 'Admin') });
        assert.equal(res.status, 'ERROR');
        assert.match(res.message, /^no API token is set on this datasource/);
        assert.doesNotMatch(res.message, /not valid/);
      }
    });

    test('ERROR when the store is not ready', async (t) => {
      data.healthy = false;
      t.after(() => (data.healthy = true));
      const res = await grafana.checkHealth({ pluginContext: pluginContext(TOKENS.acmeEditor, 'Admin') });
      assert.equal(res.status, 'ERROR');
      assert.match(res.message, /not ready: store closed/);
    });
  });

  describe('QueryData', () => {
    const range = { from: NOW - 60 * MINUTE, to: NOW };
    let responses: Awaited<ReturnType<typeof grafana.queryData>>['responses'];

    before(async () => {
      const queries = [
        dataQuery({ refId: 'A', model: { queryType: 'anomalies' }, ...range }),
        dataQuery({ refId: 'B', model: { queryType: 'anomalyCounts' }, ...range, intervalMs: 10 * MINUTE }),
        dataQuery({ refId: 'C', model: { queryType: 'instances', target: 'cache' }, ...range }),
        dataQuery({ refId: 'D', model: { queryType: 'metrics', metrics: ['used_memory'] }, ...range }),
        dataQuery({ refId: 'E', model: { queryType: 'config', target: 'redis://10.0.0.1:6379' }, ...range }),
        dataQuery({ refId: 'F', model: { queryType: 'topology', target: 't-cache' }, ...range }),
        dataQuery({ refId: 'G', model: { queryType: 'rules', category: 'memory' }, ...range }),
        dataQuery({ refId: 'BAD_TYPE', model: { queryType: 'keys' }, ...range }),
        dataQuery({ refId: 'BAD_FIELD', model: { queryType: 'metrics' }, ...range }),
        dataQuery({ refId: 'OTHER_TENANT', model: { queryType: 'config', target: 'secret-target' }, ...range }),
        {
          refId: 'BAD_JSON',
          queryType: 'anomalies',
          json: Buffer.from('{nope'),
          intervalMS: 0,
          maxDataPoints: 0,
          timeRange: { fromEpochMS: range.from, toEpochMS: range.to },
        },
      ];
      ({ responses } = await grafana.queryData({ pluginContext: pluginContext(TOKENS.acmeViewer, 'Viewer'), queries }));
    });

    test('every refId answers; invalid ones fail alone with a status and a message', () => {
      assert.deepEqual(Object.keys(responses).sort(), [
        'A',
        'B',
        'BAD_FIELD',
        'BAD_JSON',
        'BAD_TYPE',
        'C',
        'D',
        'E',
        'F',
        'G',
        'OTHER_TENANT',
      ]);
      for (const refId of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) {
        assert.equal(responses[refId].error, '', `${refId}: ${responses[refId].error}`);
        assert.equal(responses[refId].status, 200);
      }
      assert.match(responses.BAD_TYPE.error, /unknown queryType "keys"/);
      assert.match(responses.BAD_FIELD.error, /invalid metrics query: metrics: name at least one INFO field/);
      assert.match(responses.OTHER_TENANT.error, /no target "secret-target"/);
      assert.match(responses.BAD_JSON.error, /not valid JSON/);
      for (const refId of ['BAD_TYPE', 'BAD_FIELD', 'OTHER_TENANT', 'BAD_JSON']) {
        assert.equal(responses[refId].status, 400);
        assert.equal(responses[refId].errorSource, 'downstream');
        assert.deepEqual(responses[refId].frames, []);
      }
    });

    test('every frame is an Arrow IPC file carrying its refId', () => {
      for (const [refId, response] of Object.entries(responses)) {
        for (const bytes of response.frames) {
          assert.equal(bytes.subarray(0, 6).toString('latin1'), 'ARROW1');
          const reader = RecordBatchFileReader.from(bytes);
          reader.open();
          assert.equal(reader.schema.metadata.get('refId'), refId);
          for (const field of reader.schema.fields) {
            assert.notEqual(field.typeId, Type.Dictionary, `${refId} ${field.name} is dictionary encoded`);
            if (field.typeId === Type.Timestamp) assert.equal((field.type as Timestamp).unit, TimeUnit.NANOSECOND);
          }
        }
      }
    });

    test("anomalies: a table of the tenant's open and acknowledged anomalies in range, newest first", () => {
      const [table] = decodeFrames(responses.A.frames);
      assert.equal(meta(table, 'name'), 'anomalies');
      assert.deepEqual(JSON.parse(meta(table, 'meta')!), { preferredVisualisationType: 'table' });
      assert.deepEqual(table.getChild('id')!.toArray(), ['a2', 'a1']);
      assert.deepEqual(nanos(table, 'lastSeen'), [BigInt(NOW) * 1_000_000n, BigInt(NOW - MINUTE) * 1_000_000n]);
      assert.deepEqual(nanos(table, 'firstSeen'), [
        BigInt(NOW - 10 * MINUTE) * 1_000_000n,
        BigInt(NOW - 30 * MINUTE) * 1_000_000n,
      ]);
      assert.equal(table.schema.fields.find((f) => f.name === 'resolvedAt')!.nullable, true);
      assert.deepEqual([...table.getChild('subject')!], ['slowlog', null]);
      assert.equal(table.getChild('target')!.get(0), 'cache');
    });

    test('anomalyCounts: a wide time series, one row per interval bucket, time then critical/warning/notice', () => {
      const [table] = decodeFrames(responses.B.frames);
      assert.deepEqual(JSON.parse(meta(table, 'meta')!), { type: 'timeseries-wide', typeVersion: [0, 1] });
      assert.deepEqual(names(table), ['time', 'critical', 'warning', 'notice']);
      assert.equal(table.numRows, 7, '60 minutes at 10-minute buckets, both ends');
      assert.deepEqual(nanos(table, 'time')[0], BigInt(NOW - 60 * MINUTE) * 1_000_000n);
      assert.deepEqual(nanos(table, 'time')[6], BigInt(NOW) * 1_000_000n);
      // a3 (critical) open from -50 to -40 min; a1 (critical) from -30; a2 (warning) from -10.
      assert.deepEqual([...table.getChild('critical')!], [0, 1, 0, 1, 1, 1, 1]);
      assert.deepEqual([...table.getChild('warning')!], [0, 0, 0, 0, 0, 1, 1]);
      assert.deepEqual(JSON.parse(table.schema.fields[1].metadata.get('labels')!), { severity: 'critical' });
      assert.equal(table.schema.fields[1].typeId, Type.Float);
    });

    test('instances: one row per node, nullable where an unreachable node has no value', () => {
      const [table] = decodeFrames(responses.C.frames);
      assert.deepEqual(table.getChild('address')!.toArray(), ['10.0.0.1:6379', '10.0.0.2:6379']);
      assert.deepEqual([...table.getChild('version')!], ['7.2.4', null]);
      assert.deepEqual([...table.getChild('reachable')!], [true, false]);
      assert.equal(table.schema.fields.find((f) => f.name === 'lastAnalysedAt')!.typeId, Type.Timestamp);
      assert.deepEqual(
        [...(table.getChild('lastAnalysedAt')!.data[0].values as BigInt64Array)][0],
        BigInt(NOW - MINUTE) * 1_000_000n
      );
    });

    test('metrics: one timeseries-multi frame per series, labelled target/node/metric', () => {
      const tables = decodeFrames(responses.D.frames);
      assert.equal(tables.length, 2);
      for (const table of tables) {
        assert.deepEqual(JSON.parse(meta(table, 'meta')!), { type: 'timeseries-multi', typeVersion: [0, 1] });
        assert.deepEqual(names(table), ['time', 'used_memory']);
      }
      assert.deepEqual(JSON.parse(tables[0].schema.fields[1].metadata.get('labels')!), {
        target: 'cache',
        node: '10.0.0.1:6379',
        metric: 'used_memory',
      });
      assert.deepEqual(
        nanos(tables[0], 'time'),
        [20, 15, 10].map((m) => BigInt(NOW - m * MINUTE) * 1_000_000n)
      );
      assert.deepEqual([...tables[0].getChild('used_memory')!], [1_000_000, 1_000_005, 1_000_010]);
    });

    test('config: parameter, value, default and the finding severity per directive', () => {
      const [table] = decodeFrames(responses.E.frames);
      assert.deepEqual(names(table), ['node', 'parameter', 'value', 'default', 'changed', 'severity']);
      assert.deepEqual([...table.getChild('severity')!], ['critical', null, null]);
      assert.deepEqual([...table.getChild('default')!], ['0', 'no', null]);
      assert.deepEqual([...table.getChild('changed')!], [false, true, false]);
    });

    test('topology: "nodes" and "edges" frames with the Node Graph field names', () => {
      const [nodes, edges] = decodeFrames(responses.F.frames);
      assert.equal(meta(nodes, 'name'), 'nodes');
      assert.equal(meta(edges, 'name'), 'edges');
      assert.deepEqual(names(nodes).slice(0, 6), ['id', 'title', 'subtitle', 'mainstat', 'secondarystat', 'color']);
      assert.deepEqual(names(edges), ['id', 'source', 'target', 'mainstat']);
      assert.deepEqual([...nodes.getChild('color')!], ['orange', 'red']);
      assert.equal(edges.getChild('source')!.get(0), '10.0.0.1:6379');
    });

    test('rules: the catalog, filtered by category', () => {
      const [table] = decodeFrames(responses.G.frames);
      assert.deepEqual(table.getChild('id')!.toArray(), ['MEM-001']);
    });

    test('a token the sidecar does not know fails every refId with 401, not the RPC', async () => {
      const res = await grafana.queryData({
        pluginContext: pluginContext('wrong', 'Admin'),
        queries: [
          dataQuery({ refId: 'A', model: { queryType: 'rules' }, ...range }),
          dataQuery({ refId: 'B', model: { queryType: 'anomalies' }, ...range }),
        ],
      });
      for (const refId of ['A', 'B']) {
        assert.equal(res.responses[refId].status, 401);
        assert.match(res.responses[refId].error, /the API token is not valid for this sidecar/);
      }
    });

    test("tenants are isolated: the other tenant's token sees only its own anomalies", async () => {
      const res = await grafana.queryData({
        pluginContext: pluginContext(TOKENS.other, 'Admin'),
        queries: [dataQuery({ refId: 'A', model: { queryType: 'anomalies' }, ...range })],
      });
      const [table] = decodeFrames(res.responses.A.frames);
      assert.deepEqual(table.getChild('id')!.toArray(), ['o1']);
    });
  });

  describe('CallResource', () => {
    const call = (
      token: string | undefined,
      role: string | undefined,
      request: { method?: string; path: string; url?: string; headers?: Record<string, string[]>; body?: unknown }
    ) =>
      grafana.callResource({
        pluginContext: pluginContext(token, role),
        method: request.method ?? 'GET',
        path: request.path,
        url: request.url ?? `/api/datasources/uid/redislens/resources/${request.path}`,
        headers: Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k, { values: v }])),
        body: request.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(request.body)),
      });

    test('reaches the REST handlers with the datasource token and the Grafana user; browser identity headers are dropped', async () => {
      const res = await call(TOKENS.acmeEditor, 'Editor', {
        path: 'api/v1/whoami',
        url: '/api/datasources/uid/redislens/resources/api/v1/whoami?severity=critical&severity=warning',
        headers: {
          authorization: [`Bearer ${TOKENS.other}`],
          'x-redislens-grafana-context': ['forged.value'],
          'x-test': ['kept'],
        },
      });
      assert.equal(res.code, 200);
      assert.deepEqual(res.headers['content-type'].values, ['application/json; charset=utf-8']);
      assert.deepEqual(JSON.parse(res.body.toString()), {
        identity: { tenantId: 'acme', role: 'editor', actor: 'alice' },
        query: { severity: ['critical', 'warning'] },
        forwardedHeader: 'kept',
      });
    });

    test('a Grafana Viewer is capped to read only, whatever the token allows', async () => {
      const who = await call(TOKENS.acmeEditor, 'Viewer', { path: 'api/v1/whoami' });
      assert.equal(JSON.parse(who.body.toString()).identity.role, 'viewer');
      const write = await call(TOKENS.acmeEditor, 'Viewer', {
        method: 'POST',
        path: 'api/v1/anomalies/status',
        headers: { 'content-type': ['application/json'] },
        body: { ids: ['a1'] },
      });
      assert.equal(write.code, 403);
    });

    test("an Editor writes with the token's role; method, body and response headers pass through", async () => {
      const res = await call(TOKENS.acmeEditor, 'Editor', {
        method: 'POST',
        path: 'api/v1/anomalies/status',
        headers: { 'content-type': ['application/json'] },
        body: { ids: ['a1', 'a2'] },
      });
      assert.equal(res.code, 200);
      assert.deepEqual(res.headers['x-changed'].values, ['2']);
      assert.deepEqual(JSON.parse(res.body.toString()), { changed: ['a1', 'a2'], by: 'alice' });
      assert.equal(res.headers['x-powered-by'], undefined);
    });

    test('an Editor with a viewer token stays viewer', async () => {
      const res = await call(TOKENS.acmeViewer, 'Admin', {
        method: 'POST',
        path: 'api/v1/anomalies/status',
        headers: { 'content-type': ['application/json'] },
        body: { ids: ['a1'] },
      });
      assert.equal(res.code, 403);
    });

    test('without a token the REST layer answers 401', async () => {
      assert.equal((await call(undefined, 'Admin', { path: 'api/v1/whoami' })).code, 401);
    });

    test('large bodies stream back in chunks under the gRPC message limit', async () => {
      const res = await call(TOKENS.acmeViewer, 'Viewer', { path: 'api/v1/big' });
      assert.equal(res.code, 200);
      assert.equal(res.body.length, BIG_BODY_BYTES);
      assert.equal(res.messages, Math.ceil(BIG_BODY_BYTES / BODY_CHUNK_BYTES));
    });

    test('only the REST API is forwarded: /metrics (all tenants) is not a resource', async () => {
      const res = await call(TOKENS.acmeEditor, 'Admin', { path: 'metrics' });
      assert.equal(res.code, 404);
      assert.doesNotMatch(res.body.toString(), /every tenant/);
    });
  });

  test('CollectMetrics answers with an empty payload', async () => {
    const res = await grafana.collectMetrics({ pluginContext: pluginContext(TOKENS.acmeEditor, 'Admin') });
    assert.equal(res.metrics.prometheus.length, 0);
  });

  test('GRPCController.Shutdown is acknowledged and the sidecar keeps serving', async () => {
    await grafana.shutdown();
    // No delay to hope a deferred stop has happened: the server runs in this process, so a few more
    // round trips through its event loop would meet any stop the Shutdown call had scheduled.
    for (let i = 0; i < 3; i++) assert.equal((await grafana.healthCheck('plugin')).status, 'SERVING');
    const res = await grafana.checkHealth({ pluginContext: pluginContext(TOKENS.acmeEditor, 'Admin') });
    assert.equal(res.status, 'OK');
  });

  test('Grafana stops the stub: SIGTERM closes its stdout and stderr at once', async () => {
    stub.child.kill('SIGTERM');
    await closesWithin(stub, 30_000, 'stdout and stderr close on SIGTERM');
    assert.equal(stub.stderr(), '');
  });
});

test('the handshake succeeds with nothing listening; the first call then fails UNAVAILABLE', async (t) => {
  const stub = startStub(grafanaPluginEnv({ GF_PLUGIN_SIDECAR_ADDRESS: '127.0.0.1:1' }));
  t.after(() => stub.child.kill('SIGKILL'));
  const { address } = parseHandshake(await stub.handshake);
  const grafana = dial(address);
  t.after(() => grafana.close());
  await assert.rejects(
    grafana.checkHealth({ pluginContext: pluginContext(TOKENS.acmeEditor, 'Admin') }),
    (e: grpc.ServiceError) => e.code === grpc.status.UNAVAILABLE
  );
});
