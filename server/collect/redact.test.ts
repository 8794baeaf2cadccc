import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactConfig, redactUrl, REDACTED } from './redact.js';

test('redacts secrets and keeps facts about them', () => {
  const { config, secrets } = redactConfig({ requirepass: 'foobared', masterauth: '', maxmemory: 0 });
  assert.equal(config.requirepass, REDACTED);
  assert.equal(config.masterauth, '');
  assert.equal(config.maxmemory, 0);
  assert.deepEqual(secrets.requirepass, { set: true, length: 8, placeholder: true });
  assert.deepEqual(secrets.masterauth, { set: false, length: 0, placeholder: false });
  assert.ok(!JSON.stringify(config).includes('foobared'));
});

test('redacts URL passwords', () => {
  assert.equal(redactUrl('redis://user:s3cret@host:6379/0'), `redis://user:${REDACTED}@host:6379/0`);
  assert.equal(redactUrl('redis://:s3cret@host:6379'), `redis://:${REDACTED}@host:6379`);
  assert.equal(redactUrl('redis://host:6379'), 'redis://host:6379');
});
