/** `redislens diff old.json new.json` on reports of a real server whose configuration changes between runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisProcess } from '../harness/redis-process.js';
import { runCli } from '../harness/run-cli.js';
import { diffFails, diffReports, readReportFile, type ReportDiff } from '../../cli/report-diff.js';
import { CliInputError } from '../../cli/input-file.js';
import { runJson, siteRule, siteRules, tempFiles, withoutBuiltinRules } from './cli-test-kit.js';

test('diff: new, resolved and changed findings between two reports, exit 1 only for a new or worse one at --fail-on', async (t) => {
  const redis = await RedisProcess.start({ config: { timeout: 0 } });
  t.after(() => redis.stop());
  const write = tempFiles(t);
  // Only site rules run: the diff's mechanics, not the built-in catalog's wording, are under test.
  const rules = siteRules(t, [
    ...siteRule('SITE-201', 'warning', 'config.timeout == 0', 'idle clients are never disconnected'),
    ...siteRule(
      'SITE-202',
      'critical',
      "config['repl-backlog-size'] > 104857600",
      "backlog of {{config['repl-backlog-size']}} bytes"
    ),
  ]);
  const base = ['--rules', rules, ...withoutBuiltinRules()];
  const snapshot = async (name: string, extra: string[] = []) => {
    const run = await runJson(['analyze', redis.url, ...base, ...extra, '--format', 'json']);
    assert.notEqual(run.code, 2, run.stderr);
    return write(name, run.stdout);
  };

  const before = await snapshot('before.json');
  await redis.cli('CONFIG', 'SET', 'timeout', '300');
  await redis.cli('CONFIG', 'SET', 'repl-backlog-size', '512mb');
  const after = await snapshot('after.json');

  const run = await runJson<ReportDiff>(['diff', before, after, '--format', 'json']);
  assert.equal(run.code, 1, 'a new critical fails the default gate');
  assert.deepEqual(
    run.json.new.map((f) => [f.ruleId, f.target, f.severity, f.message]),
    [['SITE-202', redis.address, 'critical', 'backlog of 536870912 bytes']]
  );
  assert.deepEqual(
    run.json.resolved.map((f) => [f.ruleId, f.target, f.severity]),
    [['SITE-201', redis.address, 'warning']]
  );
  assert.deepEqual(run.json.changed, []);
  assert.deepEqual(run.json.summary, { new: 1, resolved: 1, changed: 0, unchanged: 0 });
  const reverse = await runCli(['diff', after, before]);
  assert.equal(reverse.code, 0, 'SITE-201 is back: a new warning passes the default gate');
  assert.match(reverse.stdout, /^\+ new {7}warning {2}SITE-201 127\.0\.0\.1:\d+: idle clients/m);
  assert.match(reverse.stdout, /^- resolved {2}critical SITE-202 127\.0\.0\.1:\d+: backlog of 536870912 bytes$/m);
  assert.match(reverse.stdout, /^Diff: 1 new, 0 changed, 1 resolved, 0 unchanged$/m);
  assert.equal(
    diffFails(diffReports(readReportFile(after), readReportFile(before)), 'warning'),
    true,
    'and fails --fail-on warning'
  );

  // The same finding with another message or severity is changed, not new.
  await redis.cli('CONFIG', 'SET', 'repl-backlog-size', '600mb');
  const bigger = await snapshot('bigger.json');
  const changed = diffReports(readReportFile(after), readReportFile(bigger));
  assert.deepEqual(
    changed.changed.map((c) => [c.before.ruleId, c.before.message, c.after.message]),
    [['SITE-202', 'backlog of 536870912 bytes', 'backlog of 629145600 bytes']]
  );
  assert.deepEqual(changed.summary, { new: 0, resolved: 0, changed: 1, unchanged: 0 });
  assert.equal(diffFails(changed, 'notice'), false, 'a changed message at the same severity is not worse');
  const milder = await snapshot('milder.json', ['--severity', 'SITE-202=notice']);
  const lowered = diffReports(readReportFile(bigger), readReportFile(milder));
  assert.deepEqual(
    lowered.changed.map((c) => [c.after.ruleId, c.before.severity, c.after.severity]),
    [['SITE-202', 'critical', 'notice']]
  );
  assert.equal(diffFails(lowered, 'notice'), false, 'a milder finding is not worse');

  const markdown = await runCli(['diff', milder, bigger, '--format', 'markdown']);
  assert.equal(markdown.code, 1, 'a finding that rose to critical fails the gate');
  assert.match(markdown.stdout, /^# RedisLens: what changed$/m);
  assert.match(
    markdown.stdout,
    /^## Changed\n\n\| severity \| rule \| where \| message \|\n\|---\|---\|---\|---\|\n\| notice → critical \| `SITE-202` \|/m
  );
});

test('diff: inputs that are not reports are named with what is wrong, exit 2', async (t) => {
  const write = tempFiles(t);
  const good = write('good.json', JSON.stringify({ targets: [], findings: [], summary: {} }));
  const cases: [string, string, RegExp][] = [
    ['text.json', 'CRITICAL CLIENT-001', /text\.json: not a JSON report .*write one with --format json/],
    [
      'sarif.json',
      JSON.stringify({ version: '2.1.0', runs: [] }),
      /sarif\.json: findings: .*redislens --format json report/,
    ],
    [
      'bad-severity.json',
      JSON.stringify({
        findings: [
          {
            ruleId: 'X-001',
            title: 'x',
            severity: 'high',
            status: 'fired',
            target: 'a:1',
            message: 'm',
          },
        ],
      }),
      /bad-severity\.json: findings\[0\]\.severity: /,
    ],
  ];
  for (const [name, text, expected] of cases)
    assert.throws(
      () => readReportFile(write(name, text)),
      (e: unknown) => e instanceof CliInputError && expected.test(e.message),
      name
    );
  assert.throws(() => readReportFile('/nonexistent/new.json'), /\/nonexistent\/new\.json: cannot read: no such file/);
  assert.deepEqual(diffReports(readReportFile(good), readReportFile(good)).summary, {
    new: 0,
    resolved: 0,
    changed: 0,
    unchanged: 0,
  });
  // Through the executable: exit 2 with the message on stderr.
  const run = await runCli(['diff', good, write('cli.json', cases[1][1])]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /^redislens: .*cli\.json: findings: .*redislens --format json report/m);
});
