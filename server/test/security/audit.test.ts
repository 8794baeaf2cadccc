/**
 * Finding 4 (medium): `false_positive` -> `acknowledged` (note n1) ->
 * `acknowledged` (note n2) answered 200 three times but n2 had no audit
 * entry; 50 concurrent acknowledge/resolve requests gave 50 x 200 and 33
 * entries. Every accepted change is now exactly one audit entry, written in
 * the transaction that makes the change.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { A_EDITOR, analyse, startLoggedSidecar, TWO_TENANTS, type LoggedSidecar } from './support.js';

let redis: RedisProcess;
let sc: LoggedSidecar;
let anomalies: any[];

before(async () => {
  redis = await RedisProcess.start({ config: { timeout: 0 } });
  sc = await startLoggedSidecar({ tenants: TWO_TENANTS });
  const target = await sc.api('POST', '/api/v1/targets', {
    token: A_EDITOR,
    body: { name: 'cache', url: redis.url, intervalSeconds: 3600 },
  });
  assert.equal(target.status, 201, JSON.stringify(target.body));
  assert.equal((await analyse(sc, A_EDITOR, target.body.id)).status, 'succeeded');
  anomalies = (await sc.api('GET', '/api/v1/anomalies?status=open', { token: A_EDITOR })).body.items;
  assert.ok(anomalies.length >= 3, 'a default redis-server has findings to triage');
});

after(async () => {
  await sc?.stop();
  await redis?.stop();
});

const changes = async (id: string) =>
  (await sc.api('GET', `/api/v1/anomalies/${id}`, { token: A_EDITOR })).body.history.filter(
    (e: any) => e.kind === 'status_changed'
  );

const setStatus = (id: string, status: string, note: string) =>
  sc.api('POST', `/api/v1/anomalies/${id}/status`, { token: A_EDITOR, body: { status, note } });

test('a new note on an unchanged status is audited', async () => {
  const id = anomalies[0].id;
  for (const [status, note] of [
    ['false_positive', 'n0'],
    ['acknowledged', 'n1'],
    ['acknowledged', 'n2'],
  ]) {
    assert.equal((await setStatus(id, status, note)).status, 200);
  }
  const history = await changes(id);
  assert.deepEqual(
    history.map((e: any) => [e.fromStatus, e.toStatus, e.note]),
    [
      ['open', 'false_positive', 'n0'],
      ['false_positive', 'acknowledged', 'n1'],
      ['acknowledged', 'acknowledged', 'n2'],
    ]
  );
});

test('50 concurrent changes on one anomaly: 50 x 200 and 50 entries, in order', async () => {
  const id = anomalies[1].id;
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => setStatus(id, i % 2 ? 'resolved' : 'acknowledged', `c${i}`))
  );
  assert.deepEqual(
    results.map((r) => r.status),
    Array(50).fill(200)
  );
  const history = await changes(id);
  assert.equal(history.length, 50);
  assert.deepEqual(history.map((e: any) => e.note).sort(), Array.from({ length: 50 }, (_, i) => `c${i}`).sort());
  // In order: each entry starts from the status the previous one left.
  assert.equal(history[0].fromStatus, 'open');
  for (let i = 1; i < history.length; i++) assert.equal(history[i].fromStatus, history[i - 1].toStatus, `entry ${i}`);
  const final = (await sc.api('GET', `/api/v1/anomalies/${id}`, { token: A_EDITOR })).body;
  assert.equal(final.status, history.at(-1).toStatus);
});

test('a bulk change naming an unknown id changes nothing and audits nothing', async () => {
  const id = anomalies[2].id;
  const res = await sc.api('POST', '/api/v1/anomalies/status', {
    token: A_EDITOR,
    body: { ids: [id, '00000000-0000-4000-8000-000000000000'], status: 'acknowledged', note: 'x' },
  });
  assert.equal(res.status, 404);
  assert.deepEqual(await changes(id), []);
  assert.equal((await sc.api('GET', `/api/v1/anomalies/${id}`, { token: A_EDITOR })).body.status, 'open');
  const bulk = await sc.api('POST', '/api/v1/anomalies/status', {
    token: A_EDITOR,
    body: { ids: [id, id], status: 'open', note: 'still open, looked at it' },
  });
  assert.equal(bulk.status, 200);
  assert.equal((await changes(id)).length, 1, 'one entry per anomaly, also for an unchanged status');
});
