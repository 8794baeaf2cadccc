/** `redislens analyze --targets fleet.yaml`: named targets with their own labels, on real redis-server processes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { RedisProcess } from '../harness/redis-process.js';
import { freePort } from '../harness/free-port.js';
import { runCli } from '../harness/run-cli.js';
import { CliInputError } from '../../cli/input-file.js';
import { loadFleetFile } from '../../cli/fleet-file.js';
import { fired, runJson, tempFiles } from './cli-test-kit.js';

// A site rule that shows which labels each target's rules saw.
const SITE_RULES = [
  'category: site',
  'rules:',
  '  - id: SITE-101',
  '    title: Owned by the payments team',
  '    severity: notice',
  '    scope: instance',
  '    requires: [labels]',
  "    when: labels.team == 'payments'",
  "    message: 'team {{labels.team}} in {{labels.environment}}'",
  '    rationale: A site rule used by the tests to observe which labels reach the rules of each fleet target.',
  '    recommendation: Nothing to do; this rule only documents the labels a target carries.',
  '    references: [https://redis.io/docs/latest/operate/oss_and_stack/management/config/]',
  '',
].join('\n');

const PASSWORD = 'fleet-password-of-enough-length-42';

test('a fleet file names each target, gives it its own labels and resolves password references', async (t) => {
  const [payments, search, locked] = await Promise.all([
    RedisProcess.start({ config: { timeout: 0 } }),
    RedisProcess.start({ config: { timeout: 300 } }),
    RedisProcess.start({ config: { timeout: 300, requirepass: PASSWORD }, adminPassword: PASSWORD }),
  ]);
  t.after(() => Promise.all([payments.stop(), search.stop(), locked.stop()]).then(() => undefined));
  const write = tempFiles(t);
  // Rule folders are read whole: the site rule gets a folder of its own.
  const rulesDir = dirname(tempFiles(t)('site.yaml', SITE_RULES));
  const unused = await freePort();
  // Written as provisioning writes it (tenants, tenant): a provisioning file is a fleet file.
  const fleet = write(
    'fleet.yaml',
    [
      'apiVersion: 1',
      'tenants:',
      '  - id: ops',
      '    name: Operations',
      'targets:',
      '  - name: payments-cache',
      '    tenant: ops',
      `    url: ${payments.url}`,
      '    labels: { team: payments }',
      '  - name: search-cache',
      `    url: ${search.url}`,
      '    labels:',
      '      environment: staging',
      '  - name: locked',
      `    url: ${locked.url}`,
      '    password: $__env{FLEET_TEST_PASSWORD}',
      '  - name: retired',
      `    url: redis://127.0.0.1:${unused}`,
      '    enabled: false',
      '',
    ].join('\n')
  );
  const run = await runJson(
    [
      'analyze',
      '--targets',
      fleet,
      '--rules',
      rulesDir,
      '--label',
      'team=search',
      '--label',
      'environment=production',
      '--severity',
      'CLIENT-005=warning',
      '--format',
      'json',
    ],
    { FLEET_TEST_PASSWORD: PASSWORD }
  );
  assert.notEqual(run.code, 2, `every enabled target is analysed: ${run.stderr}`);
  assert.deepEqual(
    run.json.targets.map((x) => [x.name, x.address, x.reachable]),
    [
      ['payments-cache', payments.address, true],
      ['search-cache', search.address, true],
      ['locked', locked.address, true],
    ],
    'targets in file order, the disabled one skipped, the password resolved from the environment'
  );
  const site = fired(run.json).filter((f) => f.ruleId === 'SITE-101');
  assert.deepEqual(
    site.map((f) => [f.targetName, f.target, f.message]),
    [['payments-cache', payments.address, 'team payments in production']],
    "a target's labels win over --label, which still applies where the target is silent"
  );
  assert.deepEqual(
    fired(run.json)
      .filter((f) => f.ruleId === 'CLIENT-005')
      .map((f) => f.targetName),
    ['payments-cache']
  );
  assert.ok(
    run.json.findings.every((f) => f.targetName !== undefined),
    'every finding names its fleet target'
  );
  assert.ok(!run.stdout.includes(PASSWORD) && !run.stderr.includes(PASSWORD), 'the password is never printed');

  // The table shows the target names; suppressions may name a fleet target.
  const table = await runCli(['analyze', '--targets', fleet], { FLEET_TEST_PASSWORD: PASSWORD });
  assert.match(table.stdout, new RegExp(`^payments-cache: ${payments.address.replace(/\./g, '\\.')}  master`, 'm'));
  const suppress = write(
    'suppress.yaml',
    'suppressions:\n  - rule: CLIENT-005\n    target: payments-cache\n    reason: pooled clients\n    expires: 2999-01-01\n'
  );
  const quiet = await runJson(['analyze', '--targets', fleet, '--suppress', suppress, '--format', 'json'], {
    FLEET_TEST_PASSWORD: PASSWORD,
  });
  assert.deepEqual(
    (quiet.json.suppressed ?? []).map((f) => [f.ruleId, f.targetName]),
    [['CLIENT-005', 'payments-cache']]
  );
});

test('an unreachable fleet target: the others (and URLs given with --targets) are still reported, exit 2', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const write = tempFiles(t);
  const port = await freePort();
  const fleet = write(
    'fleet.yaml',
    `apiVersion: 1\ntargets:\n  - name: up\n    url: ${redis.url}\n  - name: down\n    url: redis://127.0.0.1:${port}\n`
  );
  // A URL on the command line is analysed too, without a name.
  const run = await runJson(['analyze', redis.url, '--targets', fleet, '--timeout', '3000', '--format', 'json']);
  assert.equal(run.code, 2);
  assert.deepEqual(
    run.json.targets.map((x) => [x.name, x.address, x.reachable]),
    [
      [undefined, redis.address, true],
      ['up', redis.address, true],
      ['down', `127.0.0.1:${port}`, false],
    ]
  );
  assert.match(run.json.targets[2].error ?? '', /ECONNREFUSED/);
});

test('a fleet file that is wrong: file:line: what is wrong; exit 2 before any target is contacted', async (t) => {
  const write = tempFiles(t);
  const head = 'apiVersion: 1\ntargets:\n';
  // Nothing listens on these ports: every case must fail on the file, before any connection.
  const [p1, p2] = [await freePort(), await freePort()];
  const cases: [string, string, RegExp, NodeJS.ProcessEnv?][] = [
    ['no-url.yaml', `${head}  - name: a\n    labels: { team: x }\n`, /no-url\.yaml:3: targets\[0\]\.url: /],
    [
      'bad-scheme.yaml',
      `${head}  - name: a\n    url: http://127.0.0.1:${p1}\n`,
      /bad-scheme\.yaml:4: targets\[0\]\.url: .*unknown scheme "http"/,
    ],
    [
      'bad-port.yaml',
      `${head}  - name: a\n    url: redis://127.0.0.1:${p1}\n  - name: b\n    url: redis://127.0.0.1:99999\n`,
      /bad-port\.yaml:6: targets\[1\]\.url: .*port between 1 and 65535/,
    ],
    [
      'typo.yaml',
      `${head}  - name: a\n    url: redis://127.0.0.1:${p1}\n    lables: { team: x }\n`,
      /typo\.yaml:5: targets\[0\]: Unrecognized key.*lables/,
    ],
    [
      'duplicate.yaml',
      `${head}  - name: a\n    url: redis://127.0.0.1:${p1}\n  - name: a\n    url: redis://127.0.0.1:${p2}\n`,
      /duplicate\.yaml:5: targets\[1\]\.name: "a" is already the name of targets\[0\]/,
    ],
    [
      'plain-password.yaml',
      `${head}  - name: a\n    url: redis://127.0.0.1:${p1}\n    password: hunter2-but-longer\n`,
      /plain-password\.yaml:5: targets\[0\]\.password: a password here must be a reference/,
    ],
    [
      'password-in-url.yaml',
      `${head}  - name: a\n    url: redis://:hunter2-but-longer@127.0.0.1:${p1}\n`,
      /password-in-url\.yaml:4: targets\[0\]\.url: a password here must be a reference/,
    ],
    [
      'unset-env.yaml',
      `${head}  - name: a\n    url: redis://127.0.0.1:${p1}\n    password: $__env{REDISLENS_TEST_UNSET_VARIABLE}\n`,
      /unset-env\.yaml:5: targets\[0\]\.password: environment variable REDISLENS_TEST_UNSET_VARIABLE is not set/,
    ],
    ['empty.yaml', `${head}`, /empty\.yaml:2: targets: /],
    ['version.yaml', 'apiVersion: 2\ntargets: []\n', /version\.yaml:1: apiVersion: /],
    ['syntax.yaml', `${head}  - name: [a\n`, /syntax\.yaml:\d+: /],
  ];
  for (const [name, text, expected] of cases) {
    assert.throws(
      () => loadFleetFile(write(name, text), {}),
      (e: unknown) => e instanceof CliInputError && expected.test(e.message) && !e.message.includes('hunter2'),
      name
    );
  }
  // Through the executable: exit 2, the message on stderr, no connection tried.
  const run = await runCli(['analyze', '--targets', write('cli.yaml', cases[1][1])]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^redislens: .*cli\.yaml:4: targets\[0\]\.url: .*unknown scheme "http"/m);
  assert.doesNotMatch(run.stderr, /cannot connect/);
  const disabled = write(
    'all-disabled.yaml',
    `${head}  - name: a\n    url: redis://127.0.0.1:${p1}\n    enabled: false\n`
  );
  assert.deepEqual(loadFleetFile(disabled, {}), [], 'a disabled target is skipped');
  const nothing = await runCli(['analyze', '--targets', disabled]);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /all-disabled\.yaml: no enabled target to analyse/);
});
