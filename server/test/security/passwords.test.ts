/**
 * Finding 2 (high): `redis://S3cretPW@host:port` was accepted without a
 * secret key, used to log in, and kept in the URL: in clear in GET /targets
 * and in the SQLite file. Here a password is registered every way there is,
 * used against a real redis-server that requires it, and then looked for
 * everywhere the sidecar stores or shows anything.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RedisProcess } from '../harness/redis-process.js';
import { dataQuery, dial, pluginContext } from '../../grafana/test-support/grafana-host.js';
import {
  A_EDITOR,
  A_VIEWER,
  analyse,
  B_EDITOR,
  startLoggedSidecar,
  TWO_TENANTS,
  type LoggedSidecar,
} from './support.js';

/** With "@" and "/" so that an unencoded form is a trap for a naive parser. */
const PLANTED = 'Zq8-S3cretPW@lens/42';
const PIECES = [PLANTED, encodeURIComponent(PLANTED), 'Zq8-S3cretPW', 'lens/42'];

let redis: RedisProcess;
let sc: LoggedSidecar;

before(async () => {
  redis = await RedisProcess.start({ config: { requirepass: PLANTED, timeout: 0 }, adminPassword: PLANTED });
  sc = await startLoggedSidecar(
    { tenants: TWO_TENANTS },
    { secretKey: 'sec-passwords-key', grpcListen: '127.0.0.1:0' }
  );
});

after(async () => {
  await sc?.stop();
  await redis?.stop();
});

function leaks(text: string): string[] {
  return PIECES.filter((p) => text.includes(p));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('without a secret key every password form is refused, and the refusal does not echo it', async () => {
  const keyless = await startLoggedSidecar({ tenants: TWO_TENANTS });
  try {
    for (const url of [
      `redis://${PLANTED}@${redis.address}`,
      `redis://:${PLANTED}@${redis.address}`,
      `redis://default:${encodeURIComponent(PLANTED)}@${redis.address}`,
      `redis-sentinel://${PLANTED}@${redis.address}/mymaster`,
    ]) {
      const res = await keyless.api('POST', '/api/v1/targets', { token: A_EDITOR, body: { name: 'x', url } });
      assert.equal(res.status, 400, url);
      assert.match(res.body.error.message, /plain-text password is not stored/);
      assert.deepEqual(leaks(JSON.stringify(res.body)), [], url);
    }
    assert.deepEqual((await keyless.api('GET', '/api/v1/targets', { token: A_EDITOR })).body.items, []);
  } finally {
    await keyless.stop();
  }
});

test('a bad percent-encoding in a URL password is a 400 that does not echo it', async () => {
  const res = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: { name: 'bad-pct', url: `redis://:${PLANTED}%zz@${redis.address}` },
  });
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.match(res.body.error.message, /percent-encoding/);
  assert.deepEqual(leaks(JSON.stringify(res.body)), []);
});

test('a password registered in every form is used to log in and found nowhere afterwards', async () => {
  const host = redis.address;
  const forms: { name: string; url: string; password?: string; sentinel?: boolean }[] = [
    { name: 'bare', url: `redis://${PLANTED}@${host}` },
    { name: 'colon', url: `redis://:${PLANTED}@${host}` },
    { name: 'user', url: `redis://default:${PLANTED}@${host}` },
    { name: 'user-encoded', url: `redis://default:${encodeURIComponent(PLANTED)}@${host}` },
    { name: 'colon-encoded', url: `redis://:${encodeURIComponent(PLANTED)}@${host}/0` },
    { name: 'field', url: `redis://${host}`, password: PLANTED },
    { name: 'sentinel-bare', url: `redis-sentinel://${PLANTED}@${host}/mymaster`, sentinel: true },
    {
      name: 'sentinel-list',
      url: `redis-sentinel://:${encodeURIComponent(PLANTED)}@${host},${host}/mymaster`,
      sentinel: true,
    },
  ];
  const ids: string[] = [];
  for (const form of forms) {
    const res = await sc.api('POST', '/api/v1/targets', {
      token: A_EDITOR,
      body: {
        name: form.name,
        url: form.url,
        intervalSeconds: 3600,
        ...(form.password ? { password: form.password } : {}),
      },
    });
    assert.equal(res.status, 201, `${form.name}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.password, '<encrypted>', form.name);
    assert.deepEqual(leaks(JSON.stringify(res.body)), [], form.name);
    ids.push(res.body.id);
  }
  // PATCH puts a password into the URL of an existing target.
  const patched = await sc.api('PATCH', `/api/v1/targets/${ids[5]}`, {
    token: A_EDITOR,
    body: { url: `redis://default:${PLANTED}@${host}`, password: '' },
  });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.equal(patched.body.url, `redis://default:@${host}`);
  assert.equal(patched.body.password, '<encrypted>');

  for (const [i, form] of forms.entries()) {
    const analysis = await analyse(sc, A_EDITOR, ids[i]);
    // The split password is the right one: Redis accepted it.
    if (!form.sentinel) assert.equal(analysis.status, 'succeeded', `${form.name}: ${analysis.error}`);
  }

  // Everything the REST API shows, to both of A's tokens and to B.
  const shown: string[] = [];
  const get = async (path: string, token = A_EDITOR) => {
    const res = await sc.api('GET', path, { token });
    shown.push(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
    return res.body;
  };
  for (const token of [A_EDITOR, A_VIEWER, B_EDITOR]) await get('/api/v1/targets', token);
  const now = Date.now();
  for (const id of ids) {
    await get(`/api/v1/targets/${id}`);
    await get(`/api/v1/targets/${id}/instances`);
    await get(`/api/v1/targets/${id}/config`);
    await get(`/api/v1/targets/${id}/topology`);
    await get(`/api/v1/targets/${id}/metrics?metric=connected_clients&from=0&to=${now}`);
    for (const a of (await get(`/api/v1/targets/${id}/analyses`)).items ?? []) {
      await get(`/api/v1/analyses/${a.id}`);
      await get(`/api/v1/analyses/${a.id}/export?format=json`);
      await get(`/api/v1/analyses/${a.id}/export?format=csv`);
    }
    for (const s of (await get(`/api/v1/targets/${id}/snapshots`)).items ?? []) await get(`/api/v1/snapshots/${s.id}`);
  }
  for (const a of (await get('/api/v1/anomalies?limit=500')).items) await get(`/api/v1/anomalies/${a.id}`);
  await get('/api/v1/anomalies/export?format=csv');
  await get('/api/v1/anomalies/export?format=json');
  await get(`/api/v1/events?from=0&to=${now}`);
  await get(`/api/v1/anomaly-counts?from=${now - 3600_000}&to=${now}`);
  assert.ok(shown.join('').includes('redis://default:@'), 'the REST output was really collected');
  assert.deepEqual(leaks(shown.join('\n')), [], 'REST and exports');

  const metrics = await fetch(`${sc.sidecar.url}/metrics`).then((r) => r.text());
  assert.match(metrics, /redislens_/);
  assert.deepEqual(leaks(metrics), [], '/metrics');

  // Grafana: data frames of every query type and a resource call.
  const grafana = dial(sc.sidecar.grpcAddress!);
  try {
    const context = pluginContext(A_EDITOR, 'Editor');
    const queries = [
      { refId: 'a', model: { queryType: 'anomalies' } },
      { refId: 'b', model: { queryType: 'instances' } },
      { refId: 'r', model: { queryType: 'rules' } },
      ...ids.flatMap((id, i) => [
        { refId: `c${i}`, model: { queryType: 'config', target: id } },
        { refId: `t${i}`, model: { queryType: 'topology', target: id } },
      ]),
    ].map((q) => dataQuery({ ...q, from: now - 3600_000, to: Date.now() }));
    const answer = await grafana.queryData({ pluginContext: context, queries });
    const frames = Object.values(answer.responses).flatMap((r) => r.frames);
    assert.ok(frames.length >= queries.length, 'frames came back');
    assert.deepEqual(leaks(Buffer.concat(frames).toString('latin1')), [], 'Grafana frames');
    const resource = await grafana.callResource({
      pluginContext: context,
      path: 'api/v1/targets',
      method: 'GET',
      url: 'api/v1/targets',
      headers: {},
      body: Buffer.alloc(0),
    });
    assert.equal(resource.code, 200);
    assert.deepEqual(leaks(resource.body.toString('latin1')), [], 'CallResource');
  } finally {
    grafana.close();
  }

  // The SQLite files (database, WAL, shared memory) and everything else in the data directory.
  const files = filesUnder(sc.dataDir);
  assert.ok(files.some((f) => f.endsWith('redislens.sqlite')));
  for (const file of files) assert.deepEqual(leaks(readFileSync(file).toString('latin1')), [], file);

  assert.ok(sc.logs.length > 0);
  assert.deepEqual(leaks(sc.logs.join('\n')), [], 'log');
});
