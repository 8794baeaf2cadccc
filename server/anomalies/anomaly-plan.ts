/**
 * The anomaly lifecycle as a pure function: given what an analysis found
 * and the anomalies already known, decide what to create, refresh, reopen
 * and auto-resolve. The store applies a plan atomically.
 *
 * - a condition that persists is one anomaly (same fingerprint), not one per run;
 * - it auto-resolves only when the rule was evaluated and passed: missing data
 *   or an unreachable node never resolves anything;
 * - a resolved anomaly whose condition returns is reopened;
 * - acknowledged and false-positive anomalies keep the operator's status.
 */
import { randomUUID } from 'node:crypto';
import { sha256Hex } from '../domain/sha256.js';
import type { RuleResult } from '../rules/results.js';
import type { Anomaly } from '../domain/records.js';

export interface AnomalyRefresh {
  id: string;
  severity: Anomaly['severity'];
  message: string;
  evidence: Record<string, unknown>;
  lastSeen: number;
  /** The severity differs from the stored one: counts by severity change, not only the details. */
  regraded?: boolean;
}

export interface AnomalyPlan {
  tenantId: string;
  targetId: string;
  at: number;
  create: Anomaly[];
  refresh: AnomalyRefresh[];
  reopen: AnomalyRefresh[];
  resolve: Anomaly[];
}

export function fingerprintOf(targetId: string, result: Pick<RuleResult, 'ruleId' | 'target' | 'subject'>): string {
  return sha256Hex(`${targetId}\u0000${result.ruleId}\u0000${result.target}\u0000${result.subject ?? ''}`);
}

export function planAnomalies(input: {
  tenantId: string;
  targetId: string;
  at: number;
  results: RuleResult[];
  /** Anomalies whose fingerprints fired now, whatever their status. */
  known: Anomaly[];
  /** Open and acknowledged anomalies of the target. */
  active: Anomaly[];
}): AnomalyPlan {
  const plan: AnomalyPlan = {
    tenantId: input.tenantId,
    targetId: input.targetId,
    at: input.at,
    create: [],
    refresh: [],
    reopen: [],
    resolve: [],
  };
  const known = new Map(input.known.map((a) => [a.fingerprint, a]));
  const fired = new Set<string>();
  const passed = new Set<string>();

  for (const result of input.results) {
    const fingerprint = fingerprintOf(input.targetId, result);
    if (result.status === 'passed') passed.add(fingerprint);
    if (result.status !== 'fired' || fired.has(fingerprint)) continue;
    fired.add(fingerprint);
    const existing = known.get(fingerprint);
    const refresh = {
      severity: result.severity,
      message: result.message,
      evidence: result.evidence,
      lastSeen: input.at,
    };
    if (!existing) {
      plan.create.push({
        id: randomUUID(),
        tenantId: input.tenantId,
        targetId: input.targetId,
        fingerprint,
        ruleId: result.ruleId,
        category: result.category,
        resource: result.target,
        ...(result.subject ? { subject: result.subject } : {}),
        title: result.title,
        recommendation: result.recommendation,
        status: 'open',
        firstSeen: input.at,
        occurrences: 1,
        ...refresh,
      });
    } else if (existing.status === 'resolved') {
      plan.reopen.push({ id: existing.id, ...refresh });
    } else {
      plan.refresh.push({
        id: existing.id,
        ...refresh,
        ...(existing.severity !== result.severity ? { regraded: true } : {}),
      });
    }
  }

  for (const anomaly of input.active) {
    if (fired.has(anomaly.fingerprint)) continue;
    if ((anomaly.status === 'open' || anomaly.status === 'acknowledged') && passed.has(anomaly.fingerprint))
      plan.resolve.push(anomaly);
  }
  return plan;
}
