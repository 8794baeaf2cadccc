/**
 * The domain's records: what the store keeps and every layer above the rules passes around. Here, below
 * store/ and service/, so any layer can import them without pointing up. Times are epoch milliseconds.
 */
import type { Severity } from '../rules/rule-schema.js';
import type { InspectOptions } from '../collect/inspection/inspect-options.js';

/** What an API token allows. */
export type Role = 'viewer' | 'editor';

export interface Tenant {
  id: string;
  name: string;
}

export interface ApiToken {
  /** sha256 of the token: tokens themselves are never stored. */
  hash: string;
  tenantId: string;
  name: string;
  role: Role;
}

/** A secret as stored: a reference resolved at use, or ciphertext. Never the plain value. */
export type SecretRef =
  { kind: 'env'; name: string } | { kind: 'file'; path: string } | { kind: 'encrypted'; data: string };

export interface Target {
  id: string;
  tenantId: string;
  name: string;
  /** The URL with the password removed (shown as is). */
  url: string;
  password?: SecretRef;
  labels: Record<string, string>;
  intervalSeconds: number;
  enabled: boolean;
  /** Opt-in inspections beyond INFO and CONFIG (absent: none). */
  inspect?: InspectOptions;
  /** Registered by a provisioning file: changed there, not through the API. */
  provisioned: boolean;
  createdAt: number;
  updatedAt: number;
}

export type AnalysisStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface AnalysisProgress {
  done: number;
  found: number;
}

export interface AnalysisSummary {
  critical: number;
  warning: number;
  notice: number;
  notEvaluated: number;
  passed: number;
  nodes: number;
  unreachable: number;
}

export interface Analysis {
  id: string;
  tenantId: string;
  targetId: string;
  trigger: 'schedule' | 'manual';
  status: AnalysisStatus;
  queuedAt: number;
  startedAt?: number;
  finishedAt?: number;
  progress: AnalysisProgress;
  summary?: AnalysisSummary;
  error?: string;
  snapshotId?: string;
  /** Whether its report (findings as exported) is kept: see AnalysisOutcome.supersedes. */
  hasReport?: boolean;
}

export interface SnapshotMeta {
  id: string;
  tenantId: string;
  targetId: string;
  analysisId: string;
  collectedAt: number;
  /** sha256 of the stored fleet content; equal hashes share one stored copy. */
  contentHash: string;
}

export type AnomalyStatus = 'open' | 'acknowledged' | 'resolved' | 'false_positive';

export interface Anomaly {
  id: string;
  tenantId: string;
  targetId: string;
  /** sha256 of rule id + analysed target (node or group) + subject. */
  fingerprint: string;
  ruleId: string;
  category: string;
  severity: Severity;
  /** The node address or group id the rule fired on. */
  resource: string;
  subject?: string;
  title: string;
  message: string;
  recommendation: string;
  evidence: Record<string, unknown>;
  status: AnomalyStatus;
  firstSeen: number;
  lastSeen: number;
  resolvedAt?: number;
  occurrences: number;
}

export type AnomalyEventKind = 'opened' | 'reopened' | 'auto_resolved' | 'status_changed';

export interface AnomalyEvent {
  id: number;
  anomalyId: string;
  at: number;
  kind: AnomalyEventKind;
  actor: string;
  fromStatus?: AnomalyStatus;
  toStatus: AnomalyStatus;
  note?: string;
}

export interface ConfigChange {
  node: string;
  directive: string;
  from: unknown;
  to: unknown;
}

/** Timeline events for annotations: anomaly lifecycle and config drift. */
export interface TargetEvent {
  id: number;
  tenantId: string;
  targetId: string;
  at: number;
  kind: 'config_changed' | 'anomaly_opened' | 'anomaly_resolved' | 'anomaly_reopened';
  title: string;
  detail: Record<string, unknown>;
}

export interface RollupPoint {
  targetId: string;
  node: string;
  metric: string;
  /** Start of the 5-minute bucket. */
  bucket: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
}

export interface RuleOverride {
  tenantId: string;
  ruleId: string;
  enabled: boolean;
  severity?: Severity;
  /** The tenant's values for rule parameters (policy thresholds), typed by each parameter's default. */
  params?: Record<string, number | boolean | string>;
}
