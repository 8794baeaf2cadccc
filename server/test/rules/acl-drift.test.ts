/**
 * ACL drift (SEC-207) on a real redis-server: the users are created by the test with redis-cli as the
 * administrator, the ACL file is written by the test, RedisLens analyses as its least-privilege user plus the
 * documented extra rule of the comparison (+command|info).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandCalls, PLAIN_ANALYSIS_COMMANDS } from '../harness/commandstats.js';
import { RedisProcess } from '../harness/redis-process.js';
import { analyze } from '../harness/rule-check.js';
import { runCli, runCliJson } from '../harness/run-cli.js';
import { ACL_DRIFT_ACL_RULES, LEAST_PRIVILEGE_ACL_RULES } from '../../collect/allow-list.js';
import { readAclFile, parseAclFile, AclFileError, type AclFile } from '../../collect/acl-drift.js';
import type { RuleResult } from '../../rules/results.js';

const ADMIN = 'drift-test-admin-password-0123456789-abcdef';
const LENS = 'drift-test-redislens-password-0123456789-ab';
const APP = 'drift-test-app-password-0123456789-abcdefgh';
const OPS = 'drift-test-ops-password-0123456789-abcdefghi';
const BATCH = 'drift-test-batch-password-0123456789-abcdefg';
const ROTATED = 'drift-test-rotated-password-0123456789-abcd';
const INTRUDER = 'drift-test-intruder-password-0123456789-abc';
const SECRETS = [ADMIN, LENS, APP, OPS, BATCH, ROTATED, INTRUDER];
const sha256 = (p: string) => createHash('sha256').update(p).digest('hex');
const PRODUCTION = { environment: 'production' };
const LENS_RULES = [...LEAST_PRIVILEGE_ACL_RULES, ...ACL_DRIFT_ACL_RULES];

test('README and docs/security.md state the extra ACL rule of the comparison', () => {
  for (const doc of ['../../../README.md', '../../../docs/security.md']) {
    const text = readFileSync(fileURLToPath(new URL(doc, import.meta.url)), 'utf8');
    assert.ok(text.includes(`\`${ACL_DRIFT_ACL_RULES.join(' ')}\``), `${doc} lists ${ACL_DRIFT_ACL_RULES.join(' ')}`);
    assert.ok(text.includes('--acl-file'), doc);
  }
});

function only(results: RuleResult[], id: string): RuleResult {
  const mine = results.filter((r) => r.ruleId === id);
  assert.equal(mine.length, 1, `${id}: one result, got ${mine.length}`);
  return mine[0];
}

const BASE = new Set(PLAIN_ANALYSIS_COMMANDS);
const commandNames = (info: string) => [...commandCalls(info).keys()];

test('ACL drift: the same grants in other words are no drift; each real drift is found with its detail', async (t) => {
  const redis = await RedisProcess.start({ config: { requirepass: ADMIN }, adminPassword: ADMIN });
  const dir = mkdtempSync(join(tmpdir(), 'redislens-acl-drift-'));
  t.after(async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const url = `redis://redislens:${LENS}@${redis.address}`;
  await redis.cli('CONFIG', 'SET', 'acl-pubsub-default', 'resetchannels');
  await redis.cli('ACL', 'SETUSER', 'redislens', 'on', `>${LENS}`, ...LENS_RULES);
  await redis.cli(
    'ACL',
    'SETUSER',
    'app',
    'on',
    `>${APP}`,
    '~app:*',
    '&orders',
    '-@all',
    '+@read',
    '+@write',
    '-flushall',
    '-flushdb'
  );
  await redis.cli('ACL', 'SETUSER', 'ops', 'on', `#${sha256(OPS)}`, 'allkeys', 'allcommands', 'allchannels');
  await redis.cli('ACL', 'SETUSER', 'batch', 'on', `>${BATCH}`, '~batch:*', '-@all', '+@hyperloglog', '+config|get');
  // The test lists @hyperloglog from the server itself: the file grants the same commands one by one.
  const hll = (await redis.cli('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'hyperloglog')).split('\n').filter(Boolean);
  assert.ok(hll.includes('pfadd'), 'the category has its commands');

  const file = join(dir, 'users.acl');
  writeFileSync(
    file,
    [
      // requirepass is the default user's password: the same grants, in another order and words.
      `user default >${ADMIN} allcommands allchannels allkeys on`,
      `user redislens >${LENS} ${LENS_RULES.join(' ')} on`,
      // reset prefix, redundant -@all +@all, channels and keys after the commands, #hash for >clear.
      `user app reset -@all +@all -@all +@read +@write -flushdb -flushall resetchannels &orders #${sha256(APP)} ~app:* on`,
      `user ops ~* &* >${OPS} +@all on`,
      `user batch on ~batch:* >${BATCH} resetchannels -@all ${hll.map((c) => `+${c}`).join(' ')} +config|get`,
      '',
    ].join('\n')
  );
  const aclFile = readAclFile(file);
  assert.ok(!JSON.stringify(aclFile).includes(sha256(APP)), 'the file object shows no hash');

  const run = (labels = PRODUCTION) => analyze([url], { labels, aclFile });
  const clean = await run();
  const node = clean.fleet.nodes[0];
  assert.deepEqual(node.failures, {});
  assert.deepEqual(node.aclDrift?.users, [], 'no false drift');
  assert.equal(node.aclDrift?.compared, 5);
  assert.equal(only(clean.results, 'SEC-207').status, 'passed');

  // Without a file the rule does not apply.
  const without = await analyze([url], { labels: PRODUCTION });
  assert.equal(without.fleet.nodes[0].aclDrift, undefined);
  assert.equal(without.results.filter((r) => r.ruleId === 'SEC-207').length, 0);

  const drifted = async (change: string[][], revert: string[][]) => {
    for (const c of change) await redis.cli('ACL', 'SETUSER', ...c);
    const analysis = await run();
    for (const c of revert) await redis.cli('ACL', ...c);
    const result = only(analysis.results, 'SEC-207');
    assert.equal(result.status, 'fired');
    assert.ok(!JSON.stringify(analysis).includes(sha256(ROTATED)) && !JSON.stringify(analysis).includes(ROTATED));
    return { result, users: analysis.fleet.nodes[0].aclDrift!.users };
  };

  await t.test('a user only on the server', async () => {
    const { result, users } = await drifted(
      [['intruder', 'on', `>${INTRUDER}`, '~*', '+@all']],
      [['DELUSER', 'intruder']]
    );
    assert.deepEqual(users, [
      { name: 'intruder', only: 'server', differs: [], details: ['only on the server'], serverGrantsMore: true },
    ]);
    assert.equal(result.severity, 'critical', 'the server grants more than the file, in production');
    assert.equal(result.subject, 'intruder');
    assert.match(result.message, /^running ACL users differ from .*users\.acl: intruder \(only on the server\)$/);
  });

  await t.test('a password changed by ACL SETUSER', async () => {
    const { result, users } = await drifted(
      [['app', 'resetpass', `>${ROTATED}`]],
      [['SETUSER', 'app', 'resetpass', `>${APP}`]]
    );
    assert.deepEqual(users, [
      { name: 'app', differs: ['passwords'], details: ['passwords differ'], serverGrantsMore: false },
    ]);
    assert.equal(result.severity, 'warning', 'the server grants no more than the file');
  });

  await t.test('an extra command', async () => {
    const { result, users } = await drifted([['batch', '+flushall']], [['SETUSER', 'batch', '-flushall']]);
    assert.deepEqual(users, [
      {
        name: 'batch',
        differs: ['commands'],
        details: ['commands: server alone allows flushall'],
        serverGrantsMore: true,
      },
    ]);
    assert.match(result.message, /batch \(commands: server alone allows flushall\)/);
  });

  await t.test('an extra key pattern', async () => {
    const { users } = await drifted([['batch', '%R~reports:*']], [['SETUSER', 'batch', 'resetkeys', '~batch:*']]);
    assert.deepEqual(users, [
      { name: 'batch', differs: ['keys'], details: ['keys: server alone grants %R~reports:*'], serverGrantsMore: true },
    ]);
  });

  await t.test('a user disabled', async () => {
    const { result, users } = await drifted([['ops', 'off']], [['SETUSER', 'ops', 'on']]);
    assert.deepEqual(users, [
      { name: 'ops', differs: ['enabled'], details: ['server: off, file: on'], serverGrantsMore: false },
    ]);
    assert.equal(result.severity, 'warning');
  });

  await t.test('a command taken away on the server and a channel added', async () => {
    const { users } = await drifted(
      [['app', '-get', '&audit']],
      [['SETUSER', 'app', '+get', 'resetchannels', '&orders']]
    );
    assert.deepEqual(users, [
      {
        name: 'app',
        differs: ['channels', 'commands'],
        details: ['channels: server alone grants &audit', 'commands: file alone allows get'],
        serverGrantsMore: true,
      },
    ]);
  });

  await t.test('without +command|info the commands are not compared, never passed', async () => {
    await redis.cli('ACL', 'SETUSER', 'redislens', '-command|info');
    const analysis = await run();
    await redis.cli('ACL', 'SETUSER', 'redislens', '+command|info');
    const result = only(analysis.results, 'SEC-207');
    assert.equal(result.status, 'not_evaluated');
    assert.match(result.reason ?? '', /commands: COMMAND INFO failed: .*NOPERM/);
  });
});

test('ACL drift: a malformed or missing file is a clear CLI error; the report holds no secret', async (t) => {
  const redis = await RedisProcess.start({ config: { requirepass: ADMIN }, adminPassword: ADMIN });
  const dir = mkdtempSync(join(tmpdir(), 'redislens-acl-drift-cli-'));
  t.after(async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  await redis.cli('ACL', 'SETUSER', 'redislens', 'on', `>${LENS}`, ...LENS_RULES);
  await redis.cli('ACL', 'SETUSER', 'app', 'on', `>${APP}`, '~app:*', '+@read');
  const url = `redis://redislens:${LENS}@${redis.address}`;

  const bad = join(dir, 'bad.acl');
  writeFileSync(bad, `user default on >${ADMIN} ~* &* +@all\n\nuser app on >${APP} ~app:* +@read bogus-rule\n`);
  const malformed = await runCli(['analyze', url, '--acl-file', bad]);
  assert.equal(malformed.code, 2, malformed.stderr);
  assert.match(malformed.stderr, /--acl-file .*bad\.acl:3: user "app": unknown ACL rule "bogus-rule"/);
  assert.ok(!malformed.stderr.includes(APP));

  const missing = await runCli(['analyze', url, '--acl-file', join(dir, 'missing.acl')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing\.acl: cannot read the ACL file: no such file/);

  const cases: [string, RegExp][] = [
    ['# users\n', /:1: a line must be "user <name> <rules...>" \(Redis reads no comments in an ACL file\)/],
    ['user a on\nuser a off\n', /:2: user "a" is already defined on line 1/],
    ['user a on ~* ~b:*\n', /:1: user "a": ~b:\*: a key pattern after ~\* \(allkeys\) is refused/],
    ['user a on #abc\n', /:1: user "a": #<hash>: the password hash must be exactly 64/],
    [`user a on >${APP} <${OPS}\n`, /:1: user "a": removes a password the user does not have$/],
    ['user a on (~x +get\n', /:1: user "a": unmatched parenthesis/],
    ['user a on +@nosuchcategory\n', /:1: user "a": unknown category "@nosuchcategory"/],
  ];
  for (const [content, expected] of cases) {
    assert.throws(
      () => parseAclFile('f.acl', content),
      (e: unknown) => e instanceof AclFileError && expected.test(e.message) && !e.message.includes(OPS),
      content
    );
  }

  // A drifted password through the real executable: the report names the user, never a secret.
  const file = join(dir, 'users.acl');
  writeFileSync(
    file,
    `user default on >${ADMIN} ~* &* +@all\nuser redislens on >${LENS} ${LENS_RULES.join(' ')}\nuser app on >${ROTATED} ~app:* resetchannels -@all +@read\n`
  );
  const { report } = await runCliJson(['analyze', url, '--acl-file', file, '--label', 'environment=production']);
  const sec207 = report.findings.filter((f: RuleResult) => f.ruleId === 'SEC-207');
  assert.equal(sec207[0]?.status, 'fired');
  assert.match(sec207[0].message, /app \(passwords differ\)/);
  const printed = JSON.stringify(report);
  for (const secret of SECRETS) assert.ok(!printed.includes(secret) && !printed.includes(sha256(secret)), 'no secret');
});

test('ACL drift: only COMMAND INFO is added, and only with a file (INFO commandstats)', async (t) => {
  const redis = await RedisProcess.start({ config: { requirepass: ADMIN }, adminPassword: ADMIN });
  const dir = mkdtempSync(join(tmpdir(), 'redislens-acl-drift-stats-'));
  t.after(async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  await redis.cli('ACL', 'SETUSER', 'redislens', 'on', `>${LENS}`, ...LENS_RULES);
  const url = `redis://redislens:${LENS}@${redis.address}`;
  const file = join(dir, 'users.acl');
  writeFileSync(file, `user default on >${ADMIN} ~* &* +@all\nuser redislens on >${LENS} ${LENS_RULES.join(' ')}\n`);
  const aclFile: AclFile = readAclFile(file);

  await redis.cli('CONFIG', 'RESETSTAT');
  await analyze([url]);
  const plain = commandNames(await redis.cli('INFO', 'commandstats')).filter((n) => n !== 'config|resetstat');
  assert.deepEqual(
    plain.filter((n) => !BASE.has(n)),
    [],
    'without a file nothing beyond the base is sent'
  );

  await redis.cli('CONFIG', 'RESETSTAT');
  const { fleet } = await analyze([url], { aclFile });
  assert.deepEqual(fleet.nodes[0].aclDrift?.users, []);
  const used = commandNames(await redis.cli('INFO', 'commandstats')).filter((n) => n !== 'config|resetstat');
  assert.deepEqual(
    used.filter((n) => !BASE.has(n)),
    ['command|info'],
    'with a file only COMMAND INFO is added'
  );
  assert.doesNotMatch(await redis.cli('INFO', 'errorstats'), /NOPERM/);
});
