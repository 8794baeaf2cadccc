/**
 * What analyze and lint print: the AnalysisReport of the CLI contract
 * (design.md), extended only additively: fleet target names, and with
 * --suppress the suppressed findings and the expired suppressions.
 */
import type { AnalysisReport, ReportFinding, ReportTarget } from '../analysis/analysis-report.js';
import { SEVERITIES, type Severity } from '../rules/severity.js';

export interface CliTarget extends ReportTarget {
  /** The fleet-file target this node was found from. */
  name?: string;
}

export interface CliFinding extends ReportFinding {
  /** The fleet-file target this finding belongs to. */
  targetName?: string;
}

export interface SuppressionEntry {
  rule: string;
  target?: string;
  subject?: string;
  reason: string;
  /** YYYY-MM-DD: the suppression holds through that day (UTC). */
  expires: string;
  /** Where it is written: file:line. */
  source: string;
}

export interface SuppressedFinding extends CliFinding {
  suppression: SuppressionEntry;
}

export interface CliReport {
  targets: CliTarget[];
  findings: CliFinding[];
  summary: AnalysisReport['summary'] & { suppressed?: number };
  suppressed?: SuppressedFinding[];
  expiredSuppressions?: SuppressionEntry[];
  /** lint: which release's directive table the file was judged by. */
  judgedBy?: { product: string; version: string; table: string; covered: boolean };
}

/** critical > warning > notice: true when severity is at least threshold. */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

export function summarizeFindings(findings: CliFinding[]): AnalysisReport['summary'] {
  const summary = { critical: 0, warning: 0, notice: 0, notEvaluated: 0 };
  for (const f of findings) {
    if (f.status === 'fired') summary[f.severity]++;
    else summary.notEvaluated++;
  }
  return summary;
}

/** One report from the analyses of several fleet targets, each tagged with its name. */
export function mergeReports(parts: { name?: string; report: AnalysisReport }[]): CliReport {
  const targets: CliTarget[] = [];
  const findings: CliFinding[] = [];
  for (const { name, report } of parts) {
    targets.push(...report.targets.map((t) => (name ? { ...t, name } : t)));
    findings.push(...report.findings.map((f) => (name ? { ...f, targetName: name } : f)));
  }
  return { targets, findings, summary: summarizeFindings(findings) };
}
