import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAllowed, LEAST_PRIVILEGE_ACL_RULES } from './allow-list.js';
import { CommandNotAllowedError } from './errors.js';

test('allow-listed reads pass', () => {
  for (const [cmd, ...args] of [
    ['INFO', 'all'],
    ['CONFIG', 'GET', '*'],
    ['sentinel', 'masters'],
    ['CLUSTER', 'NODES'],
    ['SLOWLOG', 'LEN'],
    ['PING'],
    ['ACL', 'LIST'],
    ['ACL', 'LOG', '100'],
    ['MEMORY', 'STATS'],
    ['LATENCY', 'HISTOGRAM'],
  ]) {
    assert.doesNotThrow(() => assertAllowed(cmd, args));
  }
});

test('writes, user-data reads and unlisted sub-commands are refused before sending', () => {
  for (const [cmd, ...args] of [
    ['SET', 'k', 'v'],
    ['KEYS', '*'],
    ['SCAN', '0'],
    ['GET', 'k'],
    ['MONITOR'],
    ['SLOWLOG', 'GET'],
    ['CONFIG', 'SET', 'x', 'y'],
    ['SENTINEL', 'FAILOVER', 'm'],
    ['CLUSTER', 'FAILOVER'],
    ['FLUSHALL'],
    ['ACL', 'LOG', 'RESET'],
    ['MEMORY', 'USAGE', 'k'],
    ['LATENCY', 'RESET'],
    ['ACL', 'SETUSER', 'x', 'on'],
    ['ACL', 'DELUSER', 'x'],
    ['ACL', 'LOAD'],
    ['ACL', 'SAVE'],
  ]) {
    assert.throws(() => assertAllowed(cmd, args), CommandNotAllowedError, `${cmd} ${args.join(' ')}`);
  }
});

test('the least-privilege ACL grants exactly the allow-listed commands Redis checks by ACL', () => {
  assert.equal(LEAST_PRIVILEGE_ACL_RULES[0], '-@all');
  for (const rule of LEAST_PRIVILEGE_ACL_RULES.slice(1)) {
    const [command, sub] = rule.slice(1).split('|');
    assert.doesNotThrow(() => assertAllowed(command, sub ? [sub] : []), rule);
  }
});
