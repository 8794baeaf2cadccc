/**
 * Scheduling across several sidecars sharing one PostgreSQL database, on
 * pg-boss rather than hand-made leasing:
 *
 * - every sidecar offers each enabled target's job once per interval with
 *   singletonKey = target and singletonSeconds = interval: pg-boss's unique
 *   index keeps exactly one job per target per interval slot, whoever offers;
 * - a job starts after a random delay within the jitter, so targets do not
 *   poll in lockstep; any sidecar's worker may take it (SKIP LOCKED);
 * - a job whose sidecar died stays active until it expires (expireSeconds),
 *   then pg-boss's maintenance, run by any live sidecar, hands it to another
 *   as a retry;
 * - a target's analysis runs under an advisory lock held on a connection:
 *   never two at once for one target on any sidecar, and the analysis a dead
 *   sidecar left running is marked interrupted by the next one to get the lock;
 * - "analyse now" from any replica is a job on the same queue.
 */
import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import type { Analysis, Target } from '../domain/records.js';
import type { AnalysisRunner } from './analysis-runner.js';
import type { AnalysisScheduler } from './analysis-scheduler.js';
import './pg-boss-completion.js';

export const ANALYSIS_QUEUE = 'redislens-analysis';
/** A 64-bit advisory lock key from the text in $1. */
const LOCK_KEY = `('x' || substr(md5($1), 1, 16))::bit(64)::bigint`;

export interface QueuedSchedulerOptions {
  store: Store;
  runner: AnalysisRunner;
  logger: Logger;
  /** The PostgreSQL URL of the shared store; pg-boss keeps its tables in schema `redislens_jobs` there. */
  url: string;
  /** Analyses this sidecar runs at once. */
  concurrency: number;
  jitterRatio: number;
  tickMs: number;
  minApiIntervalSeconds?: number;
  /** An analysis running longer than this is taken for dead: its job goes to another sidecar. */
  expireSeconds: number;
  /** How often idle workers ask for a job. */
  pollSeconds: number;
}

export interface AnalysisJob {
  tenantId: string;
  targetId: string;
  trigger: Analysis['trigger'];
  intervalSeconds: number;
  jitterSeconds: number;
  /** Set by "analyse now": the queued analysis the API already returned. */
  analysisId?: string;
}

export class QueuedScheduler implements AnalysisScheduler {
  private readonly boss: PgBoss;
  /** Connections holding targets' analysis locks, one per analysis in flight. */
  private readonly locks: pg.Pool;
  /** targetId -> the interval slot this sidecar last offered a job for (saves offers the index would refuse). */
  private readonly offered = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private ticking = false;
  private started = false;
  private stopped = false;

  constructor(private readonly options: QueuedSchedulerOptions) {
    this.boss = new PgBoss({
      connectionString: options.url,
      schema: 'redislens_jobs',
      application_name: 'redislens-jobs',
      max: Math.max(4, options.concurrency + 2),
      // Expiry is checked by maintenance: often enough that a dead sidecar's job moves on soon after it expires.
      maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(options.expireSeconds / 2))),
      schedule: false,
    });
    this.locks = new pg.Pool({
      connectionString: options.url,
      max: options.concurrency,
      application_name: 'redislens-locks',
    });
    this.locks.on('error', () => undefined);
    // A lock connection sits idle while its analysis runs: without a listener of its own, its end in a
    // PostgreSQL restart would be an uncaught error that ends the sidecar. The pool drops it on release.
    this.locks.on('connect', (client) => client.on('error', () => undefined));
    this.boss.on('error', (error) => options.logger.error({ err: error.message }, 'job queue error'));
  }

  get running(): boolean {
    return this.started && !this.stopped;
  }

  async start(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(ANALYSIS_QUEUE, {
      name: ANALYSIS_QUEUE,
      policy: 'standard',
      expireInSeconds: this.options.expireSeconds,
      retryLimit: 2,
      retryDelay: 0,
    });
    for (let i = 0; i < this.options.concurrency; i++) {
      const worker: { id?: string } = {};
      worker.id = await this.boss.work<AnalysisJob>(
        ANALYSIS_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: this.options.pollSeconds, includeMetadata: true },
        async ([job]) => {
          // pg-boss waits the polling interval after every fetch, also one that found a job: that caps a sidecar
          // at concurrency / pollSeconds analyses a second. A worker whose job waited longer than a poll (the
          // queue is behind) asks for the next at once. One whose job was fresh keeps to the interval, like the
          // other sidecars' workers: asking at once there took every job from a sidecar that joined.
          const waitedMs = Date.now() - new Date(job.startAfter).getTime();
          if (worker.id && waitedMs > this.options.pollSeconds * 1000) this.boss.notifyWorker(worker.id);
          return this.runJob(job.data, job.retryCount === 0 ? job.id : undefined);
        }
      );
    }
    this.started = true;
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    // Graceful: analyses in flight finish; their jobs complete before the pool closes.
    const stopped = new Promise<void>((resolve) => this.boss.once('stopped', () => resolve()));
    await this.boss.stop({ graceful: true, wait: false, timeout: 60_000 });
    if (this.started) await stopped;
    await this.locks.end();
  }

  private intervalOf(target: Target): number {
    const min = target.provisioned ? 0 : (this.options.minApiIntervalSeconds ?? 0);
    return Math.max(target.intervalSeconds, min);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const now = Date.now();
      const jobs: PgBoss.JobInsert<AnalysisJob>[] = [];
      for (const target of await this.options.store.targets.listEnabled()) {
        const interval = this.intervalOf(target);
        const slot = Math.floor(now / 1000 / interval);
        if (this.offered.get(target.id) === slot) continue;
        this.offered.set(target.id, slot);
        const jitterSeconds = interval * this.options.jitterRatio;
        jobs.push({
          name: ANALYSIS_QUEUE,
          data: {
            tenantId: target.tenantId,
            targetId: target.id,
            trigger: 'schedule',
            intervalSeconds: interval,
            jitterSeconds,
          },
          singletonKey: target.id,
          singletonSeconds: interval,
          startAfter: new Date(now + Math.random() * jitterSeconds * 1000),
        });
      }
      // One statement for every due target; offers for a slot already taken are dropped by pg-boss's unique index.
      if (jobs.length > 0) await this.boss.insert(jobs);
    } catch (error) {
      this.offered.clear();
      this.options.logger.error({ err: (error as Error).message }, 'scheduler tick failed');
    } finally {
      this.ticking = false;
    }
  }

  /** firstRunId: a job's first run is named after the job, so each analysis traces to its interval slot. */
  private async runJob(job: AnalysisJob, firstRunId?: string): Promise<{ skipped: string } | void> {
    const { store, runner, logger } = this.options;
    // The target's analysis lock, held on its own connection for the whole run: never two analyses of one
    // target at once on any sidecar (a late job meeting a slow one, a retry of a job that only looked dead).
    // A sidecar that dies loses its connection and so the lock.
    const lock = await this.locks.connect();
    const key = [`redislens-analysis:${job.targetId}`];
    try {
      if (job.trigger === 'manual') await lock.query(`SELECT pg_advisory_lock(${LOCK_KEY})`, key);
      else if (!(await lock.query(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS got`, key)).rows[0].got) {
        logger.info({ target: job.targetId }, 'target already being analysed elsewhere: this slot is covered');
        // Kept as the job's output: why this job ran no analysis.
        return { skipped: 'the target was being analysed by another job' };
      }
      try {
        const target = await store.targets.get(job.tenantId, job.targetId);
        if (!target || (job.trigger === 'schedule' && !target.enabled)) return;
        // The lock was free: an analysis still marked running for this target lost its sidecar.
        const interrupted = await store.analyses.interruptUnfinished(Date.now(), { targetId: target.id });
        if (interrupted) logger.warn({ target: target.name, interrupted }, 'marked an analysis of a stopped sidecar');
        const queued = job.analysisId ? await store.analyses.get(job.tenantId, job.analysisId) : undefined;
        const analysis =
          queued?.status === 'queued' ? queued : await this.createAnalysis(target, job.trigger, Date.now(), firstRunId);
        await runner.run(target, analysis);
      } finally {
        await lock.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`, key).catch(() => undefined);
      }
    } finally {
      lock.release();
    }
  }

  private async createAnalysis(
    target: Target,
    trigger: Analysis['trigger'],
    queuedAt: number,
    id: string = randomUUID()
  ): Promise<Analysis> {
    const analysis: Analysis = {
      id,
      tenantId: target.tenantId,
      targetId: target.id,
      trigger,
      status: 'queued',
      queuedAt,
      progress: { done: 0, found: 0 },
    };
    await this.options.store.analyses.create(analysis);
    return analysis;
  }

  async enqueue(target: Target, trigger: Analysis['trigger']): Promise<Analysis> {
    const recent = await this.options.store.analyses.list(target.tenantId, target.id, 5);
    const pending = recent.find((a) => a.status === 'queued' || a.status === 'running');
    if (pending) return pending;
    const analysis = await this.createAnalysis(target, trigger, Date.now());
    const interval = this.intervalOf(target);
    await this.boss.send(ANALYSIS_QUEUE, {
      tenantId: target.tenantId,
      targetId: target.id,
      trigger,
      intervalSeconds: interval,
      jitterSeconds: 0,
      analysisId: analysis.id,
    } satisfies AnalysisJob);
    return analysis;
  }

  forget(targetId: string): void {
    this.offered.delete(targetId);
  }
}
