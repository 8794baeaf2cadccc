import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { RedisProcess } from '../harness/redis-process.js';
import { startTestSidecar, eventually, type TestSidecar } from '../harness/sidecar-harness.js';
import { ROUTES } from '../../api/create-api.js';

const A_EDITOR = 'tenant-a-editor-token-0123456789';
const A_VIEWER = 'tenant-a-viewer-token-0123456789';
const B_EDITOR = 'tenant-b-editor-token-0123456789';

let redis: RedisProcess;
let sc: TestSidecar;
let targetA: any;
let analysisA: any;

before(async () => {
  // tcp-keepalive 0: a warning (CLIENT-006) for the severity filter and bulk triage below.
  redis = await RedisProcess.start({ config: { timeout: 0, 'tcp-keepalive': 0 } });
  sc = await startTestSidecar(
    {
      tenants: [
        {
          id: 'team-a',
          name: 'A',
          tokens: [
            { name: 'a-editor', token: A_EDITOR, role: 'editor' },
            { name: 'a-viewer', token: A_VIEWER, role: 'viewer' },
          ],
        },
        { id: 'team-b', name: 'B', tokens: [{ name: 'b-editor', token: B_EDITOR, role: 'editor' }] },
      ],
    },
    // References from the API only on the operator's allow-list (see test/security/secret-refs.test.ts).
    { secretKey: 'rest-api-test-key', secretRefAllow: ['env:SOME_REDIS_*'] }
  );
  const created = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: { name: 'cache', url: redis.url, labels: { workload: 'cache' }, intervalSeconds: 3600 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  targetA = created.body;
  const started = await sc.api('POST', `/api/v1/targets/${targetA.id}/analyses`, { token: A_EDITOR });
  assert.equal(started.status, 202);
  analysisA = await eventually('the analysis to finish', async () => {
    const a = (await sc.api('GET', `/api/v1/analyses/${started.body.id}`, { token: A_EDITOR })).body;
    return a.status === 'succeeded' && a;
  });
});

after(async () => {
  await sc?.stop();
  await redis?.stop();
});

test('an on-demand analysis answers at once with a job, then reports its summary', () => {
  assert.equal(analysisA.trigger, 'manual');
  assert.ok(analysisA.summary.warning >= 1);
  assert.equal(analysisA.progress.done, 1);
});

test('requests without a valid token are 401; viewers cannot write (403)', async () => {
  assert.equal((await sc.api('GET', '/api/v1/targets')).status, 401);
  const bad = await sc.api('GET', '/api/v1/targets', { token: 'nope' });
  assert.equal(bad.status, 401);
  assert.match(bad.body.error.message, /API token is not valid/);
  assert.equal((await sc.api('GET', '/api/v1/targets', { token: A_VIEWER })).status, 200);
  const write = await sc.api('POST', `/api/v1/targets/${targetA.id}/analyses`, { token: A_VIEWER });
  assert.equal(write.status, 403);
  assert.match(write.body.error.message, /editor role/);
});

test('tenant B can neither list nor guess ids of tenant A data', async () => {
  assert.deepEqual((await sc.api('GET', '/api/v1/targets', { token: B_EDITOR })).body.items, []);
  assert.deepEqual((await sc.api('GET', '/api/v1/anomalies', { token: B_EDITOR })).body.items, []);
  const anomalyA = (await sc.api('GET', '/api/v1/anomalies', { token: A_EDITOR })).body.items[0];
  assert.ok(anomalyA, 'tenant A has anomalies');
  for (const path of [
    `/api/v1/targets/${targetA.id}`,
    `/api/v1/analyses/${analysisA.id}`,
    `/api/v1/snapshots/${analysisA.snapshotId}`,
    `/api/v1/anomalies/${anomalyA.id}`,
    `/api/v1/targets/${targetA.id}/topology`,
    `/api/v1/analyses/${analysisA.id}/export?format=json`,
  ]) {
    assert.equal((await sc.api('GET', path, { token: B_EDITOR })).status, 404, path);
  }
  const steal = await sc.api('POST', '/api/v1/anomalies/status', {
    token: B_EDITOR,
    body: { ids: [anomalyA.id], status: 'resolved' },
  });
  assert.equal(steal.status, 404);
  assert.equal((await sc.api('GET', `/api/v1/anomalies/${anomalyA.id}`, { token: A_EDITOR })).body.status, 'open');
  assert.equal((await sc.api('DELETE', `/api/v1/targets/${targetA.id}`, { token: B_EDITOR })).status, 404);
});

test('malformed requests get 400 with the exact field', async () => {
  const cases: [string, string, unknown, RegExp][] = [
    [
      'GET',
      '/api/v1/anomalies?severity=urgent',
      undefined,
      /severity\.0: Invalid option: expected one of "critical"\|"warning"\|"notice"/,
    ],
    ['GET', '/api/v1/anomalies?limit=0', undefined, /limit: Too small/],
    ['GET', '/api/v1/anomalies?colour=red', undefined, /Unrecognized key: "colour"/],
    ['GET', '/api/v1/anomalies?cursor=garbage', undefined, /cursor is not valid/],
    ['GET', '/api/v1/targets/not-a-uuid', undefined, /id: must be a UUID/],
    ['POST', '/api/v1/targets', { name: 'x', url: 'http://example:80' }, /unknown scheme "http"/],
    ['POST', '/api/v1/targets', { name: 'x', url: redis.url, intervalSeconds: 0 }, /intervalSeconds: Too small/],
    ['POST', '/api/v1/targets', { url: redis.url }, /name: Invalid input/],
    ['POST', '/api/v1/anomalies/status', { ids: [], status: 'acknowledged' }, /ids: Too small/],
    ['PATCH', '/api/v1/rules/CLIENT-005', {}, /give enabled and\/or severity/],
  ];
  for (const [method, path, body, message] of cases) {
    const res = await sc.api(method, path, { token: A_EDITOR, body });
    assert.equal(res.status, 400, `${method} ${path}: ${JSON.stringify(res.body)}`);
    assert.match(res.body.error.message, message, `${method} ${path}`);
  }
  const json = await sc.api('POST', '/api/v1/targets', { token: A_EDITOR, raw: '{"name": ' });
  assert.equal(json.status, 400);
  assert.match(json.body.error.message, /not valid JSON/);
});

test('passwords are stored as references or encrypted, and never shown', async () => {
  const literal = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: { name: 'with-pass', url: `redis://lens:s3cret-value@${redis.address}` },
  });
  assert.equal(literal.status, 201);
  assert.equal(literal.body.url, `redis://lens:@${redis.address}`, 'the user stays a user name');
  assert.equal(literal.body.password, '<encrypted>');
  const ref = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: { name: 'with-ref', url: redis.url, password: '$__env{SOME_REDIS_PASSWORD}' },
  });
  assert.equal(ref.body.password, '$__env{SOME_REDIS_PASSWORD}');
  const listed = JSON.stringify((await sc.api('GET', '/api/v1/targets', { token: A_EDITOR })).body);
  assert.ok(!listed.includes('s3cret-value'));
  const duplicate = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: { name: 'with-ref', url: redis.url },
  });
  assert.equal(duplicate.status, 409);
});

test('anomaly list filters, sorts and pages with a cursor; bulk status changes are audited', async () => {
  const all = (await sc.api('GET', '/api/v1/anomalies?limit=500', { token: A_EDITOR })).body.items;
  assert.ok(all.length >= 2, 'several anomalies to page through');
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = (
      await sc.api('GET', `/api/v1/anomalies?limit=1&sort=severity${cursor ? `&cursor=${cursor}` : ''}`, {
        token: A_EDITOR,
      })
    ).body;
    seen.push(...page.items.map((a: any) => a.id));
    cursor = page.nextCursor;
  } while (cursor);
  assert.deepEqual([...seen].sort(), all.map((a: any) => a.id).sort(), 'cursor pages cover every anomaly once');
  const warnings = (await sc.api('GET', '/api/v1/anomalies?severity=warning&status=open', { token: A_EDITOR })).body
    .items;
  assert.ok(warnings.every((a: any) => a.severity === 'warning' && a.status === 'open'));

  const ids = warnings.slice(0, 2).map((a: any) => a.id);
  const bulk = await sc.api('POST', '/api/v1/anomalies/status', {
    token: A_EDITOR,
    body: { ids, status: 'false_positive', note: 'expected on caches' },
  });
  assert.equal(bulk.status, 200);
  assert.equal(bulk.body.items.length, ids.length);
  const detail = (await sc.api('GET', `/api/v1/anomalies/${ids[0]}`, { token: A_EDITOR })).body;
  assert.deepEqual(detail.history.at(-1), {
    ...detail.history.at(-1),
    kind: 'status_changed',
    actor: 'token:a-editor',
    toStatus: 'false_positive',
    note: 'expected on caches',
  });
});

test('a shared anomaly page is sent gzipped to clients that accept gzip, and as is to the others', async () => {
  // node:http, not fetch: fetch asks for gzip by itself and hides the encoding.
  const get = (acceptEncoding?: string) =>
    new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) =>
      httpGet(
        `${sc.sidecar.url}/api/v1/anomalies?limit=100`,
        {
          headers: {
            authorization: `Bearer ${A_EDITOR}`,
            ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        }
      ).on('error', reject)
    );
  const plain = await get();
  assert.equal(plain.headers['content-encoding'], undefined);
  const items = JSON.parse(plain.body.toString()).items;
  assert.ok(items.length >= 2);
  // As Grafana's Go client asks, and as a browser does.
  for (const accept of ['gzip', 'gzip, deflate, br']) {
    const zipped = await get(accept);
    assert.equal(zipped.headers['content-encoding'], 'gzip', accept);
    assert.match(String(zipped.headers.vary), /accept-encoding/i);
    assert.equal(Number(zipped.headers['content-length']), zipped.body.length);
    assert.deepEqual(JSON.parse(gunzipSync(zipped.body).toString()).items, items);
  }
  for (const accept of ['identity', 'gzip;q=0', 'br']) {
    const other = await get(accept);
    assert.equal(other.headers['content-encoding'], undefined, accept);
    assert.deepEqual(JSON.parse(other.body.toString()).items, items);
  }
});

test('exports: an analysis and anomalies as CSV and JSON', async () => {
  const csv = await sc.api('GET', `/api/v1/analyses/${analysisA.id}/export?format=csv`, { token: A_EDITOR });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type')!, /text\/csv/);
  assert.match(csv.headers.get('content-disposition')!, /attachment; filename="?analysis-.*\.csv/);
  assert.match(csv.body.split('\n')[0], /^ruleId,severity,status,target/);
  assert.match(csv.body, /CLIENT-005,notice,fired/);
  const json = await sc.api('GET', `/api/v1/analyses/${analysisA.id}/export`, { token: A_EDITOR });
  assert.ok(json.body.findings.some((f: any) => f.ruleId === 'CLIENT-005'));
  const anomalies = await sc.api('GET', '/api/v1/anomalies/export?format=csv&severity=warning', { token: A_EDITOR });
  assert.match(anomalies.body.split('\n')[0], /^id,status,severity,ruleId/);
});

test('rules: a tenant disables a rule and the next analysis no longer reports it', async () => {
  const patched = await sc.api('PATCH', '/api/v1/rules/CLIENT-005', { token: A_EDITOR, body: { enabled: false } });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.enabled, false);
  const job = (await sc.api('POST', `/api/v1/targets/${targetA.id}/analyses`, { token: A_EDITOR })).body;
  const done = await eventually('second analysis', async () => {
    const a = (await sc.api('GET', `/api/v1/analyses/${job.id}`, { token: A_EDITOR })).body;
    return a.status === 'succeeded' && a;
  });
  const report = (await sc.api('GET', `/api/v1/analyses/${done.id}/export`, { token: A_EDITOR })).body;
  assert.ok(!report.findings.some((f: any) => f.ruleId === 'CLIENT-005'));
  const forB = (await sc.api('GET', '/api/v1/rules/CLIENT-005', { token: B_EDITOR })).body;
  assert.equal(forB.enabled, true, "tenant B's catalog is untouched");
  await sc.api('PATCH', '/api/v1/rules/CLIENT-005', { token: A_EDITOR, body: { enabled: true } });
});

test('snapshots, diff, topology, instances, config and metrics read the store', async () => {
  await redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
  const job = (await sc.api('POST', `/api/v1/targets/${targetA.id}/analyses`, { token: A_EDITOR })).body;
  await eventually(
    'third analysis',
    async () => (await sc.api('GET', `/api/v1/analyses/${job.id}`, { token: A_EDITOR })).body.status === 'succeeded'
  );
  const snapshots = (await sc.api('GET', `/api/v1/targets/${targetA.id}/snapshots`, { token: A_EDITOR })).body.items;
  assert.ok(snapshots.length >= 2);
  const diff = (
    await sc.api('GET', `/api/v1/snapshots/diff?from=${snapshots.at(-1).id}&to=${snapshots[0].id}`, { token: A_EDITOR })
  ).body;
  assert.deepEqual(
    diff.configChanges.find((c: any) => c.directive === 'maxmemory-policy'),
    { node: redis.address, directive: 'maxmemory-policy', from: 'noeviction', to: 'allkeys-lru' }
  );
  const topology = (await sc.api('GET', `/api/v1/targets/${targetA.id}/topology`, { token: A_EDITOR })).body;
  assert.deepEqual(
    topology.nodes.map((n: any) => n.id),
    [redis.address]
  );
  const instances = (await sc.api('GET', `/api/v1/targets/${targetA.id}/instances`, { token: A_EDITOR })).body.items;
  assert.equal(instances[0].reachable, true);
  const config = (await sc.api('GET', `/api/v1/targets/${targetA.id}/config`, { token: A_EDITOR })).body.items;
  const timeout = config.find((r: any) => r.directive === 'timeout');
  assert.deepEqual([timeout.value, timeout.defaultValue], ['0', '0']);
  const metrics = (
    await sc.api(
      'GET',
      `/api/v1/targets/${targetA.id}/metrics?metric=used_memory,connected_clients&from=0&to=${Date.now() + 1000}`,
      { token: A_EDITOR }
    )
  ).body.items;
  assert.deepEqual(metrics.map((m: any) => m.metric).sort(), ['connected_clients', 'used_memory']);
  assert.ok(metrics.every((m: any) => m.points.length >= 1 && m.points.every((p: any) => p.value > 0)));
});

test('the OpenAPI document describes exactly the mounted routes', async () => {
  const doc = (await sc.api('GET', '/api/openapi.json')).body;
  assert.equal(doc.openapi, '3.1.0');
  const documented = Object.entries(doc.paths)
    .flatMap(([path, ops]: [string, any]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
  const mounted = ROUTES.map((r) => `${r.method.toUpperCase()} /api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`).sort();
  assert.deepEqual(documented, mounted);
  // Every documented operation answers (not 404 "no route"): probe each with its path filled in.
  for (const line of documented) {
    const [method, path] = line.split(' ');
    const res = await sc.api(
      method,
      path.replace(/\{id\}/, path.includes('/rules/') ? 'CLIENT-005' : '00000000-0000-4000-8000-000000000000'),
      { token: A_VIEWER }
    );
    assert.notEqual(res.body?.error?.message?.startsWith('no route'), true, line);
  }
  const severity = doc.paths['/api/v1/anomalies'].get.parameters.find((p: any) => p.name === 'sort');
  assert.deepEqual(severity.schema.enum, ['lastSeen', 'firstSeen', 'severity']);
});

test('removing a target removes its history: nothing of it stays open', async () => {
  const created = (
    await sc.api('POST', '/api/v1/targets', { token: A_EDITOR, body: { name: 'short-lived', url: redis.url } })
  ).body;
  const job = (await sc.api('POST', `/api/v1/targets/${created.id}/analyses`, { token: A_EDITOR })).body;
  await eventually(
    'its analysis',
    async () => (await sc.api('GET', `/api/v1/analyses/${job.id}`, { token: A_EDITOR })).body.status === 'succeeded'
  );
  const mine = async () =>
    (await sc.api('GET', `/api/v1/anomalies?targetId=${created.id}`, { token: A_EDITOR })).body.items;
  assert.ok((await mine()).length > 0);
  assert.equal((await sc.api('DELETE', `/api/v1/targets/${created.id}`, { token: A_EDITOR })).status, 204);
  assert.deepEqual(await mine(), []);
  assert.equal((await sc.api('GET', `/api/v1/analyses/${job.id}`, { token: A_EDITOR })).status, 404);
  assert.equal((await sc.api('GET', `/api/v1/targets/${created.id}`, { token: A_EDITOR })).status, 404);
});
