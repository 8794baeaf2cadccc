/**
 * Suppressions an operator accepted (read from `--suppress suppressions.yaml` by suppression-file.ts), applied
 * to a report: a suppressed finding is listed, never dropped, and an expired suppression no longer suppresses.
 */
import { summarizeFindings, type CliReport, type SuppressedFinding, type SuppressionEntry } from './cli-report.js';

export interface Suppressions {
  active: SuppressionEntry[];
  expired: SuppressionEntry[];
}

function matches(s: SuppressionEntry, f: CliReport['findings'][number]): boolean {
  return (
    s.rule === f.ruleId &&
    (s.target === undefined || s.target === f.target || s.target === f.targetName) &&
    (s.subject === undefined || s.subject === f.subject)
  );
}

/** Moves fired findings an active suppression covers to `suppressed`; the summary counts what is left. */
export function applySuppressions(report: CliReport, suppressions: Suppressions): CliReport {
  const findings: CliReport['findings'] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of report.findings) {
    const by = finding.status === 'fired' ? suppressions.active.find((s) => matches(s, finding)) : undefined;
    if (by) suppressed.push({ ...finding, suppression: by });
    else findings.push(finding);
  }
  return {
    ...report,
    findings,
    summary: { ...summarizeFindings(findings), suppressed: suppressed.length },
    suppressed,
    expiredSuppressions: suppressions.expired,
  };
}
