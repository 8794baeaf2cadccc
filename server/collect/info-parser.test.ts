import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInfo, infoField } from './info-parser.js';

const SAMPLE = [
  '# Server',
  'redis_version:7.0.15',
  'redis_mode:standalone',
  'listener0:name=tcp,bind=*,bind=-::*,port=6379',
  '',
  '# Memory',
  'used_memory:1048576',
  'mem_fragmentation_ratio:1.53',
  'maxmemory_policy:noeviction',
  '',
  '# Replication',
  'role:master',
  'slave0:ip=127.0.0.1,port=6380,state=online,offset=1234,lag=0',
  '',
  '# Keyspace',
  'db0:keys=10,expires=2,avg_ttl=3000',
].join('\r\n');

test('parses sections, numbers and records', () => {
  const info = parseInfo(SAMPLE);
  assert.equal(info.server.redis_version, '7.0.15');
  assert.equal(info.memory.used_memory, 1048576);
  assert.equal(info.memory.mem_fragmentation_ratio, 1.53);
  assert.deepEqual(info.replication.slave0, { ip: '127.0.0.1', port: 6380, state: 'online', offset: 1234, lag: 0 });
  assert.deepEqual(info.keyspace.db0, { keys: 10, expires: 2, avg_ttl: 3000 });
  assert.deepEqual(info.server.listener0, { name: 'tcp', bind: ['*', '-::*'], port: 6379 });
});

test('parses sentinel master lines', () => {
  const info = parseInfo(
    '# Sentinel\nsentinel_masters:1\nmaster0:name=mymaster,status=ok,address=127.0.0.1:7000,slaves=2,sentinels=3\n'
  );
  assert.deepEqual(info.sentinel.master0, {
    name: 'mymaster',
    status: 'ok',
    address: '127.0.0.1:7000',
    slaves: 2,
    sentinels: 3,
  });
});

test('infoField finds a field in any section', () => {
  const info = parseInfo(SAMPLE);
  assert.equal(infoField(info, 'role'), 'master');
  assert.equal(infoField(info, 'nope'), undefined);
});
