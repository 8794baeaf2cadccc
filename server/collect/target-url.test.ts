import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTargetUrl } from './target-url.js';
import { InvalidTargetError } from './errors.js';

test('parses redis URLs with ACL credentials', () => {
  const t = parseTargetUrl('redis://lens:p%40ss@10.0.0.1:7000/2');
  assert.equal(t.kind, 'redis');
  assert.equal(t.tls, false);
  assert.deepEqual(t.credentials, { username: 'lens', password: 'p@ss' });
  assert.deepEqual(t.endpoints, [{ host: '10.0.0.1', port: 7000 }]);
  assert.equal(t.display, 'redis://lens:<redacted>@10.0.0.1:7000/2');
});

test('parses password-only, TLS and IPv6 forms', () => {
  assert.deepEqual(parseTargetUrl('rediss://:pw@cache').credentials, { password: 'pw' });
  assert.equal(parseTargetUrl('rediss://cache').tls, true);
  assert.deepEqual(parseTargetUrl('redis://[::1]:6380').endpoints, [{ host: '::1', port: 6380 }]);
});

test('parses sentinel URLs with several sentinels', () => {
  const t = parseTargetUrl('redis-sentinel://a:26379,b:26380,c/mymaster');
  assert.equal(t.kind, 'sentinel');
  assert.equal(t.masterName, 'mymaster');
  assert.deepEqual(
    t.endpoints.map((e) => e.port),
    [26379, 26380, 26379]
  );
});

test('rejects malformed targets with a specific reason', () => {
  assert.throws(() => parseTargetUrl('http://x:1'), /unknown scheme "http"/);
  assert.throws(() => parseTargetUrl('redis://x:99999'), /port between 1 and 65535/);
  assert.throws(() => parseTargetUrl('redis-sentinel://x:1'), /must end with \/<master-name>/);
  assert.throws(() => parseTargetUrl('localhost:6379'), InvalidTargetError);
});
