import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex } from './sha256.js';

test('sha256Hex is the hex SHA-256 of the text as UTF-8, as stored fingerprints and token hashes were made', () => {
  for (const text of ['', 'tenant\u0000SEC-101\u0000127.0.0.1:6379\u0000', 'é ✓ 🙂', 'x'.repeat(10_000)]) {
    assert.equal(sha256Hex(text), createHash('sha256').update(text, 'utf8').digest('hex'));
  }
  // A known vector, so a change that alters both sides alike still fails.
  assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
