/**
 * Worker threads that derive analyses (analysis-derivation.ts), so rule evaluation and report building never
 * hold up the sidecar's main thread, which answers readers and writes the store. Each thread loads the catalog
 * from the same options as the main thread. A thread that dies fails only the derivations it was running
 * (their analyses fail with the reason) and is started again for the next one.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { CatalogOptions } from '../rules/catalog-loader.js';
import type { Derivation, DerivationRequest, Deriver } from './analysis-derivation.js';
import type { WorkerReply, WorkerRequest } from './derivation-worker.js';

interface Pending {
  resolve: (derivation: Derivation) => void;
  reject: (error: Error) => void;
}

export interface DerivationPoolOptions {
  /** What each thread loads: the same options the main thread loaded its catalog with. */
  catalog: CatalogOptions;
  threads: number;
  /** Each thread's heap limits: a thread that exceeds them dies (and is replaced), the sidecar does not. */
  resourceLimits?: ResourceLimits;
}

function startWorker(options: DerivationPoolOptions): Worker {
  // From dist/ the pool sits in a chunk beside derivation-worker.js; from the sources, tsx must be registered first.
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(fromSource ? './derivation-worker-from-source.mjs' : './derivation-worker.js', import.meta.url);
  return new Worker(entry, {
    workerData: options.catalog,
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  });
}

class DerivationThread {
  private worker?: Worker;
  private nextId = 0;
  readonly pending = new Map<number, Pending>();
  private ready?: Promise<void>;
  private closing = false;

  constructor(private readonly options: DerivationPoolOptions) {}

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
        this.pending.delete(reply.id);
        this.holdProcess();
        if ('error' in reply) pending?.reject(new Error(reply.error));
        else pending?.resolve(reply.derivation);
      });
      const stopped = (error: Error) => {
        if (this.worker !== worker) return;
        this.worker = undefined;
        this.ready = undefined;
        const failure = new Error(`the rule evaluation thread stopped: ${error.message}`);
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
   * The thread keeps the process alive while it starts or derives, not while it idles: a sidecar whose start-up
   * failed after the pool started, or that is done, still exits.
   */
  private holdProcess(): void {
    if (this.pending.size > 0) this.worker?.ref();
    else this.worker?.unref();
  }

  derive(request: DerivationRequest): Promise<Derivation> {
    void this.start();
    const id = this.nextId++;
    return new Promise<Derivation>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.holdProcess();
      this.worker!.postMessage({ id, request } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker?.terminate();
  }
}

export class DerivationPool implements Deriver {
  private constructor(private readonly threads: DerivationThread[]) {}

  /** Starts `threads` threads and waits until each has loaded the catalog (a broken catalog fails here). */
  static async start(options: DerivationPoolOptions): Promise<DerivationPool> {
    const threads = Array.from({ length: Math.max(1, options.threads) }, () => new DerivationThread(options));
    const pool = new DerivationPool(threads);
    try {
      await Promise.all(threads.map((t) => t.start()));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  /** On the thread with the fewest derivations waiting. */
  derive(request: DerivationRequest): Promise<Derivation> {
    const thread = this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    return thread.derive(request);
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
