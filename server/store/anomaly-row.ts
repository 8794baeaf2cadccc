/** An anomalies row as both stores return it (JSON evidence as text, times as epoch ms). */
import type { Anomaly, AnomalyStatus } from '../domain/records.js';

export interface AnomalyRow {
  id: string;
  tenant_id: string;
  target_id: string;
  fingerprint: string;
  rule_id: string;
  category: string;
  severity: Anomaly['severity'];
  resource: string;
  subject: string | null;
  title: string;
  message: string;
  recommendation: string;
  evidence: string;
  status: AnomalyStatus;
  first_seen: number;
  last_seen: number;
  resolved_at: number | null;
  occurrences: number;
}

export const anomalyFromRow = (r: AnomalyRow): Anomaly => ({
  id: r.id,
  tenantId: r.tenant_id,
  targetId: r.target_id,
  fingerprint: r.fingerprint,
  ruleId: r.rule_id,
  category: r.category,
  severity: r.severity,
  resource: r.resource,
  ...(r.subject ? { subject: r.subject } : {}),
  title: r.title,
  message: r.message,
  recommendation: r.recommendation,
  evidence: (JSON.parse(r.evidence) as Record<string, unknown> | null) ?? {},
  status: r.status,
  firstSeen: r.first_seen,
  lastSeen: r.last_seen,
  ...(r.resolved_at != null ? { resolvedAt: r.resolved_at } : {}),
  occurrences: r.occurrences,
});
