/** Small helpers the CLI gate tests share: temp files and typed JSON runs of the real executable. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliRun } from '../harness/run-cli.js';
import { stringify } from 'yaml';
import type { CliFinding, CliReport } from '../../cli/cli-report.js';
import { BUILTIN_RULES_DIR, loadCatalog } from '../../rules/catalog-loader.js';

export interface TestContext {
  after: (fn: () => void | Promise<void>) => void;
}

/** A temporary folder removed after the test; returns a function writing a file in it. */
export function tempFiles(t: TestContext): (name: string, text: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'redislens-gate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return (name, text) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
}

const BIN = fileURLToPath(new URL('../../bin/redislens.js', import.meta.url));

/** The executable run from another working directory (as CI runs it from a checkout). */
export function runCliIn(cwd: string, args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, timeout: 120000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export async function runJson<T = CliReport>(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd?: string
): Promise<CliRun & { json: T }> {
  const run = cwd ? await runCliIn(cwd, args) : await runCli(args, env);
  try {
    return { ...run, json: JSON.parse(run.stdout) as T };
  } catch {
    throw new Error(`redislens did not print JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  }
}

export const fired = (report: CliReport) => report.findings.filter((f) => f.status === 'fired');

/** `--disable` for every built-in rule: a test of the CLI's mechanics that only its own site rules may touch. */
export function withoutBuiltinRules(): string[] {
  return loadCatalog({ dirs: [BUILTIN_RULES_DIR] }).rules.flatMap((r) => ['--disable', r.id]);
}

/** A folder holding one rule file (rule folders are read whole). */
export function siteRules(t: TestContext, rules: string[]): string {
  return dirname(tempFiles(t)('site.yaml', ['category: site', 'rules:', ...rules, ''].join('\n')));
}

/** One site rule, as YAML lines. */
export function siteRule(id: string, severity: string, when: string, message: string): string[] {
  return [
    `  - id: ${id}`,
    `    title: Test rule ${id}`,
    `    severity: ${severity}`,
    '    scope: instance',
    '    requires: [config]',
    `    when: ${JSON.stringify(when)}`,
    `    message: ${JSON.stringify(message)}`,
    '    rationale: A site rule the CLI tests control, so they do not depend on the built-in catalog wording.',
    '    recommendation: Nothing to do; this rule exists for the tests only.',
    '    references: [https://redis.io/docs/latest/operate/oss_and_stack/management/config/]',
  ];
}

/** A suppression file accepting exactly these findings, for a long time. */
export function suppressionsOf(findings: CliFinding[], reason: string): string {
  return stringify({
    suppressions: findings.map((f) => ({
      rule: f.ruleId,
      target: f.target,
      ...(f.subject ? { subject: f.subject } : {}),
      reason,
      expires: '2999-12-31',
    })),
  });
}
