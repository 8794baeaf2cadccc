/** The report of one analysis: the CLI contract's JSON shape (design.md "CLI contract"). */
import type { FleetSnapshot, NodeSnapshot } from '../collect/snapshot.js';
import { summarize, type RuleResult, type ResultSummary } from '../rules/results.js';
import { SEVERITY_RANK } from '../rules/severity.js';
import { EXIT } from './exit-codes.js';

export interface ReportTarget {
  address: string;
  kind: NodeSnapshot['kind'];
  role: NodeSnapshot['role'];
  version: string | null;
  reachable: boolean;
  error?: string;
}

export interface ReportFinding {
  ruleId: string;
  title: string;
  category: string;
  severity: RuleResult['severity'];
  status: 'fired' | 'not_evaluated';
  target: string;
  subject?: string;
  message: string;
  recommendation: string;
  evidence: Record<string, unknown>;
}

export interface AnalysisReport {
  targets: ReportTarget[];
  findings: ReportFinding[];
  summary: Omit<ResultSummary, 'passed'>;
}

/** Addresses in numeric order (:7002 before :7010); one collator: localeCompare with options builds one per call. */
const byAddress = new Intl.Collator(undefined, { numeric: true });

export function buildReport(fleet: FleetSnapshot, results: RuleResult[]): AnalysisReport {
  const { passed: _passed, ...summary } = summarize(results);
  const findings = results
    .filter((r): r is RuleResult & { status: 'fired' | 'not_evaluated' } => r.status !== 'passed')
    .sort(
      (a, b) =>
        byAddress.compare(a.target, b.target) ||
        (a.status === b.status ? 0 : a.status === 'fired' ? -1 : 1) ||
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        a.ruleId.localeCompare(b.ruleId)
    )
    .map(({ ruleId, title, category, severity, status, target, subject, message, recommendation, evidence }) => ({
      ruleId,
      title,
      category,
      severity,
      status,
      target,
      ...(subject ? { subject } : {}),
      message,
      recommendation,
      evidence,
    }));
  return {
    targets: fleet.nodes.map((n) => ({
      address: n.address,
      kind: n.kind,
      role: n.role,
      version: n.version?.text ?? null,
      reachable: n.reachable,
      ...(n.error ? { error: n.error.message } : {}),
    })),
    findings,
    summary,
  };
}

export { EXIT };

export function exitCodeFor(report: AnalysisReport, seedsReachable: boolean): number {
  if (!seedsReachable) return EXIT.failed;
  return report.summary.critical > 0 ? EXIT.critical : EXIT.ok;
}
