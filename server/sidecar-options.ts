/** What `serve` and `demo` configure, apart from the sidecar itself so the CLI can show defaults without loading it. */
import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import type { TargetPolicyOptions } from './targets/target-policy.js';

export interface SidecarOptions {
  listen: string;
  /** Grafana backend plugin protocol (gRPC); see server/grafana. */
  grpcListen?: string;
  dataDir: string;
  /**
   * postgres://... selects the shared PostgreSQL store and the job queue, so several sidecars can
   * share the work; otherwise the SQLite store in dataDir and the in-process scheduler.
   */
  store?: string;
  /** PostgreSQL mode: an analysis running longer is taken for dead and its job retried by another sidecar. */
  jobExpireSeconds?: number;
  /** PostgreSQL mode: how often an idle sidecar asks the queue for work. */
  jobPollSeconds?: number;
  provisionDir?: string;
  rulesDirs?: string[];
  secretKey?: string;
  retentionDays: number;
  concurrency: number;
  /**
   * Worker threads that collect the targets, evaluate the rules and build reports (analysis/analysis-pool.ts);
   * 0 keeps all of it on the main thread. Default: one on a machine with more than one core.
   */
  analysisThreads: number;
  tickMs: number;
  /**
   * A share of the interval: how far a target's run may move towards its slot in it (scheduler/target-phase.ts);
   * on PostgreSQL, the window after the slot's start in which its job starts.
   */
  maxSlotShift: number;
  fullSnapshotEverySeconds: number;
  timeoutMs: number;
  logger?: Logger;
  /** Where API-registered targets may point, how often, how many (defaults: DEFAULT_TARGET_POLICY). */
  targetPolicy?: Partial<TargetPolicyOptions>;
  /** Secret references ($__env{}/$__file{}) tenants may use through the API: patterns, default none. */
  secretRefAllow?: string[];
  /** When set, /metrics requires this bearer token. */
  metricsToken?: string;
}

export const DEFAULT_SIDECAR_OPTIONS: Omit<SidecarOptions, 'dataDir'> = {
  listen: '127.0.0.1:8080',
  retentionDays: 30,
  concurrency: 8,
  // Without a thread the sidecar uses one core at most: at 5,000 targets a minute on two cores (npm run
  // bench:sidecar) it fell behind (lag p99 17 s) with 23% of the machine idle; with one it kept up (2.4 s).
  analysisThreads: availableParallelism() > 1 ? 1 : 0,
  tickMs: 1000,
  maxSlotShift: 0.1,
  fullSnapshotEverySeconds: 3600,
  timeoutMs: 5000,
};
