/**
 * The read side of the service layer: what REST, the Grafana protocol
 * (QueryData, CallResource) and the app's pages ask for. Implementations
 * read the store only, never Redis.
 */
import type { Severity } from '../rules/rule-schema.js';
import type {
  Analysis,
  Anomaly,
  AnomalyEvent,
  ConfigChange,
  SnapshotMeta,
  Target,
  TargetEvent,
} from '../domain/records.js';
import type { FleetSnapshot } from '../collect/snapshot.js';
import type { Identity } from './identity.js';
import type { AnomalyFilter, AnomalyQuery, Page } from '../domain/queries.js';

/** Anomalies open at each bucket start, by severity: the shape an alert rule counts. */
export interface AnomalyCountBucket {
  time: number;
  critical: number;
  warning: number;
  notice: number;
}

export interface InstanceRow {
  targetId: string;
  targetName: string;
  address: string;
  kind: 'redis' | 'sentinel';
  role: string;
  version: string | null;
  reachable: boolean;
  error?: string;
  openCritical: number;
  openWarning: number;
  openNotice: number;
  lastAnalysedAt: number | null;
}

export interface MetricSeries {
  targetId: string;
  targetName: string;
  node: string;
  metric: string;
  points: { time: number; value: number }[];
}

export interface ConfigRow {
  targetId: string;
  node: string;
  directive: string;
  value: string;
  defaultValue: string | null;
  /** Highest severity of an open anomaly whose evidence names this directive. */
  severity: Severity | null;
}

export interface TopologyNode {
  id: string;
  title: string;
  subTitle: string;
  role: string;
  reachable: boolean;
  /** Open anomalies on the node. */
  mainStat: number;
  secondaryStat: string;
}

export interface TopologyEdge {
  id: string;
  source: string;
  target: string;
  kind: 'replication' | 'monitors' | 'cluster';
}

export interface TopologyGraph {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

export interface RuleRow {
  id: string;
  title: string;
  category: string;
  severity: Severity;
  scope: string;
  requires: string[];
  enabled: boolean;
  /** The CEL condition the rule fires on (its `when`). */
  condition: string;
  rationale: string;
  recommendation: string;
  references: string[];
  /** The configuration directives the rule judges. */
  directives?: string[];
  /** Policy parameters with this tenant's values (the rule's defaults where it set none). */
  params?: Record<string, number | boolean | string>;
}

export interface TimeRange {
  from: number;
  to: number;
}

/** What changed between two snapshots of one target. */
export interface SnapshotDiff {
  from: { id: string; collectedAt: number };
  to: { id: string; collectedAt: number };
  nodesAdded: string[];
  nodesRemoved: string[];
  configChanges: ConfigChange[];
}

export interface ReadService {
  listTargets(identity: Identity): Promise<Target[]>;
  target(identity: Identity, id: string): Promise<Target>;
  /** An analysis with live progress while it runs. */
  analysis(identity: Identity, id: string): Promise<Analysis>;
  analyses(identity: Identity, targetId: string, limit: number): Promise<Analysis[]>;
  analysisReport(identity: Identity, id: string): Promise<unknown>;
  snapshots(identity: Identity, targetId: string, limit: number): Promise<SnapshotMeta[]>;
  snapshot(identity: Identity, id: string): Promise<SnapshotMeta & { fleet: FleetSnapshot }>;
  snapshotDiff(identity: Identity, fromId: string, toId: string): Promise<SnapshotDiff>;
  listAnomalies(identity: Identity, query: AnomalyQuery): Promise<Page<Anomaly>>;
  anomaly(identity: Identity, id: string): Promise<Anomaly>;
  anomalyHistory(identity: Identity, anomalyId: string): Promise<AnomalyEvent[]>;
  countAnomalies(
    identity: Identity,
    range: TimeRange & { intervalMs: number; filter?: AnomalyFilter }
  ): Promise<AnomalyCountBucket[]>;
  listInstances(identity: Identity, options?: { targetId?: string }): Promise<InstanceRow[]>;
  metricSeries(
    identity: Identity,
    options: TimeRange & {
      metrics: string[];
      targetId?: string;
      node?: string;
      intervalMs: number;
      maxDataPoints?: number;
    }
  ): Promise<MetricSeries[]>;
  configRows(identity: Identity, options: { targetId: string; node?: string }): Promise<ConfigRow[]>;
  topology(identity: Identity, options: { targetId: string }): Promise<TopologyGraph>;
  listRules(identity: Identity): Promise<RuleRow[]>;
  events(identity: Identity, options: TimeRange & { targetId?: string }): Promise<TargetEvent[]>;
}
