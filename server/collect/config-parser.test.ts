import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigReply, parseMemory, parseConfigValue } from './config-parser.js';

test('memory units follow Redis memtoull', () => {
  assert.equal(parseMemory('1mb'), 1048576);
  assert.equal(parseMemory('1m'), 1000000);
  assert.equal(parseMemory('2GB'), 2 * 1024 ** 3);
  assert.equal(parseMemory('4k'), 4000);
  assert.equal(parseMemory('12'), 12);
  assert.equal(parseMemory('allkeys-lru'), undefined);
  // Numbers start with a digit or a minus sign; anything else is a word, however it goes on.
  assert.equal(parseMemory('-1'), -1);
  assert.equal(parseMemory('-2'), -2);
  assert.equal(parseMemory(''), undefined);
  assert.equal(parseMemory(' 12'), undefined);
  assert.equal(parseMemory('k12'), undefined);
  assert.equal(parseMemory('-1mb'), undefined);
});

test('parses CONFIG GET * into typed values', () => {
  const config = parseConfigReply([
    'save',
    '3600 1 300 100',
    'client-output-buffer-limit',
    'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    'activerehashing',
    'yes',
    'appendfsync',
    'no',
    'maxmemory',
    '0',
    'maxmemory-policy',
    'noeviction',
    'bind',
    '127.0.0.1 -::1',
  ]);
  assert.deepEqual(config.save, [
    { seconds: 3600, changes: 1 },
    { seconds: 300, changes: 100 },
  ]);
  assert.deepEqual(config['client-output-buffer-limit'], {
    normal: { hard: 0, soft: 0, softSeconds: 0 },
    replica: { hard: 268435456, soft: 67108864, softSeconds: 60 },
    pubsub: { hard: 33554432, soft: 8388608, softSeconds: 60 },
  });
  assert.equal(config.activerehashing, true);
  assert.equal(config.appendfsync, 'no', 'appendfsync no is an enum value, not a boolean');
  assert.equal(config.maxmemory, 0);
  assert.equal(config['maxmemory-policy'], 'noeviction');
  assert.equal(config.bind, '127.0.0.1 -::1');
});

test('empty save means persistence disabled', () => {
  assert.deepEqual(parseConfigValue('save', ''), []);
  assert.deepEqual(parseConfigValue('save', '""'), []);
});

test('redis.conf style buffer limits with units', () => {
  assert.deepEqual(parseConfigValue('client-output-buffer-limit', 'replica 256mb 64mb 60'), {
    replica: { hard: 256 * 1024 ** 2, soft: 64 * 1024 ** 2, softSeconds: 60 },
  });
});
