/**
 * What the sidecar and the write service need of a scheduler: the in-process
 * one (scheduler.ts, single node) and the PostgreSQL job queue
 * (queued-scheduler.ts, several sidecars sharing one database).
 */
import type { Analysis, Target } from '../domain/records.js';

export interface AnalysisScheduler {
  readonly running: boolean;
  start(): void | Promise<void>;
  /** Stops scheduling and waits for this sidecar's analyses in flight. */
  stop(): Promise<void>;
  /** Queues an analysis; if one is already queued or running for the target, that one is returned. */
  enqueue(target: Target, trigger: Analysis['trigger']): Promise<Analysis>;
  forget(targetId: string): void;
  /** Targets were created, changed or removed; a scheduler that keeps them in memory re-reads them. */
  targetsChanged?(): void;
}
