/** The CLI as a CI gate: --fail-on thresholds and --suppress files, on real redis-server processes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { RedisProcess } from '../harness/redis-process.js';
import { freePort } from '../harness/free-port.js';
import { runCli } from '../harness/run-cli.js';
import type { CliFinding } from '../../cli/cli-report.js';
import { fired, runJson, tempFiles } from './cli-test-kit.js';

const FOREVER = '2999-12-31';

function suppressionsOf(findings: CliFinding[], reason: string): string {
  return stringify({
    suppressions: findings.map((f) => ({
      rule: f.ruleId,
      target: f.target,
      ...(f.subject ? { subject: f.subject } : {}),
      reason,
      expires: FOREVER,
    })),
  });
}

test('--fail-on: exit 1 at or above the threshold, 0 below it; critical by default', async (t) => {
  const redis = await RedisProcess.start({ config: { timeout: 0 } });
  t.after(() => redis.stop());
  const write = tempFiles(t);
  // CLIENT-005 (timeout 0) pinned to warning; everything else a stock server draws is suppressed,
  // so the gate sees exactly one warning whatever the rest of the catalog says.
  const pin = ['--severity', 'CLIENT-005=warning'];
  const all = await runJson(['analyze', redis.url, ...pin, '--format', 'json']);
  assert.ok(
    fired(all.json).some((f) => f.ruleId === 'CLIENT-005'),
    'CLIENT-005 fires on timeout 0'
  );
  const others = write(
    'others.yaml',
    suppressionsOf(
      fired(all.json).filter((f) => f.ruleId !== 'CLIENT-005'),
      'not under test here'
    )
  );
  for (const [failOn, expected] of [
    ['notice', 1],
    ['warning', 1],
    ['critical', 0],
  ] as const) {
    const run = await runJson([
      'analyze',
      redis.url,
      ...pin,
      '--suppress',
      others,
      '--fail-on',
      failOn,
      '--format',
      'json',
    ]);
    assert.equal(run.code, expected, `--fail-on ${failOn}: ${run.stderr}`);
    assert.deepEqual(
      fired(run.json).map((f) => f.ruleId),
      ['CLIENT-005']
    );
  }
  const byDefault = await runCli(['analyze', redis.url, ...pin, '--suppress', others]);
  assert.equal(byDefault.code, 0, 'a warning does not fail the default gate');
  const asCritical = await runCli(['analyze', redis.url, '--severity', 'CLIENT-005=critical', '--suppress', others]);
  assert.equal(asCritical.code, 1, 'a critical fails the default gate, as before --fail-on existed');

  const everything = write('all.yaml', suppressionsOf(fired(all.json), 'accepted for the test'));
  const clean = await runJson([
    'analyze',
    redis.url,
    ...pin,
    '--suppress',
    everything,
    '--fail-on',
    'notice',
    '--format',
    'json',
  ]);
  assert.equal(clean.code, 0, 'suppressed findings do not count for the exit code');
  assert.equal(fired(clean.json).length, 0);
  assert.equal(clean.json.suppressed?.length, fired(all.json).length, 'each suppressed finding is listed');
  assert.equal(clean.json.summary.suppressed, fired(all.json).length);

  const bad = await runCli(['analyze', redis.url, '--fail-on', 'high']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /use critical, warning, notice/);
});

test('--fail-on applies to lint as well', async (t) => {
  const write = tempFiles(t);
  const conf = write('redis.conf', 'timeout 0\n');
  const pin = ['--severity', 'CLIENT-005=notice'];
  const all = await runJson(['lint', conf, ...pin, '--format', 'json']);
  const others = write(
    'others.yaml',
    suppressionsOf(
      fired(all.json).filter((f) => f.ruleId !== 'CLIENT-005'),
      'not under test'
    )
  );
  assert.equal((await runCli(['lint', conf, ...pin, '--suppress', others, '--fail-on', 'warning'])).code, 0);
  assert.equal((await runCli(['lint', conf, ...pin, '--suppress', others, '--fail-on', 'notice'])).code, 1);
});

test('suppressions match by rule, target and subject; expired ones are reported and no longer suppress', async (t) => {
  const redis = await RedisProcess.start({ config: { timeout: 0, 'repl-backlog-size': '512mb' } });
  t.after(() => redis.stop());
  const write = tempFiles(t);
  const file = write(
    'suppressions.yaml',
    [
      'suppressions:',
      '  - rule: CLIENT-005',
      `    target: ${redis.address}`,
      '    reason: the batch clients of this instance hold connections on purpose',
      `    expires: ${FOREVER}`,
      '  - rule: CLIENT-001',
      '    target: 10.9.9.9:6379',
      '    reason: another server entirely',
      `    expires: ${FOREVER}`,
      '  - rule: CLIENT-001',
      '    reason: accepted until the backlog change shipped',
      '    expires: 2000-01-31',
      '',
    ].join('\n')
  );
  const pin = ['--severity', 'CLIENT-001=critical', '--severity', 'CLIENT-005=warning'];
  const run = await runJson(['analyze', redis.url, ...pin, '--suppress', file, '--format', 'json']);
  assert.equal(run.code, 1, 'CLIENT-001 is not suppressed: one entry names another target, the other expired');
  assert.ok(fired(run.json).some((f) => f.ruleId === 'CLIENT-001'));
  assert.ok(!run.json.findings.some((f) => f.ruleId === 'CLIENT-005'), 'CLIENT-005 left the findings');
  const suppressed = run.json.suppressed ?? [];
  assert.deepEqual(
    suppressed.map((f) => [f.ruleId, f.target, f.suppression.reason, f.suppression.source]),
    [['CLIENT-005', redis.address, 'the batch clients of this instance hold connections on purpose', `${file}:2`]]
  );
  assert.equal(run.json.summary.suppressed, 1);
  assert.equal(
    run.json.summary.warning,
    fired(run.json).filter((f) => f.severity === 'warning').length,
    'the summary counts what is left'
  );
  assert.deepEqual(run.json.expiredSuppressions, [
    {
      rule: 'CLIENT-001',
      reason: 'accepted until the backlog change shipped',
      expires: '2000-01-31',
      source: `${file}:10`,
    },
  ]);
  assert.match(run.stderr, new RegExp(`${file}:10: suppression of CLIENT-001 expired on 2000-01-31`));

  const table = await runCli(['analyze', redis.url, ...pin, '--suppress', file]);
  assert.match(table.stdout, /^Suppressed$/m);
  assert.match(table.stdout, /warning CLIENT-005 on 127\.0\.0\.1:\d+: the batch clients/);
  assert.match(table.stdout, /^Expired suppressions \(no longer applied\)$/m);
  assert.match(table.stdout, /, 1 suppressed;/);
});

test('a suppression file that is wrong: file:line and what is wrong, exit 2, no target contacted', async (t) => {
  const write = tempFiles(t);
  // Nothing listens here: a file error must be reported before any connection is tried.
  const url = `redis://127.0.0.1:${await freePort()}`;
  const cases: [string, string, RegExp][] = [
    [
      'no-reason.yaml',
      'suppressions:\n  - rule: CLIENT-005\n    expires: 2030-01-01\n',
      /no-reason\.yaml:2: suppressions\[0\]\.reason: /,
    ],
    [
      'bad-date.yaml',
      'suppressions:\n  - rule: CLIENT-005\n    reason: a good reason\n    expires: 2030-02-30\n',
      /bad-date\.yaml:4: suppressions\[0\]\.expires: not a calendar date/,
    ],
    [
      'us-date.yaml',
      'suppressions:\n  - rule: CLIENT-005\n    reason: a good reason\n    expires: 12/31/2030\n',
      /us-date\.yaml:4: suppressions\[0\]\.expires: expected a date as YYYY-MM-DD/,
    ],
    [
      'unknown-rule.yaml',
      'suppressions:\n  - reason: a good reason\n    expires: 2030-01-01\n    rule: NOPE-999\n',
      /unknown-rule\.yaml:4: suppressions\[0\]\.rule: no rule NOPE-999 in the catalog/,
    ],
    [
      'typo.yaml',
      'suppressions:\n  - rule: CLIENT-005\n    reason: a good reason\n    expires: 2030-01-01\n    subjet: db0\n',
      /typo\.yaml:5: suppressions\[0\]: Unrecognized key.*subjet/,
    ],
    ['syntax.yaml', 'suppressions:\n  - rule: [CLIENT-005\n', /syntax\.yaml:\d+: /],
  ];
  for (const [name, text, expected] of cases) {
    const run = await runCli(['analyze', url, '--suppress', write(name, text)]);
    assert.equal(run.code, 2, name);
    assert.match(run.stderr, expected);
    assert.doesNotMatch(run.stderr, /cannot connect/, `${name}: no connection attempted`);
  }
  const missing = await runCli(['analyze', url, '--suppress', '/nonexistent/suppressions.yaml']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /\/nonexistent\/suppressions\.yaml: cannot read: no such file/);
});
