import type { Scope, Severity } from './rule-schema.js';

export type ResultStatus = 'fired' | 'passed' | 'not_evaluated';

/** One rule evaluated on one target (a node, or a topology group) and, optionally, one subject in it. */
export interface RuleResult {
  ruleId: string;
  title: string;
  category: string;
  scope: Scope;
  severity: Severity;
  status: ResultStatus;
  target: string;
  subject?: string;
  message: string;
  recommendation: string;
  evidence: Record<string, unknown>;
  /** not_evaluated only: why the rule could not be evaluated. */
  reason?: string;
  /** not_evaluated only: the rule itself failed (a catalog bug), not missing data. */
  ruleError?: boolean;
}

export interface ResultSummary {
  critical: number;
  warning: number;
  notice: number;
  notEvaluated: number;
  passed: number;
}

export function summarize(results: RuleResult[]): ResultSummary {
  const summary: ResultSummary = { critical: 0, warning: 0, notice: 0, notEvaluated: 0, passed: 0 };
  for (const r of results) {
    if (r.status === 'fired') summary[r.severity]++;
    else if (r.status === 'not_evaluated') summary.notEvaluated++;
    else summary.passed++;
  }
  return summary;
}
