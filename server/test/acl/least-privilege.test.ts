import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze } from '../harness/rule-check.js';
import { LEAST_PRIVILEGE_ACL_RULES, assertAllowed } from '../../collect/allow-list.js';

const ADMIN = 'admin-password-for-the-test-only-0123456789';
const LENS = 'redislens-password-for-the-test-0123456789';
const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

function commandStats(info: string): Map<string, { calls: number; rejected: number }> {
  const stats = new Map<string, { calls: number; rejected: number }>();
  for (const line of info.split('\n')) {
    const m = /^cmdstat_(\S+):calls=(\d+),.*rejected_calls=(\d+)/.exec(line.trim());
    if (m) stats.set(m[1], { calls: Number(m[2]), rejected: Number(m[3]) });
  }
  return stats;
}

test('the README ships the least-privilege ACL line the code relies on', () => {
  const readme = readFileSync(README, 'utf8');
  assert.ok(readme.includes(`ACL SETUSER redislens on >`), 'README has the ACL SETUSER line');
  assert.ok(
    readme.includes(LEAST_PRIVILEGE_ACL_RULES.join(' ')),
    `README lists exactly: ${LEAST_PRIVILEGE_ACL_RULES.join(' ')}`
  );
});

test('a full analysis works with the least-privilege user, and only allow-listed commands reach Redis', async (t) => {
  const redis = await RedisProcess.start({ config: { requirepass: ADMIN }, adminPassword: ADMIN });
  t.after(() => redis.stop());
  await redis.cli('ACL', 'SETUSER', 'redislens', 'on', `>${LENS}`, ...LEAST_PRIVILEGE_ACL_RULES);
  await redis.cli('CONFIG', 'RESETSTAT');

  const { fleet, results, seedsReachable } = await analyze([`redis://redislens:${LENS}@${redis.address}`]);
  assert.equal(seedsReachable, true);
  const node = fleet.nodes[0];
  assert.deepEqual(node.failures, {}, 'no command was denied to the least-privilege user');
  assert.ok(node.config && node.info, 'CONFIG and INFO were both collected');
  assert.equal(node.unauthenticatedAccess, false, 'the default user needs the password');
  const denied = results.filter((r) => r.status === 'not_evaluated' && /CONFIG GET|INFO|NOPERM/.test(r.reason ?? ''));
  assert.deepEqual(denied, []);
  assert.ok(!JSON.stringify(fleet).includes(ADMIN), 'requirepass is redacted from the snapshot');

  const stats = commandStats(await redis.cli('INFO', 'commandstats'));
  const used = [...stats.keys()].filter((name) => name !== 'config|resetstat'); // the test's own reset
  for (const name of used) {
    const [command, sub] = name.split('|');
    assert.doesNotThrow(
      () => assertAllowed(command, sub ? [sub] : []),
      `${name} reached Redis but is not allow-listed`
    );
    // The one expected rejection: the unauthenticated PING probe, answered NOAUTH.
    assert.equal(stats.get(name)!.rejected, name === 'ping' ? 1 : 0, `${name} rejections`);
  }
  const errors = await redis.cli('INFO', 'errorstats');
  assert.doesNotMatch(errors, /NOPERM/, 'no command was denied by ACL');
  assert.match(errors, /errorstat_NOAUTH:count=1/, 'the unauthenticated probe was refused');
  for (const expected of [
    'info',
    'config|get',
    'role',
    'client|setname',
    'acl|list',
    'acl|log',
    'memory|stats',
    'memory|doctor',
    'latency|histogram',
    'latency|doctor',
  ])
    assert.ok(used.includes(expected), `${expected} was used`);
});
