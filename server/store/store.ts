/**
 * The store interface: everything the sidecar persists. SQLite (store/sqlite,
 * the default) and PostgreSQL (store/postgres, shared by several sidecars)
 * implement it; one contract suite (server/test/store) runs against both.
 */
import type { AnomalyFilter, AnomalyQuery, Page } from '../domain/queries.js';
import type {
  Analysis,
  AnalysisProgress,
  AnalysisSummary,
  Anomaly,
  AnomalyEvent,
  AnomalyStatus,
  ApiToken,
  RollupPoint,
  RuleOverride,
  SnapshotMeta,
  Target,
  TargetEvent,
  Tenant,
} from '../domain/records.js';
import type { FleetSnapshot } from '../collect/snapshot.js';
import type { AnomalyPlan } from '../anomalies/anomaly-plan.js';
import type { EncodedReport } from './report-encoding.js';
import type { StoredFleet } from './stored-fleet.js';

/** Metric history resolution: rollups keep one bucket per 5 minutes... */
export const BUCKET_MS = 5 * 60 * 1000;
/**
 * ...folded into one per hour once older than prune's `hourlyBefore` (a day): 30 days of a series are 984
 * rows, not 8,640.
 */
export const HOURLY_BUCKET_MS = 60 * 60 * 1000;

export interface TenantRepository {
  upsertTenant(tenant: Tenant): Promise<void>;
  upsertToken(token: ApiToken): Promise<void>;
  tokenByHash(hash: string): Promise<ApiToken | undefined>;
  listTenants(): Promise<Tenant[]>;
}

export interface TargetRepository {
  create(target: Target): Promise<void>;
  update(target: Target): Promise<void>;
  remove(tenantId: string, id: string): Promise<boolean>;
  get(tenantId: string, id: string): Promise<Target | undefined>;
  list(tenantId: string): Promise<Target[]>;
  /** Every enabled target of every tenant: the scheduler's work list. */
  listEnabled(): Promise<Target[]>;
  /** Provisioned targets not in `keepIds` are removed (the file is the source of truth). */
  removeProvisionedExcept(keepIds: string[]): Promise<number>;
}

/** How an analysis ended, as `finish` stores it. */
export interface AnalysisResult {
  status: 'succeeded' | 'failed';
  /** The final progress (nodes done and found): written here, as short analyses write none before. */
  progress?: AnalysisProgress;
  finishedAt: number;
  summary?: AnalysisSummary;
  error?: string;
  snapshotId?: string;
  /** The report, encoded where it was built (report-encoding.ts). */
  report?: EncodedReport;
}

export interface AnalysisRepository {
  create(analysis: Analysis): Promise<void>;
  /** Several at once, in one transaction (a scheduler tick's due targets: one commit, not one each). */
  createMany(analyses: Analysis[]): Promise<void>;
  markRunning(id: string, startedAt: number): Promise<void>;
  updateProgress(id: string, progress: AnalysisProgress): Promise<void>;
  finish(id: string, outcome: AnalysisResult): Promise<void>;
  get(tenantId: string, id: string): Promise<Analysis | undefined>;
  report(tenantId: string, id: string): Promise<unknown | undefined>;
  list(tenantId: string, targetId: string, limit: number): Promise<Analysis[]>;
  /**
   * Analyses left queued or running by a previous process: marked interrupted.
   * With options, only running ones: started before startedBefore (a shared
   * store: other sidecars' live work is younger than the job expiry), of
   * targetId (its analysis lock was free, so whatever runs for it is dead).
   */
  interruptUnfinished(now: number, options?: { startedBefore?: number; targetId?: string }): Promise<number>;
}

export interface SnapshotRepository {
  /** Stores the fleet; the body is kept only when it differs from the latest full body (see sqlite implementation). */
  save(
    meta: Omit<SnapshotMeta, 'contentHash'>,
    fleet: FleetSnapshot,
    options: { fullEverySeconds: number }
  ): Promise<SnapshotMeta>;
  get(tenantId: string, id: string): Promise<(SnapshotMeta & { fleet: FleetSnapshot }) | undefined>;
  latest(tenantId: string, targetId: string): Promise<(SnapshotMeta & { fleet: FleetSnapshot }) | undefined>;
  list(tenantId: string, targetId: string, limit: number): Promise<SnapshotMeta[]>;
}

export interface AnomalyRepository {
  /** Open / acknowledged / false-positive anomalies of a target: what a new analysis reconciles with. */
  active(tenantId: string, targetId: string): Promise<Anomaly[]>;
  byFingerprints(tenantId: string, fingerprints: string[]): Promise<Anomaly[]>;
  /** Applies one analysis's lifecycle changes atomically. */
  apply(plan: AnomalyPlan): Promise<void>;
  get(tenantId: string, id: string): Promise<Anomaly | undefined>;
  query(tenantId: string, query: AnomalyQuery): Promise<Page<Anomaly>>;
  /**
   * Sets the status of every id with exactly one audit event each (also when
   * the status stays), atomically; changes nothing and names the first
   * unknown id if one is missing.
   */
  setStatus(
    tenantId: string,
    ids: string[],
    change: { status: AnomalyStatus; actor: string; note?: string; at: number }
  ): Promise<Anomaly[] | { missing: string }>;
  history(tenantId: string, id: string): Promise<AnomalyEvent[]>;
  /** Counts of anomalies open at each instant, by severity. */
  openAt(
    tenantId: string,
    instants: number[],
    filter?: AnomalyFilter
  ): Promise<{ time: number; critical: number; warning: number; notice: number }[]>;
  /** Open anomalies by severity, rule and target, for /metrics. */
  openCounts(): Promise<readonly OpenCount[]>;
}

export type OpenCount = { tenantId: string; targetId: string; ruleId: string; severity: string; count: number };

export interface EventRepository {
  add(event: Omit<TargetEvent, 'id'>): Promise<void>;
  list(
    tenantId: string,
    options: { from: number; to: number; targetId?: string; limit?: number }
  ): Promise<TargetEvent[]>;
}

export interface RollupRepository {
  /** Adds samples into their 5-minute buckets. */
  record(samples: RollupSample[]): Promise<void>;
  series(
    targetIds: string[],
    options: { metrics: string[]; node?: string; from: number; to: number }
  ): Promise<RollupPoint[]>;
}

export interface RuleOverrideRepository {
  list(tenantId: string): Promise<RuleOverride[]>;
  set(override: RuleOverride): Promise<void>;
}

export type RollupSample = { targetId: string; node: string; metric: string; time: number; value: number };

/** Everything one finished analysis writes (store.recordAnalysis). */
export interface AnalysisOutcome {
  analysisId: string;
  snapshot: { meta: Omit<SnapshotMeta, 'contentHash'>; fleet: StoredFleet; fullEverySeconds: number };
  events: Omit<TargetEvent, 'id'>[];
  rollups: RollupSample[];
  /** Absent when the seeds were unreachable: anomalies are never resolved on missing data. */
  anomalies?: AnomalyPlan;
  result: AnalysisResult;
  /**
   * The target's previous analysis, when this one makes its report redundant (a scheduled analysis whose
   * findings had not changed since the one before it): its report is dropped, its row and summary stay.
   */
  supersedes?: string;
}

export interface Store {
  tenants: TenantRepository;
  targets: TargetRepository;
  analyses: AnalysisRepository;
  snapshots: SnapshotRepository;
  anomalies: AnomalyRepository;
  events: EventRepository;
  rollups: RollupRepository;
  ruleOverrides: RuleOverrideRepository;
  /**
   * Writes what one analysis learned (snapshot, drift events, rollups, anomaly changes, result) in one
   * transaction: one commit instead of one per part (on SQLite each is an fsync that blocks the sidecar), and
   * after a crash either all of it is there or none (the analysis is then marked interrupted). SQLite commits
   * the outcomes recorded in one turn of the event loop together (group-commit.ts); resolved once committed.
   */
  recordAnalysis(outcome: AnalysisOutcome): Promise<void>;
  /**
   * Deletes history older than the retention; returns rows removed. With `summariesBefore`, scheduled
   * analyses whose report was dropped (the middle of a run with unchanged findings: only their summary is
   * left) go sooner, from that instant, with their snapshot rows (not the one that stored a body): a busy
   * sidecar records thousands of them an hour. With `hourlyBefore`, the 5-minute rollups of each whole hour
   * before that instant are folded into one hourly bucket (count, sum, min, max and last over the hour).
   * Works in slices: other writes and readers go on meanwhile.
   */
  prune(olderThan: number, options?: { summariesBefore?: number; hourlyBefore?: number }): Promise<number>;
  /**
   * Runs `work` while no other sidecar sharing this store runs work of the same name (start-up provisioning:
   * replicas starting together must not insert the same rows at once). One process owns an embedded store.
   */
  exclusively<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** A cheap query proving the store answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
