/**
 * Worker threads that collect and derive analyses (analysis-derivation.ts), so talking to the targets, rule
 * evaluation and report building never hold up the sidecar's main thread, which answers readers and writes the
 * store. Each thread loads the catalog from the same options as the main thread. A thread that dies fails only
 * the analyses it was running (they fail with the reason) and is started again for the next one.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { CatalogOptions } from '../rules/catalog-loader.js';
import type { FleetSnapshot } from '../collect/snapshot.js';
import { CollectError } from '../collect/errors.js';
import type { Endpoint } from '../collect/target-url.js';
import type { AnalysisHooks, AnalysisRequest, CollectedAnalysis, Analyzer } from './analysis-derivation.js';
import type { WorkerReply, WorkerRequest } from './analysis-worker.js';

interface Pending {
  hooks: AnalysisHooks;
  resolve: (analysis: CollectedAnalysis) => void;
  reject: (error: Error) => void;
}

export interface AnalysisPoolOptions {
  /** What each thread loads: the same options the main thread loaded its catalog with. */
  catalog: CatalogOptions;
  threads: number;
  /** Each thread's heap limits: a thread that exceeds them dies (and is replaced), the sidecar does not. */
  resourceLimits?: ResourceLimits;
}

/**
 * A thread's young generation, where an analysis's short-lived objects (replies, parsed facts, rule contexts)
 * live and die: at V8's default size it was most of what a thread added to the RSS. Smaller, it is collected
 * more often, in the thread's own time, not the readers'. At 5,000 targets a minute with one thread
 * (npm run bench:sidecar -- --analysis-threads 1): RSS peak 451 -> 391 MiB, one run each.
 */
const YOUNG_GENERATION_MB = 8;

/**
 * A thread's analysis, whose fleet is parsed from its JSON only if someone reads it: the runner reads only
 * `stored` and `nodes`, and parsing every fleet was main-thread work (and garbage) for nothing.
 */
function withLazyFleet(analysis: Omit<CollectedAnalysis, 'fleet'>): CollectedAnalysis {
  let fleet: FleetSnapshot | undefined;
  return Object.defineProperty({ ...analysis }, 'fleet', {
    get: () => (fleet ??= JSON.parse(analysis.stored.json) as FleetSnapshot),
    enumerable: true,
  }) as CollectedAnalysis;
}

function startWorker(options: AnalysisPoolOptions): Worker {
  // From dist/ the pool sits in a chunk beside analysis-worker.js; from the sources, tsx must be registered first.
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './analysis-worker-from-source.mjs' : './analysis-worker.js', import.meta.url);
  return new Worker(entry, {
    workerData: options.catalog,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB, ...options.resourceLimits },
  });
}

class AnalysisThread {
  private worker?: Worker;
  private nextId = 0;
  readonly pending = new Map<number, Pending>();
  private ready?: Promise<void>;
  private closing = false;

  constructor(private readonly options: AnalysisPoolOptions) {}

  /** Starts the thread if it is not running; resolves once its catalog is loaded, rejects with why it is not. */
  start(): Promise<void> {
    if (this.worker && this.ready) return this.ready;
    const worker = startWorker(this.options);
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: WorkerReply) => {
        if ('ready' in reply) {
          this.holdProcess();
          return resolve();
        }
        const pending = this.pending.get(reply.id);
        if ('guardId' in reply) return void this.guard(worker, reply.guardId, reply.endpoint, pending?.hooks);
        if ('progress' in reply) return pending?.hooks.onProgress?.(reply.progress);
        this.pending.delete(reply.id);
        this.holdProcess();
        if ('error' in reply) pending?.reject(new Error(reply.error));
        else pending?.resolve(withLazyFleet(reply.analysis));
      });
      const stopped = (error: Error) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.ready = undefined;
        const failure = new Error(`the analysis thread stopped: ${error.message}`);
        reject(failure);
        for (const p of this.pending.values()) p.reject(failure);
        this.pending.clear();
      };
      worker.on('error', stopped);
      worker.on('exit', (code) => stopped(new Error(this.closing ? 'the sidecar is closing' : `exit code ${code}`)));
    });
    // Nobody may wait on the first start (requests queue in the worker meanwhile): its failure reaches them.
    this.ready.catch(() => undefined);
    return this.ready;
  }

  /**
   * The thread keeps the process alive while it starts or analyses, not while it idles: a sidecar whose start-up
   * failed after the pool started, or that is done, still exits.
   */
  private holdProcess(): void {
    if (this.pending.size > 0) this.worker?.ref();
    else this.worker?.unref();
  }

  /**
   * The target policy's check, on this thread. What it throws goes back as it was thrown (a CollectError with its
   * code), and the thread's collector records it on the node as it would here.
   */
  private async guard(worker: Worker, guardId: number, endpoint: Endpoint, hooks?: AnalysisHooks): Promise<void> {
    let answer: WorkerRequest;
    try {
      if (!hooks?.connectGuard) throw new Error('no connection guard for this analysis');
      answer = { guardId, address: await hooks.connectGuard(endpoint) };
    } catch (error) {
      answer =
        error instanceof CollectError
          ? { guardId, failure: error.toFailure() }
          : { guardId, error: (error as Error).message ?? String(error) };
    }
    worker.postMessage(answer);
  }

  analyze(request: AnalysisRequest, hooks: AnalysisHooks): Promise<CollectedAnalysis> {
    void this.start();
    const id = this.nextId++;
    return new Promise<CollectedAnalysis>((resolve, reject) => {
      this.pending.set(id, { hooks, resolve, reject });
      this.holdProcess();
      this.worker!.postMessage({
        id,
        request,
        guarded: hooks.connectGuard !== undefined,
        progress: hooks.onProgress !== undefined,
      } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker?.terminate();
  }
}

export class AnalysisPool implements Analyzer {
  private constructor(private readonly threads: AnalysisThread[]) {}

  /** Starts `threads` threads and waits until each has loaded the catalog (a broken catalog fails here). */
  static async start(options: AnalysisPoolOptions): Promise<AnalysisPool> {
    const threads = Array.from({ length: Math.max(1, options.threads) }, () => new AnalysisThread(options));
    const pool = new AnalysisPool(threads);
    try {
      await Promise.all(threads.map((t) => t.start()));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** On the thread with the fewest analyses running. */
  analyze(request: AnalysisRequest, hooks: AnalysisHooks): Promise<CollectedAnalysis> {
    const thread = this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return thread.analyze(request, hooks);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
