/**
 * A worker thread of the analysis pool: loads the catalog once, then collects and derives each analysis it
 * is sent. The target policy's check of an endpoint is asked of the main thread (which holds the policy and
 * the sidecar's own ports), and progress is told to it. A catalog that fails to load ends the thread with
 * that error, which the pool reports.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog, type CatalogOptions } from '../rules/catalog-loader.js';
import { collectAndDerive, type AnalysisRequest, type CollectedAnalysis } from './analysis-derivation.js';
import { CollectError, type CollectFailure } from '../collect/errors.js';
import type { DiscoveryProgress } from '../collect/discovery.js';
import type { Endpoint } from '../collect/target-url.js';

export type WorkerRequest =
  | { id: number; request: AnalysisRequest; guarded: boolean; progress: boolean }
  | { guardId: number; address: string }
  | { guardId: number; failure: CollectFailure }
  | { guardId: number; error: string };

export type WorkerReply =
  | { ready: true }
  | { id: number; analysis: Omit<CollectedAnalysis, 'fleet'> }
  | { id: number; error: string }
  | { id: number; progress: DiscoveryProgress }
  | { id: number; guardId: number; endpoint: Endpoint };

const port = parentPort!;
const catalog = loadCatalog(workerData as CatalogOptions);
const guards = new Map<number, { resolve: (address: string) => void; reject: (error: Error) => void }>();
let nextGuardId = 0;

const post = (reply: WorkerReply) => port.postMessage(reply);

function guardOnMainThread(id: number, endpoint: Endpoint): Promise<string> {
  const guardId = nextGuardId++;
  return new Promise((resolve, reject) => {
    guards.set(guardId, { resolve, reject });
    post({ id, guardId, endpoint });
  });
}

async function analyze(id: number, request: AnalysisRequest, guarded: boolean, progress: boolean): Promise<void> {
  try {
    const { fleet: _fleet, ...analysis } = await collectAndDerive(catalog, request, {
      ...(guarded ? { connectGuard: (endpoint: Endpoint) => guardOnMainThread(id, endpoint) } : {}),
      ...(progress ? { onProgress: (event: DiscoveryProgress) => post({ id, progress: event }) } : {}),
    });
    // The fleet goes back as its JSON only: one string to copy instead of every object of every node.
    post({ id, analysis });
  } catch (error) {
    post({ id, error: (error as Error).message });
  }
}

port.on('message', (message: WorkerRequest) => {
  if ('guardId' in message) {
    const guard = guards.get(message.guardId);
    guards.delete(message.guardId);
    if ('address' in message) guard?.resolve(message.address);
    else if ('failure' in message) guard?.reject(new CollectError(message.failure.code, message.failure.message));
    else guard?.reject(new Error(message.error));
    return;
  }
  void analyze(message.id, message.request, message.guarded, message.progress);
});
post({ ready: true });
