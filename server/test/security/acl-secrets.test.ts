/**
 * ACL LIST carries every user's password hash and ACL LOG the names clients tried: RedisLens reads both by
 * default. Here users with planted passwords are created by the test, a failed AUTH puts a planted secret
 * where a user name goes, the sidecar analyses twice (so history-based rules run), and neither the
 * passwords nor their SHA-256 hashes nor that secret appear in REST, exports, /metrics, Grafana frames,
 * the SQLite files or the logs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisProcess } from '../harness/redis-process.js';
import { dataQuery, dial, pluginContext } from '../../grafana/test-support/grafana-host.js';
import { LEAST_PRIVILEGE_ACL_RULES } from '../../collect/allow-list.js';
import { A_EDITOR, analyse, startLoggedSidecar, TWO_TENANTS, type LoggedSidecar } from './support.js';

const ADMIN = 'acl-secrets-admin-PLANTED-0123456789-abcdef';
const LENS = 'acl-secrets-lens-PLANTED-0123456789-abcdef';
const APP = 'acl-secrets-app-PLANTED-0123456789-abcdef';
const RETIRED = 'acl-secrets-retired-PLANTED-0123456789';
const TYPED_AS_NAME = 'acl-secrets-typed-as-a-user-name-PLANTED';
const sha256 = (p: string) => createHash('sha256').update(p).digest('hex');
const PASSWORDS = [ADMIN, LENS, APP, RETIRED];
// A hash is looked for whole and by its first 16 hex digits (a truncated copy is a leak too).
const PIECES = [...PASSWORDS, TYPED_AS_NAME, ...PASSWORDS.flatMap((p) => [sha256(p), sha256(p).slice(0, 16)])];

let redis: RedisProcess;
let sc: LoggedSidecar;

before(async () => {
  redis = await RedisProcess.start({ config: { requirepass: ADMIN }, adminPassword: ADMIN });
  await redis.cli('ACL', 'SETUSER', 'redislens', 'on', `>${LENS}`, ...LEAST_PRIVILEGE_ACL_RULES);
  await redis.cli('ACL', 'SETUSER', 'app', 'on', `>${APP}`, '~app:*', '+@read', '+@write', '-@dangerous');
  await redis.cli('ACL', 'SETUSER', 'retired', 'off', `>${RETIRED}`, '~*', '+@read');
  sc = await startLoggedSidecar({ tenants: TWO_TENANTS }, { secretKey: 'acl-secrets-key', grpcListen: '127.0.0.1:0' });
});

after(async () => {
  await sc?.stop();
  await redis?.stop();
});

const leaks = (text: string) => PIECES.filter((p) => text.includes(p));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('ACL password hashes and ACL LOG names are found nowhere the sidecar stores or shows', async () => {
  const created = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: { name: 'acl', url: `redis://redislens:${LENS}@${redis.address}`, intervalSeconds: 3600 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  const first = await analyse(sc, A_EDITOR, id);
  assert.equal(first.status, 'succeeded', JSON.stringify(first));

  // A failed AUTH whose user name is a secret: ACL LOG records it, RedisLens must not.
  const client = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, enableReadyCheck: false });
  await client.connect();
  try {
    await client.call('AUTH', TYPED_AS_NAME, 'x').catch(() => undefined);
    await client.call('AUTH', 'app', 'wrong').catch(() => undefined);
  } finally {
    client.disconnect();
  }
  assert.match(await redis.cli('ACL', 'LOG'), new RegExp(TYPED_AS_NAME), 'Redis itself logged the name');
  const second = await analyse(sc, A_EDITOR, id);
  assert.equal(second.status, 'succeeded');

  const shown: string[] = [];
  const get = async (path: string) => {
    const res = await sc.api('GET', path, { token: A_EDITOR });
    shown.push(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
    return res.body;
  };
  const now = Date.now();
  await get('/api/v1/targets');
  await get(`/api/v1/targets/${id}`);
  await get(`/api/v1/targets/${id}/instances`);
  await get(`/api/v1/targets/${id}/config`);
  await get(`/api/v1/targets/${id}/topology`);
  for (const a of (await get(`/api/v1/targets/${id}/analyses`)).items ?? []) {
    await get(`/api/v1/analyses/${a.id}`);
    await get(`/api/v1/analyses/${a.id}/export?format=json`);
    await get(`/api/v1/analyses/${a.id}/export?format=csv`);
  }
  for (const s of (await get(`/api/v1/targets/${id}/snapshots`)).items ?? []) await get(`/api/v1/snapshots/${s.id}`);
  for (const a of (await get('/api/v1/anomalies?limit=500')).items) await get(`/api/v1/anomalies/${a.id}`);
  await get(`/api/v1/events?from=0&to=${now}`);
  const rest = shown.join('\n');
  assert.match(rest, /"retired"/, 'the ACL users really reached the stored snapshot');
  assert.match(rest, /SEC-204/, 'and the ACL rules judged them');
  assert.deepEqual(leaks(rest), [], 'REST and exports');

  const metrics = await fetch(`${sc.sidecar.url}/metrics`).then((r) => r.text());
  assert.deepEqual(leaks(metrics), [], '/metrics');

  const grafana = dial(sc.sidecar.grpcAddress!);
  try {
    const queries = [
      { refId: 'a', model: { queryType: 'anomalies' } },
      { refId: 'b', model: { queryType: 'instances' } },
      { refId: 'c', model: { queryType: 'config', target: id } },
      { refId: 't', model: { queryType: 'topology', target: id } },
    ].map((q) => dataQuery({ ...q, from: now - 3600_000, to: Date.now() }));
    const answer = await grafana.queryData({ pluginContext: pluginContext(A_EDITOR, 'Editor'), queries });
    const frames = Object.values(answer.responses).flatMap((r) => r.frames);
    assert.ok(frames.length >= queries.length, 'frames came back');
    assert.deepEqual(leaks(Buffer.concat(frames).toString('latin1')), [], 'Grafana frames');
  } finally {
    grafana.close();
  }

  const files = filesUnder(sc.dataDir);
  assert.ok(files.some((f) => f.endsWith('redislens.sqlite')));
  for (const file of files) assert.deepEqual(leaks(readFileSync(file).toString('latin1')), [], file);
  assert.ok(sc.logs.length > 0);
  assert.deepEqual(leaks(sc.logs.join('\n')), [], 'log');
});
