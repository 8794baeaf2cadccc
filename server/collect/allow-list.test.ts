import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aclRulesFor, assertAllowed, FEATURE_ACL_RULES, LEAST_PRIVILEGE_ACL_RULES } from './allow-list.js';
import { INSPECT_FEATURES, type InspectFeature } from './inspection/inspect-options.js';
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

test('opt-in features add their commands only when enabled', () => {
  const cases: [InspectFeature, string[]][] = [
    ['clients', ['CLIENT', 'LIST']],
    ['keyspace', ['SCAN', '0', 'COUNT', '100']],
    ['keyspace', ['MEMORY', 'USAGE', 'k', 'SAMPLES', '5']],
    ['keyspace', ['OBJECT', 'ENCODING', 'k']],
    ['slowlog', ['SLOWLOG', 'GET', '128']],
    ['streams', ['XINFO', 'GROUPS', 'k']],
    ['functions', ['FUNCTION', 'LIST']],
    ['functions', ['FUNCTION', 'STATS']],
  ];
  for (const [feature, [cmd, ...args]] of cases) {
    assert.throws(() => assertAllowed(cmd, args), CommandNotAllowedError, `${cmd} without ${feature}`);
    assert.doesNotThrow(() => assertAllowed(cmd, args, [feature]), `${cmd} with ${feature}`);
    // SCAN is shared by keyspace and streams.
    const others = INSPECT_FEATURES.filter((f) => f !== feature && !(cmd === 'SCAN' && f === 'streams'));
    for (const other of others) {
      assert.throws(() => assertAllowed(cmd, args, [other]), CommandNotAllowedError, `${cmd} ${args[0]} with ${other}`);
    }
  }
  // The base sub-commands stay allowed next to a feature's.
  assert.doesNotThrow(() => assertAllowed('CLIENT', ['SETNAME', 'x'], ['clients']));
});

test('the command table is admitted only for the ACL file comparison, and only whole', () => {
  assert.throws(() => assertAllowed('COMMAND', ['INFO']), CommandNotAllowedError, 'not in the base allow-list');
  assert.throws(() => assertAllowed('COMMAND', []), CommandNotAllowedError);
  assert.doesNotThrow(() => assertAllowed('COMMAND', ['INFO'], ['acl_drift']), 'COMMAND INFO (7.0+)');
  assert.doesNotThrow(() => assertAllowed('COMMAND', [], ['acl_drift']), 'bare COMMAND (6.2)');
  assert.throws(() => assertAllowed('COMMAND', ['INFO', 'get'], ['acl_drift']), CommandNotAllowedError);
  assert.throws(() => assertAllowed('COMMAND', ['GETKEYS', 'get', 'k'], ['acl_drift']), CommandNotAllowedError);
  for (const feature of INSPECT_FEATURES)
    assert.throws(() => assertAllowed('COMMAND', ['INFO'], [feature]), CommandNotAllowedError, feature);
});

test('no feature admits a value read, a write or XINFO STREAM FULL', () => {
  const all = [...INSPECT_FEATURES];
  for (const [cmd, ...args] of [
    ['GET', 'k'],
    ['HGETALL', 'k'],
    ['LRANGE', 'k', '0', '-1'],
    ['SMEMBERS', 'k'],
    ['ZRANGE', 'k', '0', '-1'],
    ['XRANGE', 'k', '-', '+'],
    ['XREAD', 'STREAMS', 'k', '0'],
    ['DUMP', 'k'],
    ['KEYS', '*'],
    ['OBJECT', 'FREQ', 'k'],
    ['MEMORY', 'PURGE'],
    ['CLIENT', 'KILL', 'ID', '1'],
    ['SLOWLOG', 'RESET'],
    ['XINFO', 'STREAM', 'k', 'FULL'],
    ['FUNCTION', 'LIST', 'WITHCODE'],
    ['FUNCTION', 'LIST', 'LIBRARYNAME', 'billing', 'withcode'],
    ['FUNCTION', 'DUMP'],
    ['FUNCTION', 'LOAD', 'x'],
    ['FUNCTION', 'FLUSH'],
    ['FUNCTION', 'KILL'],
    ['DEL', 'k'],
  ]) {
    assert.throws(() => assertAllowed(cmd, args, all), CommandNotAllowedError, `${cmd} ${args.join(' ')}`);
  }
  // A key that happens to be called FULL is still only a key.
  assert.doesNotThrow(() => assertAllowed('XINFO', ['GROUPS', 'FULL'], all));
});

test('each feature ACL rule names only commands that feature allows', () => {
  for (const feature of INSPECT_FEATURES) {
    for (const rule of FEATURE_ACL_RULES[feature].filter((r) => r.startsWith('+'))) {
      const [command, sub] = rule.slice(1).split('|');
      assert.doesNotThrow(() => assertAllowed(command, sub ? [sub, 'k'] : ['0'], [feature]), `${feature}: ${rule}`);
    }
  }
  assert.deepEqual(aclRulesFor([]), [...LEAST_PRIVILEGE_ACL_RULES]);
});
