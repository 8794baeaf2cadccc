import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toSecretRef, resolveSecret, describeSecretRef } from './secret-ref.js';

test('references are stored as references and resolved at use', (t) => {
  assert.deepEqual(toSecretRef('$__env{REDIS_PASS}', undefined), { kind: 'env', name: 'REDIS_PASS' });
  assert.equal(resolveSecret({ kind: 'env', name: 'REDIS_PASS' }, undefined, { REDIS_PASS: 'x' }), 'x');
  assert.throws(
    () => resolveSecret({ kind: 'env', name: 'NOPE' }, undefined, {}),
    /environment variable NOPE is not set/
  );
  const dir = mkdtempSync(join(tmpdir(), 'redislens-secret-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'pw'), 'from-file\n');
  const ref = toSecretRef(`$__file{${join(dir, 'pw')}}`, undefined);
  assert.equal(resolveSecret(ref, undefined), 'from-file');
  assert.equal(describeSecretRef(ref), `$__file{${join(dir, 'pw')}}`);
});

test('literals are encrypted at rest, and refused without a key', () => {
  assert.throws(() => toSecretRef('hunter2', undefined), /plain-text password is not stored/);
  const ref = toSecretRef('hunter2', 'key-one');
  assert.equal(ref.kind, 'encrypted');
  assert.ok(!JSON.stringify(ref).includes('hunter2'));
  assert.equal(resolveSecret(ref, 'key-one'), 'hunter2');
  assert.throws(() => resolveSecret(ref, 'key-two'), /REDISLENS_SECRET_KEY differs/);
  assert.equal(describeSecretRef(ref), '<encrypted>');
});
