/**
 * ACL users (SEC-108, SEC-201..206) on a real redis-server: the users are created by the test through
 * redis-cli as the administrator, RedisLens analyses as its least-privilege user.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { RedisProcess } from '../harness/redis-process.js';
import { loadCatalog, BUILTIN_RULES_DIR } from '../../rules/catalog-loader.js';
import { analyze, builtinCatalog, statusOn } from '../harness/rule-check.js';
import { snapshotFromConfigFile, type DirectiveCatalog } from '../../collect/config-file.js';
import { judgeVersion, type DirectiveTables } from '../../collect/directive-tables.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import { runCliJson } from '../harness/run-cli.js';
import { LEAST_PRIVILEGE_ACL_RULES } from '../../collect/allow-list.js';
import type { RuleResult } from '../../rules/results.js';

const ADMIN = 'acl-test-admin-password-0123456789-abcdef';
const LENS = 'acl-test-redislens-password-0123456789-ab';
const STRONG = 'acl-test-strong-application-password-0123456789';
const PLACEHOLDER = 'changeme';
const sha256 = (p: string) => createHash('sha256').update(p).digest('hex');
const lensUrl = (redis: RedisProcess) => `redis://redislens:${LENS}@${redis.address}`;
const PRODUCTION = { environment: 'production' };

function only(results: RuleResult[], id: string): RuleResult {
  const mine = results.filter((r) => r.ruleId === id);
  assert.equal(mine.length, 1, `${id}: one result, got ${mine.length}`);
  return mine[0];
}

test('ACL users: weak, over-privileged, dangerous and retired users are found, and a hardened ACL is clean', async (t) => {
  const redis = await RedisProcess.start({ config: { requirepass: ADMIN }, adminPassword: ADMIN });
  t.after(() => redis.stop());
  await redis.cli('ACL', 'SETUSER', 'redislens', 'on', `>${LENS}`, ...LEAST_PRIVILEGE_ACL_RULES);
  await redis.cli('ACL', 'SETUSER', 'app', 'on', `>${PLACEHOLDER}`, '~app:*', '&*', '+@all', '-@dangerous');
  await redis.cli('ACL', 'SETUSER', 'ops', 'on', `>${STRONG}`, 'allkeys', 'allcommands');
  await redis.cli('ACL', 'SETUSER', 'batch', 'on', `>${STRONG}`, '~batch:*', 'resetchannels', '-@all', '+@write');
  await redis.cli('ACL', 'SETUSER', 'retired', 'off', `>${STRONG}`, '~*', '+@read');
  await redis.cli('CONFIG', 'SET', 'acl-pubsub-default', 'allchannels');
  await redis.cli('ACL', 'SETUSER', 'chat', 'on', `>${STRONG}`, '~chat:*', '+@pubsub');

  const { fleet, results } = await analyze([lensUrl(redis)], { labels: PRODUCTION });
  const node = fleet.nodes[0];
  assert.deepEqual(node.failures, {}, 'ACL LIST and ACL LOG are allowed to the least-privilege user');
  assert.deepEqual(node.aclUsers?.map((u) => u.name).sort(), [
    'app',
    'batch',
    'chat',
    'default',
    'ops',
    'redislens',
    'retired',
  ]);
  const stored = JSON.stringify({ fleet, results });
  for (const secret of [ADMIN, LENS, STRONG, PLACEHOLDER])
    assert.ok(!stored.includes(sha256(secret)) && !stored.includes(secret), 'no password or hash is kept');

  const sec108 = only(results, 'SEC-108');
  assert.equal(sec108.status, 'fired');
  assert.deepEqual(sec108.evidence.weak_acl_users, ['app'], 'changeme is recognised by its hash');
  assert.match(sec108.message, /^ACL users with a placeholder or short password: app \(at least 32 random/);

  const sec202 = only(results, 'SEC-202');
  assert.equal(sec202.status, 'fired');
  assert.equal(sec202.severity, 'warning', 'a warning in production');
  assert.equal(sec202.subject, 'ops', 'default is the administrator; app lacks @dangerous');

  const sec203 = only(results, 'SEC-203');
  assert.equal(sec203.status, 'fired');
  assert.match(sec203.message, /^batch \(FLUSHALL, FLUSHDB\) may run/, '+@write includes FLUSHALL and FLUSHDB');

  assert.equal(only(results, 'SEC-204').subject, 'retired');
  const sec205 = only(results, 'SEC-205');
  assert.equal(sec205.status, 'fired');
  assert.deepEqual(sec205.evidence.users, ['app', 'chat']);
  // Online the unauthenticated PING decides (SEC-101): SEC-201 gives no result of its own.
  assert.equal(results.filter((r) => r.ruleId === 'SEC-201').length, 0);

  // Outside production SEC-203 does not apply and SEC-202 is a notice.
  const staging = await analyze([lensUrl(redis)], { labels: { environment: 'staging' } });
  assert.equal(staging.results.filter((r) => r.ruleId === 'SEC-203').length, 0);
  assert.equal(only(staging.results, 'SEC-202').severity, 'notice');
  // Naming ops an administrator is the operator's answer to SEC-202.
  const named = await analyze([lensUrl(redis)], { labels: { ...PRODUCTION, acl_admin_users: 'default, ops' } });
  assert.equal(only(named.results, 'SEC-202').status, 'passed');
  // ... or fleet-wide with the param admin_users; the label still overrides it per target.
  const byParam = loadCatalog({
    dirs: [BUILTIN_RULES_DIR],
    params: { 'SEC-202': { admin_users: 'default,ops' }, 'SEC-203': { admin_users: 'default,batch' } },
  });
  const withParam = (labels: Record<string, string>) => evaluateCatalog(byParam, { fleet, labels });
  assert.equal(only(withParam(PRODUCTION), 'SEC-202').status, 'passed');
  assert.equal(only(withParam(PRODUCTION), 'SEC-203').status, 'passed', 'batch is an administrator by the param');
  assert.equal(only(withParam({ ...PRODUCTION, acl_admin_users: 'default' }), 'SEC-202').status, 'fired');

  // The hardened ACL: every finding goes away by configuration.
  await redis.cli('ACL', 'SETUSER', 'app', 'resetpass', `>${STRONG}`);
  await redis.cli('ACL', 'SETUSER', 'ops', '-@dangerous');
  await redis.cli('ACL', 'SETUSER', 'batch', '-@dangerous');
  await redis.cli('ACL', 'DELUSER', 'retired');
  await redis.cli('CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels');
  const hardened = await analyze([lensUrl(redis)], { labels: PRODUCTION });
  for (const id of ['SEC-108', 'SEC-202', 'SEC-203', 'SEC-204', 'SEC-205'])
    assert.equal(only(hardened.results, id).status, 'passed', id);
});

test('a denied ACL LIST makes the ACL rules not_evaluated with the reason, never an error or a pass', async (t) => {
  const redis = await RedisProcess.start({ config: { requirepass: ADMIN }, adminPassword: ADMIN });
  t.after(() => redis.stop());
  const withoutAcl = LEAST_PRIVILEGE_ACL_RULES.filter((r) => !r.startsWith('+acl|'));
  await redis.cli('ACL', 'SETUSER', 'redislens', 'on', `>${LENS}`, ...withoutAcl);
  const { fleet, results } = await analyze([lensUrl(redis)], { labels: PRODUCTION });
  const node = fleet.nodes[0];
  assert.equal(node.reachable, true);
  assert.equal(node.failures.acl?.code, 'command_denied');
  for (const id of ['SEC-202', 'SEC-203', 'SEC-204', 'SEC-205']) {
    const result = only(results, id);
    assert.equal(result.status, 'not_evaluated', id);
    assert.match(result.reason ?? '', /ACL LIST unavailable .*NOPERM/, id);
    assert.ok(!result.ruleError, `${id} is missing data, not a rule error`);
  }
  // requirepass is still judged without ACL LIST.
  assert.equal(only(results, 'SEC-108').status, 'passed');
});

test('SEC-206: failed authentications since the previous snapshot, with ACL LOG counts by existing user only', async (t) => {
  const redis = await RedisProcess.start({ config: { requirepass: ADMIN }, adminPassword: ADMIN });
  t.after(() => redis.stop());
  await redis.cli('ACL', 'SETUSER', 'redislens', 'on', `>${LENS}`, ...LEAST_PRIVILEGE_ACL_RULES);
  await redis.cli('ACL', 'SETUSER', 'app', 'on', `>${STRONG}`, '~app:*', '+@read');
  const first = await analyze([lensUrl(redis)]);
  assert.equal(
    statusOn(
      first.results.filter((r) => r.ruleId === 'SEC-206'),
      redis.address
    ),
    'not_evaluated'
  );
  const calm = await analyze([lensUrl(redis)], { previous: first.fleet });
  assert.equal(only(calm.results, 'SEC-206').status, 'passed');

  // The test's own client guesses: 11 wrong passwords for app, and a password sent as a user name.
  const mistaken = 'a-password-someone-typed-as-a-user-name';
  const client = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, enableReadyCheck: false });
  await client.connect();
  try {
    for (let i = 0; i < 11; i++) await client.call('AUTH', 'app', `guess-${i}`).catch(() => undefined);
    await client.call('AUTH', mistaken, 'x').catch(() => undefined);
  } finally {
    client.disconnect();
  }
  const burst = await analyze([lensUrl(redis)], { previous: calm.fleet });
  const sec206 = only(burst.results, 'SEC-206');
  assert.equal(sec206.status, 'fired');
  assert.equal(sec206.evidence.failed_authentications, 12);
  assert.deepEqual(sec206.evidence.acl_log_by_user, { app: 11, '<other>': 1 });
  assert.deepEqual(sec206.evidence.acl_log_by_reason, { auth: 12 });
  assert.match(
    sec206.message,
    /^12 authentications failed \(WRONGPASS\) in the last \d+ s; ACL LOG counts by user: .*app 11/
  );
  assert.ok(!JSON.stringify(burst).includes(mistaken), 'a name that is not a user is never kept');
});

test('lint: user lines and the aclfile are judged, clear-text passwords only as facts', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-acl-lint-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const conf = join(dir, 'redis.conf');
  writeFileSync(
    conf,
    [
      'bind 0.0.0.0',
      'protected-mode no',
      'user default on nopass ~* +@all',
      `user app on >foobared ~app:* +@read`,
    ].join('\n') + '\n'
  );
  const { report } = await runCliJson(['lint', conf, '--redis-version', '7.0']);
  const of = (id: string) => report.findings.filter((f: RuleResult) => f.ruleId === id);
  assert.equal(of('SEC-201')[0]?.status, 'fired');
  assert.equal(of('SEC-201')[0].severity, 'critical', 'open to every host: bind 0.0.0.0 and protected mode off');
  assert.deepEqual(of('SEC-108')[0]?.evidence.weak_acl_users, ['app']);
  assert.ok(!JSON.stringify(report).includes('foobared'));

  // The same snapshot lint builds, evaluated in process (the CLI itself was exercised above).
  const catalog = builtinCatalog();
  const lintResult = (id: string) => {
    const judged = judgeVersion(catalog.data.config_directives as DirectiveTables, '7.0');
    const node = snapshotFromConfigFile(conf, catalog.data.redis_config_defaults as DirectiveCatalog, judged);
    const fleet = { seeds: [conf], collectedAt: node.collectedAt, nodes: [node], groups: [] };
    return only(evaluateCatalog(catalog, { fleet }), id);
  };

  // An aclfile replaces the user lines; a default user that is off closes SEC-201.
  const aclfile = join(dir, 'users.acl');
  writeFileSync(aclfile, `user default off\nuser app on >${STRONG} ~app:* +@read\n`);
  writeFileSync(conf, `bind 127.0.0.1\naclfile ${aclfile}\n`);
  assert.equal(lintResult('SEC-201').status, 'passed');
  assert.equal(lintResult('SEC-108').status, 'passed');

  // An aclfile lint cannot read: not_evaluated with the reason.
  writeFileSync(conf, `aclfile ${join(dir, 'missing.acl')}\n`);
  const sec204 = lintResult('SEC-204');
  assert.equal(sec204.status, 'not_evaluated');
  assert.match(sec204.reason ?? '', /could not be read here/);
});
