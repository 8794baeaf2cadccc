/**
 * `redislens serve` on a broken provisioning or rule file: one line, `file:line: what is wrong`, exit 2,
 * no stack trace; the real executable, as an operator would run it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../harness/run-cli.js';

function serveWith(t: { after: (fn: () => void) => void }, provisioning: string, rule?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-bad-startup-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'provisioning'));
  const file = join(dir, 'provisioning', 'redislens.yaml');
  writeFileSync(file, provisioning);
  const args = ['serve', '--provision', join(dir, 'provisioning'), '--data-dir', join(dir, 'data')];
  args.push('--listen', '127.0.0.1:0', '--grpc-listen', '127.0.0.1:0');
  if (rule !== undefined) {
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'site.yaml'), rule);
    args.push('--rules', join(dir, 'rules'));
  }
  return { file, run: runCli(args) };
}

function assertOneClearLine(stderr: string) {
  assert.doesNotMatch(stderr, /unexpected error/);
  assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
  assert.equal(stderr.trim().split('\n').length, 1, stderr);
}

/** A tenant with one token, written as the README's provisioning example writes it (a flow mapping). */
const tenantWithToken = (tokenLine: string) =>
  ['apiVersion: 1', 'tenants:', '  - id: payments', '    name: Payments SRE', '    tokens:', tokenLine, ''].join('\n');

test('provisioning that is not YAML (the flow mapping the README once showed): file:line, exit 2', async (t) => {
  const { file, run } = serveWith(
    t,
    tenantWithToken('      - { name: grafana, token: $__env{PAYMENTS_TOKEN}, role: editor }')
  );
  const { code, stderr } = await run;
  assert.equal(code, 2);
  assert.ok(stderr.startsWith(`redislens: ${file}:6: not valid YAML at column 39: `), stderr);
  assertOneClearLine(stderr);
});

test('provisioning that breaks the schema: the line of the offending field, exit 2', async (t) => {
  const { file, run } = serveWith(t, tenantWithToken("      - { name: grafana, token: 'x', role: admin }"));
  const { code, stderr } = await run;
  assert.equal(code, 2);
  assert.match(stderr, new RegExp(`^redislens: ${file}:6: tenants\\.0\\.tokens\\.0\\.role: .*"viewer"\\|"editor"`));
  assertOneClearLine(stderr);
});

test('a missing field is reported on the line of the entry that lacks it', async (t) => {
  const { file, run } = serveWith(t, 'apiVersion: 1\ntargets:\n  - tenant: payments\n    url: redis://10.0.0.1\n');
  const { code, stderr } = await run;
  assert.equal(code, 2);
  assert.match(stderr, new RegExp(`^redislens: ${file}:3: targets\\.0\\.name: `));
  assertOneClearLine(stderr);
});

test('a rule file that is not YAML: the file and its line, exit 2', async (t) => {
  const { run } = serveWith(t, 'apiVersion: 1\n', 'rules:\n  - id: SITE-001\n    when: [config.timeout\n');
  const { code, stderr } = await run;
  assert.equal(code, 2);
  assert.match(stderr, /^redislens: .*site\.yaml: line \d+: /);
  assertOneClearLine(stderr);
});
