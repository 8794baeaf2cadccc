/** collect -> snapshot -> rules -> results, for one set of seed targets. */
import { discoverFleet, DEFAULT_DISCOVERY, type DiscoveryProgress } from '../collect/discovery.js';
import { DEFAULT_COLLECT_OPTIONS } from '../collect/node-collector.js';
import { formatEndpoint, parseTargetUrl, type Endpoint, type TargetSpec } from '../collect/target-url.js';
import type { FleetSnapshot } from '../collect/snapshot.js';
import type { Catalog } from '../rules/catalog-loader.js';
import { evaluateCatalog } from '../rules/evaluator.js';
import type { Labels } from '../rules/evaluation-context.js';
import type { RuleResult } from '../rules/results.js';
import { inspectFleet } from '../collect/inspection/inspect-fleet.js';
import { enabledFeatures, type InspectOptions } from '../collect/inspection/inspect-options.js';
import { keyNameHmacKey } from '../collect/inspection/key-names.js';
import type { AclFile } from '../collect/acl-drift.js';

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
  /** Opt-in inspections for these targets (off when absent). */
  inspect?: InspectOptions;
  /** HMAC key for key names (collect/inspection/key-names.ts); a random one per call when absent. */
  keyNameKey?: Buffer;
  /** The ACL file every Redis node's users are compared with (collect/acl-drift.ts). */
  aclFile?: AclFile;
}

export interface FleetCollection {
  fleet: FleetSnapshot;
  /** Whether at least one seed endpoint of every target could be analysed. */
  seedsReachable: boolean;
}

export interface FleetAnalysis extends FleetCollection {
  results: RuleResult[];
}

export type CollectOptions = Omit<AnalyzeOptions, 'catalog' | 'labels' | 'previous'>;

/** collect -> snapshot: discovery, then the opt-in inspections. */
export async function collectTargets(targets: TargetSpec[], options: CollectOptions): Promise<FleetCollection> {
  const collect = {
    ...DEFAULT_COLLECT_OPTIONS,
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    ...(options.connectGuard ? { connectGuard: options.connectGuard } : {}),
    ...(options.aclFile ? { aclFile: options.aclFile } : {}),
  };
  const targetOf = new Map<string, TargetSpec>();
  const fleet = await discoverFleet(targets, {
    ...collect,
    ...DEFAULT_DISCOVERY,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    onProgress: options.onProgress,
    onNode: (node, target) => targetOf.set(node.address, target),
  });
  if (enabledFeatures(options.inspect).length > 0) {
    await inspectFleet(fleet, {
      ...collect,
      inspect: options.inspect!,
      hmacKey: options.keyNameKey ?? keyNameHmacKey(undefined),
      targetOf: (address) => targetOf.get(address),
    });
  }
  const reachable = new Set(fleet.nodes.filter((n) => n.reachable).map((n) => n.address));
  const seedsReachable = targets.every((t) => t.endpoints.some((e) => reachable.has(formatEndpoint(e))));
  return { fleet, seedsReachable };
}

export async function analyzeTargets(targets: TargetSpec[], options: AnalyzeOptions): Promise<FleetAnalysis> {
  const { fleet, seedsReachable } = await collectTargets(targets, options);
  const results = evaluateCatalog(options.catalog, { fleet, labels: options.labels, previous: options.previous });
  return { fleet, results, seedsReachable };
}

export function analyzeUrls(urls: string[], options: AnalyzeOptions): Promise<FleetAnalysis> {
  return analyzeTargets(urls.map(parseTargetUrl), options);
}
