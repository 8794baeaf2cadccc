/**
 * Finding 1 (critical): an editor registered a target at their own listener
 * with password "$__env{B_EDITOR_TOKEN}" (or "$__file{/etc/...}") and the
 * sidecar resolved it on its host and sent it there as AUTH. Secret
 * references are now the operator's: the API accepts only those on the
 * --secret-ref-allow list, and errors never reveal values or file existence.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  A_EDITOR,
  analyse,
  B_EDITOR,
  startListener,
  startLoggedSidecar,
  TWO_TENANTS,
  type Listener,
  type LoggedSidecar,
} from './support.js';

const STOLEN = 'value-of-a-host-secret-4b1d9e';
let sc: LoggedSidecar;
let listener: Listener;
let secrets: string;

before(async () => {
  process.env.SEC_TEST_B_EDITOR_TOKEN = B_EDITOR;
  process.env.SEC_TEST_HOST_SECRET = STOLEN;
  process.env.REDIS_PW_SEC_TEST = STOLEN;
  secrets = mkdtempSync(join(tmpdir(), 'redislens-secrets-'));
  writeFileSync(join(secrets, 'team-a-pw'), STOLEN);
  listener = await startListener('-ERR nope\r\n');
  sc = await startLoggedSidecar(
    { tenants: TWO_TENANTS },
    { secretKey: 'sec-test-key', secretRefAllow: ['env:REDIS_PW_*', `file:${secrets}/{tenant}-*`] }
  );
});

after(async () => {
  await sc?.stop();
  await listener?.close();
  rmSync(secrets, { recursive: true, force: true });
});

const register = (body: Record<string, unknown>) => sc.api('POST', '/api/v1/targets', { token: A_EDITOR, body });

test('a tenant cannot point a host secret reference at its own listener, in any form', async () => {
  const url = `redis://127.0.0.1:${listener.port}`;
  const attempts = [
    { name: 'env-field', url, password: '$__env{SEC_TEST_B_EDITOR_TOKEN}' },
    { name: 'env-key', url, password: '$__env{REDISLENS_SECRET_KEY}' },
    { name: 'file-field', url, password: '$__file{/etc/hostname}' },
    { name: 'file-shadow', url, password: '$__file{/etc/shadow}' },
    { name: 'env-in-url', url: `redis://:$__env{SEC_TEST_HOST_SECRET}@127.0.0.1:${listener.port}` },
    { name: 'env-in-url-encoded', url: `redis://:%24__env%7BSEC_TEST_HOST_SECRET%7D@127.0.0.1:${listener.port}` },
    { name: 'file-in-url-user', url: `redis://default:$__file{/etc/hostname}@127.0.0.1:${listener.port}` },
    // Allowed directory, other tenant's file or a way out of the directory:
    { name: 'file-other-tenant', url, password: `$__file{${secrets}/team-b-pw}` },
    { name: 'file-traversal', url, password: `$__file{${secrets}/team-a-../../etc/hostname}` },
  ];
  for (const body of attempts) {
    const res = await register(body);
    assert.equal(res.status, 400, `${body.name}: ${JSON.stringify(res.body)}`);
    assert.match(res.body.error.message, /--secret-ref-allow/, body.name);
    assert.ok(!JSON.stringify(res.body).includes(STOLEN), body.name);
  }
  const listed = await sc.api('GET', '/api/v1/targets', { token: A_EDITOR });
  assert.deepEqual(listed.body.items, [], 'nothing was registered');
  assert.equal(listener.connections, 0, 'the listener was never contacted');
});

test('refusal and run-time errors do not tell an existing file from a missing one', async () => {
  const exists = await register({ name: 'f1', url: 'redis://127.0.0.1:6390', password: '$__file{/etc/hostname}' });
  const missing = await register({ name: 'f2', url: 'redis://127.0.0.1:6390', password: '$__file{/nonexistent/x}' });
  assert.equal(exists.status, missing.status);
  assert.equal(
    exists.body.error.message.replace('/etc/hostname', 'P'),
    missing.body.error.message.replace('/nonexistent/x', 'P')
  );
  assert.doesNotMatch(missing.body.error.message, /ENOENT|no such file/i);

  // Allowed pattern, missing file: the analysis fails without saying why the file could not be read.
  const allowed = await register({
    name: 'allowed-missing',
    url: `redis://127.0.0.1:${listener.port}`,
    password: `$__file{${secrets}/team-a-missing}`,
  });
  assert.equal(allowed.status, 201, JSON.stringify(allowed.body));
  const analysis = await analyse(sc, A_EDITOR, allowed.body.id);
  assert.equal(analysis.status, 'failed');
  assert.match(analysis.error, /could not be read/);
  assert.doesNotMatch(analysis.error, /ENOENT|no such file/i);
  assert.ok(!sc.logs.join('\n').match(/ENOENT/), 'not in the log either');
  assert.equal(listener.connections, 0, 'a secret that cannot be read sends nothing');
});

test('references on the allow-list work; a row stored before the check is refused at use', async () => {
  const env = await register({ name: 'ok-env', url: 'redis://127.0.0.1:6391', password: '$__env{REDIS_PW_SEC_TEST}' });
  assert.equal(env.status, 201, JSON.stringify(env.body));
  assert.equal(env.body.password, '$__env{REDIS_PW_SEC_TEST}');
  const file = await register({
    name: 'ok-file',
    url: 'redis://127.0.0.1:6392',
    password: `$__file{${secrets}/team-a-pw}`,
  });
  assert.equal(file.status, 201, JSON.stringify(file.body));
  // Tenant B may not use tenant A's {tenant} file.
  const other = await sc.api('POST', '/api/v1/targets', {
    token: B_EDITOR,
    body: { name: 'steal', url: 'redis://127.0.0.1:6392', password: `$__file{${secrets}/team-a-pw}` },
  });
  assert.equal(other.status, 400);

  // A target stored by an older version, with a reference the allow-list does not cover.
  const now = Date.now();
  await sc.sidecar.store.targets.create({
    id: '6f1c1c9e-8a4b-4f7e-9d0a-3b2c1d0e9f8a',
    tenantId: 'team-a',
    name: 'legacy',
    url: `redis://127.0.0.1:${listener.port}`,
    password: { kind: 'env', name: 'SEC_TEST_B_EDITOR_TOKEN' },
    labels: {},
    intervalSeconds: 3600,
    enabled: false,
    provisioned: false,
    createdAt: now,
    updatedAt: now,
  });
  const analysis = await analyse(sc, A_EDITOR, '6f1c1c9e-8a4b-4f7e-9d0a-3b2c1d0e9f8a');
  assert.equal(analysis.status, 'failed');
  assert.match(analysis.error, /--secret-ref-allow/);
  assert.equal(listener.connections, 0, 'nothing was sent to the listener');
  assert.ok(!listener.received().includes(B_EDITOR));
});

test('the same references stay available to the operator through provisioning', async () => {
  const provisioned = await startLoggedSidecar({
    tenants: TWO_TENANTS,
    targets: [{ tenant: 'team-a', name: 'p', url: 'redis://127.0.0.1:6393', password: '$__env{SEC_TEST_HOST_SECRET}' }],
  });
  try {
    const items = (await provisioned.api('GET', '/api/v1/targets', { token: A_EDITOR })).body.items;
    assert.equal(items.length, 1);
    assert.equal(items[0].password, '$__env{SEC_TEST_HOST_SECRET}');
  } finally {
    await provisioned.stop();
  }
});
