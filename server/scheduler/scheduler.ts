/**
 * Runs analyses on demand and on each target's schedule: default every
 * 60 s, each target at its own point in the interval (target-phase.ts) so a
 * fleet's analyses are spread evenly over it, never two at once for one
 * target, and at most `concurrency` overall.
 */
import pLimit from 'p-limit';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import type { Analysis, Target } from '../domain/records.js';
import type { AnalysisRunner } from './analysis-runner.js';
import { nextRunAt } from './target-phase.js';

export interface SchedulerOptions {
  store: Store;
  runner: AnalysisRunner;
  logger: Logger;
  concurrency: number;
  /** How far a run may move from an interval after the last towards the target's slot, as a share of the interval. */
  maxSlotShift: number;
  tickMs: number;
  /** Targets from the API are never polled more often than this (the target policy); provisioned ones as written. */
  minApiIntervalSeconds?: number;
}

function newAnalysis(target: Target, trigger: Analysis['trigger']): Analysis {
  return {
    id: randomUUID(),
    tenantId: target.tenantId,
    targetId: target.id,
    trigger,
    status: 'queued',
    queuedAt: Date.now(),
    progress: { done: 0, found: 0 },
  };
}

export class Scheduler {
  private readonly limit;
  private readonly nextDue = new Map<string, number>();
  /**
   * The enabled targets, read from the store at start and again only after targetsChanged(): a tick
   * walks this in-memory schedule instead of re-reading thousands of rows every second.
   */
  private enabled = new Map<string, Target>();
  private stale = true;
  /** targetId -> the analysis queued or running for it. */
  private readonly inFlight = new Map<string, { analysis: Analysis; done: Promise<void> }>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private stopped = false;

  constructor(private readonly options: SchedulerOptions) {
    this.limit = pLimit(options.concurrency);
  }

  get running(): boolean {
    return this.timer !== undefined && !this.stopped;
  }

  start(): void {
    this.stopped = false;
    this.stale = true;
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
    void this.tick();
  }

  /** Stops scheduling and waits for analyses in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight.values()].map((f) => f.done));
  }

  private intervalOf(target: Target): number {
    const min = target.provisioned ? 0 : (this.options.minApiIntervalSeconds ?? 0);
    return Math.max(target.intervalSeconds, min);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      if (this.stale) await this.reload();
      const now = Date.now();
      const due: Target[] = [];
      for (const target of this.enabled.values()) {
        // A new target's first run is spread over a few seconds rather than all at once.
        if (!this.nextDue.has(target.id))
          this.nextDue.set(target.id, now + Math.random() * Math.min(this.intervalOf(target), 5) * 1000);
        if (this.nextDue.get(target.id)! <= now && !this.inFlight.has(target.id)) due.push(target);
      }
      if (due.length === 0 || this.stopped || this.stale) return;
      // The tick's analyses are created in one write (one commit), then started.
      const analyses = due.map((target) => newAnalysis(target, 'schedule'));
      const created = this.options.store.analyses.createMany(analyses);
      due.forEach((target, i) => this.launch(target, analyses[i], created));
      await created;
    } catch (error) {
      this.options.logger.error({ err: (error as Error).message }, 'scheduler tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /** Re-reads the enabled targets; targets gone since the last read leave the schedule. */
  private async reload(): Promise<void> {
    this.stale = false;
    try {
      this.enabled = new Map((await this.options.store.targets.listEnabled()).map((t) => [t.id, t]));
    } catch (error) {
      this.stale = true;
      throw error;
    }
    for (const id of this.nextDue.keys()) if (!this.enabled.has(id)) this.nextDue.delete(id);
  }

  /** A target was created, changed or removed: the next tick re-reads the schedule. */
  targetsChanged(): void {
    this.stale = true;
  }

  /** Queues an analysis; if one is already queued or running for the target, that one is returned. */
  async enqueue(target: Target, trigger: Analysis['trigger']): Promise<Analysis> {
    const existing = this.inFlight.get(target.id);
    if (existing) return existing.analysis;
    const analysis = newAnalysis(target, trigger);
    const created = this.options.store.analyses.create(analysis);
    this.launch(target, analysis, created);
    await created;
    return analysis;
  }

  /**
   * Takes the target's slot at once (a second enqueue meanwhile gets this analysis), then runs the analysis
   * within the concurrency limit once its row is written; the target is rescheduled when it ends. If the
   * write fails, the slot is freed and the caller that awaited `created` reports it.
   */
  private launch(target: Target, analysis: Analysis, created: Promise<void>): void {
    const done = (async () => {
      try {
        await created;
      } catch {
        this.inFlight.delete(target.id);
        return;
      }
      await this.limit(async () => {
        try {
          await this.options.runner.run(target, analysis);
        } finally {
          this.inFlight.delete(target.id);
          // A target removed meanwhile is not put back on the schedule.
          const current = this.enabled.get(target.id);
          if (current)
            this.nextDue.set(
              target.id,
              nextRunAt(target.id, this.intervalOf(current) * 1000, Date.now(), this.options.maxSlotShift)
            );
        }
      });
    })();
    this.inFlight.set(target.id, { analysis, done });
  }

  forget(targetId: string): void {
    this.nextDue.delete(targetId);
    this.enabled.delete(targetId);
    this.stale = true;
  }
}
