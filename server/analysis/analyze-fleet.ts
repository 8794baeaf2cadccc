/** collect -> snapshot -> rules -> results, for one set of seed targets. */
import { discoverFleet, DEFAULT_DISCOVERY, type DiscoveryProgress } from '../collect/discovery.js';
import { DEFAULT_COLLECT_OPTIONS } from '../collect/node-collector.js';
import { formatEndpoint, parseTargetUrl, type Endpoint, type TargetSpec } from '../collect/target-url.js';
import type { FleetSnapshot } from '../collect/snapshot.js';
import type { Catalog } from '../rules/catalog-loader.js';
import { evaluateCatalog } from '../rules/evaluator.js';
import type { Labels } from '../rules/evaluation-context.js';
import type { RuleResult } from '../rules/results.js';

export interface AnalyzeOptions {
  catalog: Catalog;
  labels?: Labels;
  previous?: FleetSnapshot;
  concurrency?: number;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Refuses endpoints (seeds and discovered nodes) before anything is sent to them. */
  connectGuard?: (endpoint: Endpoint) => Promise<string>;
  onProgress?: (event: DiscoveryProgress) => void;
}

export interface FleetAnalysis {
  fleet: FleetSnapshot;
  results: RuleResult[];
  /** Whether at least one seed endpoint of every target could be analysed. */
  seedsReachable: boolean;
}

export async function analyzeTargets(targets: TargetSpec[], options: AnalyzeOptions): Promise<FleetAnalysis> {
  const fleet = await discoverFleet(targets, {
    ...DEFAULT_COLLECT_OPTIONS,
    ...DEFAULT_DISCOVERY,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    onProgress: options.onProgress,
    ...(options.connectGuard ? { connectGuard: options.connectGuard } : {}),
  });
  const results = evaluateCatalog(options.catalog, { fleet, labels: options.labels, previous: options.previous });
  const reachable = new Set(fleet.nodes.filter((n) => n.reachable).map((n) => n.address));
  const seedsReachable = targets.every((t) => t.endpoints.some((e) => reachable.has(formatEndpoint(e))));
  return { fleet, results, seedsReachable };
}

export function analyzeUrls(urls: string[], options: AnalyzeOptions): Promise<FleetAnalysis> {
  return analyzeTargets(urls.map(parseTargetUrl), options);
}
