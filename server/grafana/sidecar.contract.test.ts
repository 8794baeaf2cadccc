/**
 * The same Grafana host as contract.test.ts, against the real sidecar
 * (server/sidecar.ts: SQLite store, scheduler, REST API) analysing a real
 * redis-server, with the gRPC side served by startSidecar itself (grpcListen).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeUnit, Type, type Table, type Timestamp } from 'apache-arrow';
import { RedisProcess } from '../test/harness/redis-process.js';
import { eventually, startTestSidecar, type TestSidecar } from '../test/harness/sidecar-harness.js';
import { GRAFANA_CONTEXT_HEADER } from './grafana-context-header.js';
import {
  dataQuery,
  decodeFrames,
  dial,
  grafanaPluginEnv,
  parseHandshake,
  pluginContext,
  startStub,
  type StartedStub,
} from './test-support/grafana-host.js';

const EDITOR_TOKEN = 'grafana-contract-editor-token-0123456789';
const names = (table: Table) => table.schema.fields.map((f) => f.name);

describe('Grafana go-plugin host against the real sidecar analysing real Redis', () => {
  let redis: RedisProcess;
  let sc: TestSidecar;
  let grpcAddress: string;
  let stub: StartedStub;
  let grafana: ReturnType<typeof dial>;
  let targetId: string;

  before(async () => {
    redis = await RedisProcess.start();
    process.env.GRAFANA_CONTRACT_TOKEN = EDITOR_TOKEN;
    sc = await startTestSidecar(
      {
        tenants: [
          {
            id: 'team-g',
            name: 'Team G',
            tokens: [{ name: 'grafana', token: '$__env{GRAFANA_CONTRACT_TOKEN}', role: 'editor' }],
          },
        ],
        targets: [
          {
            tenant: 'team-g',
            name: 'cache',
            url: redis.url,
            labels: { environment: 'production', workload: 'cache' },
            intervalSeconds: 1,
          },
        ],
      },
      { grpcListen: '127.0.0.1:0' }
    );
    grpcAddress = sc.sidecar.grpcAddress!;
    stub = startStub(grafanaPluginEnv({ GF_PLUGIN_SIDECAR_ADDRESS: grpcAddress }));
    grafana = dial(parseHandshake(await stub.handshake).address);
    targetId = (await sc.api('GET', '/api/v1/targets', { token: EDITOR_TOKEN })).body.items[0].id;
    // The scheduler analyses on its own; wait for the first findings.
    await eventually(
      'the first anomalies',
      async () => (await sc.api('GET', '/api/v1/anomalies?status=open', { token: EDITOR_TOKEN })).body.items.length > 0
    );
  });

  after(async () => {
    grafana?.close();
    stub?.child.kill('SIGTERM');
    await stub?.closed;
    await sc?.stop();
    await redis?.stop();
  });

  test('handshake names the gRPC address; CheckHealth OK with the provisioned token, ERROR with another', async () => {
    assert.equal(stub.stdout(), `1|2|tcp|${grpcAddress}|grpc\n`);
    const ok = await grafana.checkHealth({ pluginContext: pluginContext(EDITOR_TOKEN, 'Admin') });
    assert.equal(ok.status, 'OK', ok.message);
    assert.match(ok.message, /tenant team-g, 1 target/);
    const bad = await grafana.checkHealth({ pluginContext: pluginContext('nope', 'Admin') });
    assert.deepEqual(
      { status: bad.status, message: bad.message },
      { status: 'ERROR', message: 'the API token is not valid for this sidecar' }
    );
    assert.equal((await grafana.healthCheck('plugin')).status, 'SERVING');
  });

  test('QueryData: every query type answers from the store, the invalid refId fails alone', async () => {
    const to = Date.now() + 1000;
    const range = { from: to - 3600_000, to };
    const { responses } = await grafana.queryData({
      pluginContext: pluginContext(EDITOR_TOKEN, 'Viewer'),
      queries: [
        dataQuery({ refId: 'A', model: { queryType: 'anomalies' }, ...range }),
        // Buckets start on interval boundaries, so the last one starts up to a minute before `to`;
        // ending the range a minute ahead puts a bucket start after the anomalies just opened.
        dataQuery({
          refId: 'B',
          model: { queryType: 'anomalyCounts' },
          from: range.from + 60_000,
          to: range.to + 60_000,
          intervalMs: 60_000,
        }),
        dataQuery({ refId: 'C', model: { queryType: 'instances' }, ...range }),
        dataQuery({
          refId: 'D',
          model: { queryType: 'metrics', target: 'cache', metrics: ['used_memory', 'connected_clients'] },
          ...range,
        }),
        dataQuery({ refId: 'E', model: { queryType: 'config', target: 'cache' }, ...range }),
        dataQuery({ refId: 'F', model: { queryType: 'topology', target: targetId }, ...range }),
        dataQuery({ refId: 'G', model: { queryType: 'rules' }, ...range }),
        dataQuery({ refId: 'X', model: { queryType: 'topology' }, ...range }),
      ],
    });
    for (const refId of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) {
      assert.equal(responses[refId].error, '', `${refId}: ${responses[refId].error}`);
      for (const table of decodeFrames(responses[refId].frames)) {
        assert.equal(table.schema.metadata.get('refId'), refId);
        for (const field of table.schema.fields) {
          assert.notEqual(field.typeId, Type.Dictionary);
          if (field.typeId === Type.Timestamp) assert.equal((field.type as Timestamp).unit, TimeUnit.NANOSECOND);
        }
      }
    }
    assert.equal(responses.X.status, 400);
    assert.match(responses.X.error, /target is required/);

    const [anomalies] = decodeFrames(responses.A.frames);
    assert.ok(anomalies.numRows > 0);
    assert.ok([...anomalies.getChild('resource')!].includes(redis.address), 'findings on the analysed node');
    const lastSeen = anomalies.getChild('lastSeen')!.data[0].values as BigInt64Array;
    assert.ok(
      lastSeen[0] > BigInt(range.from) * 1_000_000n && lastSeen[0] <= BigInt(to) * 1_000_000n,
      'nanoseconds of a real time in range'
    );

    const [counts] = decodeFrames(responses.B.frames);
    assert.deepEqual(names(counts), ['time', 'critical', 'warning', 'notice']);
    assert.ok(counts.numRows >= 60 && counts.numRows <= 62, `one row per minute, got ${counts.numRows}`);
    const open = (await sc.api('GET', `/api/v1/anomalies?status=open&limit=500`, { token: EDITOR_TOKEN })).body.items;
    const last = counts.numRows - 1;
    const severityNow = (s: string) => open.filter((a: { severity: string }) => a.severity === s).length;
    assert.equal(
      counts.getChild('warning')!.get(last),
      severityNow('warning'),
      'last bucket counts what REST lists as open'
    );

    const [instances] = decodeFrames(responses.C.frames);
    assert.deepEqual([...instances.getChild('address')!], [redis.address]);
    assert.deepEqual([...instances.getChild('reachable')!], [true]);

    const series = decodeFrames(responses.D.frames);
    assert.ok(series.length >= 2, 'used_memory and connected_clients');
    for (const table of series) {
      const labels = JSON.parse(table.schema.fields[1].metadata.get('labels')!);
      assert.deepEqual(Object.keys(labels).sort(), ['metric', 'node', 'target']);
      assert.equal(labels.target, 'cache');
      assert.equal(labels.node, redis.address);
    }

    const [config] = decodeFrames(responses.E.frames);
    const parameters = [...config.getChild('parameter')!];
    assert.ok(parameters.includes('maxmemory'));
    assert.ok(
      !parameters.includes('requirepass') ||
        [...config.getChild('value')!][parameters.indexOf('requirepass')] !== 'secret'
    );

    const [nodes, edges] = decodeFrames(responses.F.frames);
    assert.equal(nodes.schema.metadata.get('name'), 'nodes');
    assert.equal(edges.schema.metadata.get('name'), 'edges');
    assert.ok([...nodes.getChild('id')!].length >= 1);

    const [rules] = decodeFrames(responses.G.frames);
    assert.ok(rules.numRows > 50, 'the whole catalog');
  });

  test('CallResource reaches the real REST API; the Grafana Viewer is capped, the Editor writes', async () => {
    const call = (
      role: string,
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, { values: string[] }> = {}
    ) =>
      grafana.callResource({
        pluginContext: pluginContext(EDITOR_TOKEN, role),
        method,
        path,
        url: `/api/datasources/uid/redislens/resources/${path}`,
        headers: body === undefined ? headers : { ...headers, 'Content-Type': { values: ['application/json'] } },
        body: Buffer.from(body === undefined ? '' : JSON.stringify(body)),
      });
    const targets = await call('Viewer', 'GET', 'api/v1/targets');
    assert.equal(targets.code, 200);
    assert.equal(JSON.parse(targets.body.toString()).items[0].name, 'cache');
    // A browser's Accept-Encoding stays behind: the in-process hop is answered as is (Grafana compresses for it).
    const page = await call('Viewer', 'GET', 'api/v1/anomalies', undefined, {
      'Accept-Encoding': { values: ['gzip, deflate, br'] },
    });
    assert.equal(page.code, 200);
    assert.ok(Array.isArray(JSON.parse(page.body.toString()).items));
    assert.ok(!Object.keys(page.headers ?? {}).some((h) => h.toLowerCase() === 'content-encoding'));
    const denied = await call('Viewer', 'POST', `api/v1/targets/${targetId}/analyses`, {});
    assert.equal(denied.code, 403, denied.body.toString());
    const started = await call('Editor', 'POST', `api/v1/targets/${targetId}/analyses`, {});
    assert.equal(started.code, 202, started.body.toString());
  });

  test('the REST port itself refuses a forged Grafana context header', async () => {
    const response = await fetch(`${sc.sidecar.url}/api/v1/targets`, {
      headers: { authorization: `Bearer ${EDITOR_TOKEN}`, [GRAFANA_CONTEXT_HEADER]: 'eyJvcmdJZCI6MX0.forged' },
    });
    assert.equal(response.status, 401);
    // The token is fine: the answer names the header that failed, not the token.
    const { error } = (await response.json()) as { error: { message: string } };
    assert.match(error.message, /Grafana context \(x-redislens-grafana-context\) did not verify/);
    assert.doesNotMatch(error.message, /token is not valid/);
  });

  test('GRPCController.Shutdown leaves the sidecar serving', async () => {
    await grafana.shutdown();
    assert.equal((await grafana.checkHealth({ pluginContext: pluginContext(EDITOR_TOKEN, 'Admin') })).status, 'OK');
    assert.equal((await sc.api('GET', '/readyz')).status, 200);
  });
});
