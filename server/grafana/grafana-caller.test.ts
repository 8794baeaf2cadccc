import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capRole, identityForCaller, resolveIdentity } from './grafana-caller.js';
import { applyGrafanaContext, signGrafanaContext, verifyGrafanaContext } from './grafana-context-header.js';
import { pluginContext } from './test-support/grafana-host.js';

const editorToken = { tenantId: 'acme', role: 'editor' as const, actor: 'token:grafana' };
const authenticate = async (token: string) => (token === 'good' ? editorToken : undefined);

test('the Grafana role caps the token role: Viewer, None, no user and unknown roles read only', () => {
  assert.equal(capRole('editor', 'Admin'), 'editor');
  assert.equal(capRole('editor', 'Editor'), 'editor');
  for (const role of ['Viewer', 'None', '', 'editor', 'GrafanaAdmin'])
    assert.equal(capRole('editor', role), 'viewer', role);
  assert.equal(capRole('viewer', 'Admin'), 'viewer', 'never above the token');
});

test('identity from PluginContext: tenant from the token, actor from the Grafana login', async () => {
  assert.deepEqual(await resolveIdentity(pluginContext('good', 'Editor', 'bob'), authenticate), {
    ok: true,
    identity: { tenantId: 'acme', role: 'editor', actor: 'bob' },
  });
  assert.deepEqual(await resolveIdentity(pluginContext('good', undefined), authenticate), {
    ok: true,
    identity: { tenantId: 'acme', role: 'viewer', actor: 'token:grafana' },
  });
  assert.deepEqual(await resolveIdentity(pluginContext(undefined, 'Admin'), authenticate), {
    ok: false,
    reason: 'no_token',
  });
  assert.deepEqual(await resolveIdentity(pluginContext('  ', 'Admin'), authenticate), {
    ok: false,
    reason: 'no_token',
  });
  assert.deepEqual(await resolveIdentity(pluginContext('bad', 'Admin'), authenticate), {
    ok: false,
    reason: 'invalid_token',
  });
  assert.deepEqual(await resolveIdentity(null, authenticate), { ok: false, reason: 'no_token' });
});

test('the signed context header round-trips and caps like a gRPC call', () => {
  const caller = { orgId: 1, login: 'carol', grafanaRole: 'Viewer' };
  const header = signGrafanaContext(caller);
  assert.deepEqual(verifyGrafanaContext(header), caller);
  assert.deepEqual(applyGrafanaContext(editorToken, header), identityForCaller(editorToken, caller));
  assert.equal(applyGrafanaContext(editorToken, header)!.role, 'viewer');
});

test('a forged, altered, expired or malformed header never verifies; no header leaves the token identity alone', () => {
  const header = signGrafanaContext({ orgId: 1, login: 'carol', grafanaRole: 'Viewer' });
  const [payload, signature] = header.split('.');
  const promoted = Buffer.from(
    JSON.stringify({ orgId: 1, login: 'carol', grafanaRole: 'Admin', iat: Date.now() })
  ).toString('base64url');
  for (const forged of [
    `${promoted}.${signature}`,
    `${payload}.${signature.slice(1)}x`,
    `${payload}`,
    `${header}.x`,
    '',
    ['a', 'b'],
  ]) {
    assert.equal(verifyGrafanaContext(forged), undefined, String(forged));
    assert.equal(applyGrafanaContext(editorToken, forged), undefined);
  }
  assert.equal(
    verifyGrafanaContext(signGrafanaContext({ orgId: 1, login: 'c', grafanaRole: 'Admin' }, Date.now() - 120_000)),
    undefined,
    'expired'
  );
  assert.deepEqual(applyGrafanaContext(editorToken, undefined), editorToken);
});
