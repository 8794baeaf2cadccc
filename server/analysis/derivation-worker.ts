/**
 * A worker thread of the derivation pool: loads the catalog once, then derives each analysis it is sent.
 * A catalog that fails to load ends the thread with that error, which the pool reports.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog, type CatalogOptions } from '../rules/catalog-loader.js';
import { deriveAnalysis, type DerivationRequest } from './analysis-derivation.js';

export type WorkerRequest = { id: number; request: DerivationRequest };
export type WorkerReply =
  { ready: true } | { id: number; derivation: ReturnType<typeof deriveAnalysis> } | { id: number; error: string };

const port = parentPort!;
const catalog = loadCatalog(workerData as CatalogOptions);
port.on('message', ({ id, request }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id, derivation: deriveAnalysis(catalog, request) };
  } catch (error) {
    reply = { id, error: (error as Error).message };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true } satisfies WorkerReply);
