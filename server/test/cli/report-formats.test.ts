/**
 * --format sarif and --format markdown for lint and analyze. SARIF output is
 * validated against the official OASIS SARIF 2.1.0 schema (vendored in
 * ./sarif/, see SOURCE.md there), which is JSON Schema draft-04: ajv-draft-04.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Log, Result } from 'sarif';
import { RedisProcess } from '../harness/redis-process.js';
import { runCli } from '../harness/run-cli.js';
import { escapeMarkdown } from '../../cli/markdown-output.js';
import { fired, runJson, siteRule, siteRules, tempFiles, withoutBuiltinRules } from './cli-test-kit.js';

const schema: object = JSON.parse(
  readFileSync(new URL('./sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8')
) as object;
// Both are CommonJS: their default export is on `.default` under NodeNext.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
ajvFormats.default(ajv);
const validateSarif = ajv.compile(schema);

function assertValidSarif(log: unknown): asserts log is Log {
  const valid = validateSarif(log);
  assert.ok(valid, `not valid SARIF 2.1.0: ${ajv.errorsText(validateSarif.errors, { separator: '\n' })}`);
}

const resultsOf = (log: Log, ruleId: string): Result[] =>
  (log.runs[0].results ?? []).filter((r) => r.ruleId === ruleId);

test('the schema check itself rejects what is not SARIF', () => {
  assert.equal(validateSarif({ version: '2.1.0', runs: [{ tool: {} }] }), false, 'a run needs tool.driver');
  assert.equal(validateSarif({ version: '2.0.0', runs: [] }), false, 'only version 2.1.0');
  assert.equal(
    validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal' }] }] }),
    false,
    'a result needs a message and a known level'
  );
});

test('lint --format sarif: valid SARIF 2.1.0, catalog metadata, the file and line of each finding', async (t) => {
  const write = tempFiles(t);
  const conf = write(
    'redis.conf',
    ['port 7000', 'maxmemroy 1gb', 'timeout 0', 'appendonly maybe', 'requirepass s3cret-lint-value-91', ''].join('\n')
  );
  const run = await runJson<Log>(['lint', conf, '--severity', 'CONF-001=critical', '--format', 'sarif']);
  assert.equal(run.code, 1, 'same exit code as the other formats');
  assertValidSarif(run.json);
  const sarifRun = run.json.runs[0];
  assert.equal(sarifRun.tool.driver.name, 'RedisLens');
  const rule = sarifRun.tool.driver.rules?.find((r) => r.id === 'CLIENT-005');
  assert.ok(rule, 'rule metadata comes from the catalog');
  assert.match(rule.help?.text ?? '', /timeout/);
  assert.ok((rule.fullDescription?.text ?? '').length >= 40, 'the rationale is the full description');
  assert.match(rule.helpUri ?? '', /^https:\/\//);

  const [unknown] = resultsOf(run.json, 'CONF-001');
  assert.equal(unknown.level, 'error');
  assert.deepEqual(
    unknown.locations?.map((l) => [l.physicalLocation?.artifactLocation?.uri, l.physicalLocation?.region?.startLine]),
    [[`file://${conf}`, 2]],
    'a config file outside the working directory is a file: URI; the line is the directive'
  );
  const [timeout] = resultsOf(run.json, 'CLIENT-005');
  assert.equal(timeout.locations?.[0].physicalLocation?.region?.startLine, 3, 'the line that sets timeout');
  assert.equal(sarifRun.tool.driver.rules?.[timeout.ruleIndex ?? -1]?.id, 'CLIENT-005', 'ruleIndex points at it');
  assert.match(timeout.partialFingerprints?.['redislens/v1'] ?? '', /^[0-9a-f]{32}$/);
  assert.equal(sarifRun.invocations?.[0].exitCode, 1);
  assert.ok(!run.stdout.includes('s3cret-lint-value-91'), 'secrets stay redacted');

  // Run from the file's folder, as CI runs from a checkout: the URI is relative, as code-review tools need.
  // A rule firing on a default the file does not set points at the file as a whole (no region).
  const rules = siteRules(t, [...siteRule('SITE-501', 'notice', 'config.databases == 16', 'sixteen databases')]);
  const here = write('defaults.conf', 'port 7001\ntimeout 0\n');
  const relative = await runJson<Log>(
    ['lint', 'defaults.conf', '--rules', rules, '--format', 'sarif'],
    {},
    dirname(here)
  );
  assertValidSarif(relative.json);
  const located = (id: string) =>
    resultsOf(relative.json, id).map((r) => [
      r.locations?.[0].physicalLocation?.artifactLocation?.uri,
      r.locations?.[0].physicalLocation?.region?.startLine,
    ]);
  assert.deepEqual(located('CLIENT-005'), [['defaults.conf', 2]]);
  assert.deepEqual(located('SITE-501'), [['defaults.conf', undefined]]);
});

test('analyze --format sarif: results at redis://address, suppressed findings carry a SARIF suppression', async (t) => {
  const redis = await RedisProcess.start({ config: { timeout: 0 } });
  t.after(() => redis.stop());
  const write = tempFiles(t);
  const rules = siteRules(t, [
    ...siteRule('SITE-301', 'warning', 'config.timeout == 0', 'idle clients are never disconnected'),
    ...siteRule('SITE-302', 'notice', 'config.timeout == 0', 'a second finding, accepted'),
  ]);
  const suppress = write(
    's.yaml',
    'suppressions:\n  - rule: SITE-302\n    reason: accepted for the test\n    expires: 2999-01-01\n  - rule: SITE-301\n    reason: old\n    expires: 2001-01-01\n'
  );
  const args = ['analyze', redis.url, '--rules', rules, ...withoutBuiltinRules(), '--suppress', suppress];
  const run = await runJson<Log>([...args, '--fail-on', 'warning', '--format', 'sarif']);
  assert.equal(run.code, 1);
  assertValidSarif(run.json);
  const [warning] = resultsOf(run.json, 'SITE-301');
  assert.equal(warning.level, 'warning');
  assert.equal(warning.message.text, 'idle clients are never disconnected');
  assert.deepEqual(warning.locations?.[0].physicalLocation?.artifactLocation, { uri: `redis://${redis.address}` });
  assert.equal(warning.suppressions, undefined);
  const [accepted] = resultsOf(run.json, 'SITE-302');
  assert.equal(accepted.level, 'note');
  assert.deepEqual(
    accepted.suppressions?.map((s) => [s.kind, s.status, s.justification?.startsWith('accepted for the test')]),
    [['external', 'accepted', true]]
  );
  const notes = run.json.runs[0].invocations?.[0].toolExecutionNotifications ?? [];
  assert.ok(
    notes.some(
      (n) => n.level === 'warning' && /suppression of SITE-301 .* expired on 2001-01-01/.test(n.message.text ?? '')
    ),
    'the expired suppression is reported in the log'
  );
  // Same findings, same fingerprints: a review tool tracks them across runs.
  const second = await runJson<Log>([...args, '--format', 'sarif']);
  assert.equal(second.code, 0, 'the default gate (critical) passes');
  assert.equal(
    resultsOf(second.json, 'SITE-301')[0].partialFingerprints?.['redislens/v1'],
    warning.partialFingerprints?.['redislens/v1']
  );
});

test('--format markdown: a report a person reads, for analyze and lint', async (t) => {
  const redis = await RedisProcess.start({ config: { timeout: 0 } });
  t.after(() => redis.stop());
  const write = tempFiles(t);
  const rules = siteRules(t, [
    ...siteRule(
      'SITE-401',
      'critical',
      'config.timeout == 0',
      'timeout is {{config.timeout}} | pipes_and <tags> stay text'
    ),
    ...siteRule('SITE-402', 'notice', 'config.timeout == 0', 'accepted one'),
  ]);
  const suppress = write(
    's.yaml',
    'suppressions:\n  - rule: SITE-402\n    reason: known and accepted\n    expires: 2999-01-01\n'
  );
  const only = ['--rules', rules, ...withoutBuiltinRules(), '--suppress', suppress];
  const run = await runCli(['analyze', redis.url, ...only, '--format', 'markdown']);
  assert.equal(run.code, 1);
  const md = run.stdout;
  assert.match(md, /^# RedisLens analysis$/m);
  assert.match(md, /^\*\*Fails the gate:\*\* 1 finding\(s\) at or above critical\.$/m);
  assert.match(md, /^\| 1 \| 0 \| 0 \| 0 \| 1 \|$/m, 'the summary table counts suppressed apart');
  assert.match(md, new RegExp(`^### \`${redis.address}\` \\(master, Redis \\d+\\.\\d+\\.\\d+\\)$`, 'm'));
  assert.match(md, /^- \*\*🔴 critical\*\* `SITE-401` Test rule SITE-401 {2}$/m);
  assert.match(md, /^ {2}timeout is 0 \\\| pipes\\_and \\<tags\\> stay text {2}$/m, 'message text is escaped');
  assert.match(md, /^ {2}\*\*Fix:\*\* Nothing to do; this rule exists for the tests only\.$/m);
  assert.match(
    md,
    /^## Suppressed\n\n\| severity \| rule \| target \| reason \| until \|\n\|---\|---\|---\|---\|---\|\n\| notice \| `SITE-402` \| 127\.0\.0\.1:\d+ \| known and accepted \| 2999-01-01 \|$/m
  );
  const passing = await runCli(['analyze', redis.url, ...only, '--disable', 'SITE-401', '--format', 'markdown']);
  assert.equal(passing.code, 0);
  assert.match(passing.stdout, /^\*\*Passes the gate:\*\* no finding at or above critical\.$/m);
  assert.match(passing.stdout, /^No findings\.$/m);

  const conf = write('redis.conf', 'timeout 0\nmaxmemroy 1gb\n');
  const lint = await runJson(['lint', conf, '--format', 'json']);
  const md2 = await runCli(['lint', conf, '--format', 'markdown']);
  assert.equal(md2.code, lint.code, 'markdown and json agree on the exit code');
  assert.match(md2.stdout, new RegExp(`^# RedisLens lint: ${conf.replace(/[.]/g, '\\.')}$`, 'm'));
  for (const f of fired(lint.json)) assert.ok(md2.stdout.includes(`\`${f.ruleId}\``), `${f.ruleId} in the markdown`);
});

test('escapeMarkdown keeps text from becoming markup', () => {
  assert.equal(
    escapeMarkdown('a|b *c* _d_ <e> [f](g) `h` #i'),
    'a\\|b \\*c\\* \\_d\\_ \\<e\\> \\[f\\](g) \\`h\\` \\#i'
  );
  assert.equal(escapeMarkdown('two\nlines'), 'two lines');
});
