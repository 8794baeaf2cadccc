/** --suppress: accepted findings with a reason and an expiry date, on a real redis-server and the real executable. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { freePort } from '../harness/free-port.js';
import { runCli } from '../harness/run-cli.js';
import { CliInputError } from '../../cli/input-file.js';
import { loadSuppressions } from '../../cli/suppression-file.js';
import { fired, runJson, tempFiles } from './cli-test-kit.js';

const FOREVER = '2999-12-31';

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

test('a suppression file that is wrong: file:line and what is wrong', (t) => {
  const write = tempFiles(t);
  const known = new Set(['CLIENT-005']);
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
    const path = write(name, text);
    assert.throws(
      () => loadSuppressions(path, known),
      (e: unknown) => e instanceof CliInputError && expected.test(e.message)
    );
  }
  assert.throws(
    () => loadSuppressions('/nonexistent/suppressions.yaml', known),
    /\/nonexistent\/suppressions\.yaml: cannot read: no such file/
  );
  const ok = loadSuppressions(
    write('ok.yaml', 'suppressions:\n  - rule: CLIENT-005\n    reason: fine\n    expires: 2030-06-30\n'),
    known,
    new Date('2030-06-30T23:59:00Z')
  );
  assert.equal(ok.active.length, 1, 'a suppression holds through its expiry day (UTC)');
  assert.equal(
    loadSuppressions(ok.active[0].source.replace(/:\d+$/, ''), known, new Date('2030-07-01T00:00:00Z')).expired.length,
    1,
    'and expires the day after'
  );
});

test('a bad suppression file exits 2 before any target is contacted', async (t) => {
  const write = tempFiles(t);
  // Nothing listens here: the file error must come first.
  const url = `redis://127.0.0.1:${await freePort()}`;
  const run = await runCli([
    'analyze',
    url,
    '--suppress',
    write('bad.yaml', 'suppressions:\n  - rule: CLIENT-005\n    reason: ok reason\n    expires: tomorrow\n'),
  ]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^redislens: .*bad\.yaml:4: suppressions\[0\]\.expires: expected a date as YYYY-MM-DD$/m);
  assert.doesNotMatch(run.stderr, /cannot connect/);
});
