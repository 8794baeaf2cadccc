import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedisProcess } from '../harness/redis-process.js';
import { runCli, runCliJson } from '../harness/run-cli.js';
import { builtinCatalog } from '../harness/rule-check.js';
import { acceptedNames, type DirectiveTables } from '../../collect/directive-tables.js';

// Only Redis 7.0.15 runs here. The other releases are judged from their own sources: the directive tables
// (rules/data/config-directives.yaml) and the stock redis.conf fixtures (test/noise/stock-conf/, active lines)
// are generated from each release's src/config.c and redis.conf at its tag by scripts/generate-directive-tables.ts.
const STOCK = fileURLToPath(new URL('../noise/stock-conf/', import.meta.url));
const tables = () => builtinCatalog().data.config_directives as DirectiveTables;
const table = (product: string, line: string) =>
  tables().versions.find((v) => v.product === product && v.line === line)!;

function confFile(t: { after: (fn: () => void) => void }, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-conf-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'redis.conf');
  writeFileSync(path, text);
  return path;
}

test("lint accepts each supported release's stock redis.conf when judged by that release", async () => {
  const files = readdirSync(STOCK).filter((f) => f.endsWith('.conf'));
  assert.equal(files.length, 6, 'Redis 6.2, 7.0, 7.2, 7.4 and Valkey 7.2, 8.0');
  for (const file of files) {
    const version = file.replace(/\.conf$/, '').replace(/^redis-/, '');
    const { report } = await runCliJson(['lint', join(STOCK, file), '--redis-version', version]);
    const startUp = report.findings.filter((f: any) => f.ruleId === 'CONF-001' || f.ruleId === 'CONF-002');
    assert.deepEqual(startUp, [], `${file}: no directive or value the release would refuse`);
    assert.equal(report.judgedBy.covered, true);
  }
});

test('the 7.0 table matches the real Redis 7.0.15: every CONFIG GET * name is in it', async (t) => {
  const redis = await RedisProcess.start();
  t.after(() => redis.stop());
  const lines = (await redis.cli('CONFIG', 'GET', '*')).split('\n');
  const names = lines.filter((_, i) => i % 2 === 0);
  assert.ok(names.length > 150);
  const accepted = acceptedNames(table('redis', '7.0'));
  assert.deepEqual(
    names.filter((n) => !accepted.has(n)),
    []
  );
});

test('CONF-001 judges by --redis-version: a 7.2 directive is critical for 7.0 (and the real 7.0.15 refuses it), fine for 7.2', async (t) => {
  // set-max-listpack-entries arrived in 7.2 (listpack-encoded sets).
  const path = confFile(t, 'set-max-listpack-entries 128\n');
  const for70 = await runCliJson(['lint', path, '--redis-version', '7.0']);
  const refused = for70.report.findings.find((f: any) => f.ruleId === 'CONF-001');
  assert.equal(refused.severity, 'critical');
  assert.match(
    refused.message,
    /^Redis 7\.0 does not know 1 directive\(s\) and refuses to start with them: set-max-listpack-entries \(line 1\)/
  );
  assert.equal(for70.code, 1);
  await assert.rejects(RedisProcess.start({ config: { include: path } }), /exited/);

  const for72 = await runCliJson(['lint', path, '--redis-version', '7.2.4']);
  assert.ok(!for72.report.findings.some((f: any) => f.ruleId === 'CONF-001'));
  assert.deepEqual(for72.report.judgedBy, { product: 'redis', version: '7.2.4', table: '7.2.6', covered: true });

  // Without --redis-version: the newest Redis line RedisLens knows, and the table output says so.
  const plain = await runCli(['lint', path]);
  assert.match(plain.stdout, /^Judged by the directives of Redis 7\.4 \(table from redis 7\.4\.1\)/);
});

test('CONF-001 on a release newer than the tables: "not known to RedisLens", a notice, never "Redis would refuse it"', async (t) => {
  const path = confFile(t, 'some-future-directive yes\ntimeout 300\n');
  const { report, code } = await runCliJson(['lint', path, '--redis-version', '8.2']);
  const finding = report.findings.find((f: any) => f.ruleId === 'CONF-001');
  assert.equal(finding.severity, 'notice');
  assert.match(finding.message, /not known to RedisLens for Redis 8\.2 \(its newest directive table is 7\.4\.1/);
  assert.doesNotMatch(finding.message, /refuses/);
  assert.equal(code, 0);
  assert.equal(report.judgedBy.covered, false);

  const valkey = await runCliJson(['lint', path, '--redis-version', 'valkey-8.0']);
  assert.equal(valkey.report.findings.find((f: any) => f.ruleId === 'CONF-001').severity, 'critical');
});

test('CONF-002: critical for a release RedisLens has the table of (and Redis refuses the file), a warning beyond its tables', async (t) => {
  const path = confFile(t, 'appendonly maybe\n');
  const covered = await runCliJson(['lint', path, '--redis-version', '7.0']);
  const refused = covered.report.findings.find((f: any) => f.ruleId === 'CONF-002');
  assert.equal(refused.severity, 'critical');
  assert.equal(refused.message, '1 invalid value(s) for Redis 7.0: appendonly (line 1): "maybe" is not yes or no');
  await assert.rejects(RedisProcess.start({ config: { include: path } }), /exited/);

  const newer = await runCliJson(['lint', path, '--redis-version', '8.2']);
  const judged = newer.report.findings.find((f: any) => f.ruleId === 'CONF-002');
  assert.equal(judged.severity, 'warning');
  assert.match(judged.message, /^1 invalid value\(s\) for Redis 8\.2 by the 7\.4\.\d+ table: appendonly \(line 1\)/);
});

test('--redis-version names what RedisLens knows when it has no table for the release', async (t) => {
  const path = confFile(t, 'timeout 300\n');
  const old = await runCli(['lint', path, '--redis-version', '5.0']);
  assert.equal(old.code, 2);
  assert.match(
    old.stderr,
    /no directive table for Redis 5\.0 \(it knows Redis 6\.2, 7\.0, 7\.2, 7\.4; Valkey 7\.2, 8\.0\)/
  );
  const bad = await runCli(['lint', path, '--redis-version', 'latest']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /expected a version like 7\.2/);
});

test('every directive a rule judges exists in at least one release table', () => {
  const known = new Set(tables().versions.flatMap((v) => [...acceptedNames(v)]));
  const unknown = builtinCatalog().rules.flatMap((r) =>
    r.directives.filter((d) => !known.has(d)).map((d) => `${r.id}: ${d}`)
  );
  assert.deepEqual(unknown, []);
});

test('--set RULE.param=value overrides a policy threshold; a wrong name or value is a clear error', async (t) => {
  const path = confFile(t, 'timeout 0\n');
  const unknown = await runCli(['lint', path, '--set', 'CLIENT-005.nope=1']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /CLIENT-005\.nope: no such parameter \(this rule has: client_share\)/);
  const notNumber = await runCli(['lint', path, '--set', 'CLIENT-005.client_share=most']);
  assert.match(notNumber.stderr, /CLIENT-005\.client_share: "most" is not a number/);
  const malformed = await runCli(['lint', path, '--set', 'client_share']);
  assert.match(malformed.stderr, /expected RULE-ID\.param=value/);
  const ok = await runCliJson(['lint', path, '--set', 'CLIENT-005.client_share=0.9']);
  assert.equal(ok.code, 0);
  assert.ok(ok.report.findings.some((f: any) => f.ruleId === 'CLIENT-005'));
});
