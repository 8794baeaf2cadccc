/**
 * `redislens diff old.json new.json`: what changed between two `--format json`
 * reports. A finding is the same finding when rule, target, subject and fleet
 * target name agree; only fired findings count (a rule that could not be
 * evaluated is not a problem found or fixed).
 */
import { z } from 'zod';
import { SEVERITIES, type Severity } from '../rules/severity.js';
import { atOrAbove, type CliFinding } from './cli-report.js';
import { CliInputError, formatPath, readFileText } from './input-file.js';

// Only what the diff reads is checked; everything else a report carries passes through.
const reportFileSchema = z
  .object({
    findings: z.array(
      z
        .object({
          ruleId: z.string(),
          title: z.string(),
          severity: z.enum(SEVERITIES),
          status: z.enum(['fired', 'not_evaluated']),
          target: z.string(),
          subject: z.string().optional(),
          targetName: z.string().optional(),
          message: z.string(),
          category: z.string(),
          recommendation: z.string(),
          evidence: z.record(z.string(), z.unknown()),
        })
        .loose()
    ),
  })
  .loose();

export function readReportFile(file: string): CliFinding[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileText(file));
  } catch (error) {
    if (error instanceof CliInputError) throw error;
    throw new CliInputError(`${file}: not a JSON report (${(error as Error).message}); write one with --format json`);
  }
  const parsed = reportFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = formatPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
    throw new CliInputError(
      `${file}: ${path || '(file)'}: ${issue.message}; expected a redislens --format json report`
    );
  }
  return parsed.data.findings;
}

export interface ChangedFinding {
  before: CliFinding;
  after: CliFinding;
}

export interface ReportDiff {
  new: CliFinding[];
  resolved: CliFinding[];
  changed: ChangedFinding[];
  summary: { new: number; resolved: number; changed: number; unchanged: number };
}

const keyOf = (f: CliFinding) => [f.targetName ?? '', f.ruleId, f.target, f.subject ?? ''].join('\u0000');

export function diffReports(before: CliFinding[], after: CliFinding[]): ReportDiff {
  const old = new Map(before.filter((f) => f.status === 'fired').map((f) => [keyOf(f), f]));
  const now = new Map(after.filter((f) => f.status === 'fired').map((f) => [keyOf(f), f]));
  const diff: ReportDiff = {
    new: [],
    resolved: [],
    changed: [],
    summary: { new: 0, resolved: 0, changed: 0, unchanged: 0 },
  };
  for (const [key, f] of now) {
    const was = old.get(key);
    if (!was) diff.new.push(f);
    else if (was.severity !== f.severity || was.message !== f.message) diff.changed.push({ before: was, after: f });
    else diff.summary.unchanged++;
  }
  for (const [key, f] of old) if (!now.has(key)) diff.resolved.push(f);
  diff.summary.new = diff.new.length;
  diff.summary.resolved = diff.resolved.length;
  diff.summary.changed = diff.changed.length;
  return diff;
}

/** The diff fails the gate when a finding at or above failOn is new, or rose to it. */
export function diffFails(diff: ReportDiff, failOn: Severity): boolean {
  return (
    diff.new.some((f) => atOrAbove(f.severity, failOn)) ||
    diff.changed.some(
      (c) =>
        atOrAbove(c.after.severity, failOn) &&
        c.after.severity !== c.before.severity &&
        atOrAbove(c.after.severity, c.before.severity)
    )
  );
}
