/**
 * What an analysis derives from the fleet it collected: rule results, the report, configuration changes and
 * metric samples. With the collection before it (the target's sockets, parsing its replies) this is most of an
 * analysis's CPU and needs nothing but the target, so the sidecar can run both on worker threads
 * (analysis-pool.ts) while its main thread serves readers and writes the store.
 */
import type { FleetSnapshot, NodeSnapshot } from '../collect/snapshot.js';
import type { Endpoint, TargetSpec } from '../collect/target-url.js';
import type { DiscoveryProgress } from '../collect/discovery.js';
import type { ConfigChange, RuleOverride } from '../domain/records.js';
import type { Catalog } from '../rules/catalog-loader.js';
import { withOverrides } from '../rules/catalog-overrides.js';
import { evaluateCatalog } from '../rules/evaluator.js';
import type { Labels } from '../rules/evaluation-context.js';
import type { RuleResult } from '../rules/results.js';
import { buildReport } from './analysis-report.js';
import { encodeReport, type EncodedReport } from '../store/report-encoding.js';
import { storedFleet, type StoredFleet } from '../store/stored-fleet.js';
import { packFleet, unpackFleet, type PackedFleet } from './packed-fleet.js';
import { configChanges } from './config-drift.js';
import { metricSamples, type MetricSample } from './history-metrics.js';
import { collectTargets, type CollectOptions, type FleetCollection } from './analyze-fleet.js';

export interface DerivationRequest {
  /** The fleet just collected. */
  fleet: FleetSnapshot;
  /** The target's previous fleet, packed as the runner keeps thousands of them. */
  previous?: PackedFleet;
  labels: Labels;
  /** The tenant's rule overrides (disabled rules, severities, params). */
  overrides: RuleOverride[];
}

export interface Derivation {
  results: RuleResult[];
  /** As the store keeps it: the main thread writes it without decoding it. */
  report: EncodedReport;
  /** What the report says, without the live values in its messages: equal keys mean the same findings. */
  findingsKey: string;
  changes: ConfigChange[];
  samples: MetricSample[];
}

/** Derives on the calling thread; also what a worker thread runs for each request. */
export function deriveAnalysis(catalog: Catalog, request: DerivationRequest): Derivation {
  const { fleet } = request;
  const previous = request.previous ? unpackFleet(request.previous) : undefined;
  const results = evaluateCatalog(withOverrides(catalog, request.overrides), {
    fleet,
    labels: request.labels,
    previous,
  });
  const report = buildReport(fleet, results);
  return {
    results,
    report: encodeReport(report),
    findingsKey: JSON.stringify(
      report.findings.map((f) => [f.ruleId, f.target, f.subject ?? '', f.severity, f.status])
    ),
    changes: previous ? configChanges(previous, fleet) : [],
    samples: metricSamples(fleet, previous),
  };
}

/** One analysis from its collection on: data only, so a worker thread can be handed it. */
export interface AnalysisRequest extends Omit<DerivationRequest, 'fleet'> {
  targets: TargetSpec[];
  collect: Omit<CollectOptions, 'connectGuard' | 'onProgress'>;
}

/** What the caller keeps on its own thread: the target policy's check and live progress. */
export interface AnalysisHooks {
  connectGuard?: (endpoint: Endpoint) => Promise<string>;
  onProgress?: (event: DiscoveryProgress) => void;
}

/** A node as the runner reports it (reachability metrics, an analysis's summary and error). */
export type NodeOutcome = Pick<NodeSnapshot, 'address' | 'reachable' | 'error'>;

export interface CollectedAnalysis extends FleetCollection {
  /**
   * The fleet as the store keeps it. With `packed` and `nodes`, all the runner reads of the fleet: from a worker
   * thread, `fleet` is parsed only if read.
   */
  stored: StoredFleet;
  /** The fleet as the runner keeps it for the target's next analysis. */
  packed: PackedFleet;
  nodes: NodeOutcome[];
  derivation: Derivation;
}

/**
 * Collects the targets, then derives from what was collected. `beforeDerive` lets a caller on a busy thread
 * hand the event loop back first (the runner's LoopTurns).
 */
export async function collectAndDerive(
  catalog: Catalog,
  { targets, collect, ...derivation }: AnalysisRequest,
  hooks: AnalysisHooks,
  beforeDerive?: () => Promise<void>
): Promise<CollectedAnalysis> {
  const { fleet, seedsReachable } = await collectTargets(targets, { ...collect, ...hooks });
  await beforeDerive?.();
  const stored = storedFleet(fleet);
  return {
    fleet,
    seedsReachable,
    stored,
    packed: packFleet(stored.json),
    nodes: fleet.nodes.map(({ address, reachable, error }) => ({ address, reachable, ...(error ? { error } : {}) })),
    derivation: deriveAnalysis(catalog, { ...derivation, fleet }),
  };
}

/** Where analyses are collected and derived: on this thread (tests) or on worker threads (the sidecar). */
export interface Analyzer {
  analyze(request: AnalysisRequest, hooks: AnalysisHooks): Promise<CollectedAnalysis>;
  close(): Promise<void>;
}

export function inThreadAnalyzer(catalog: Catalog, beforeDerive?: () => Promise<void>): Analyzer {
  return {
    analyze: (request, hooks) => collectAndDerive(catalog, request, hooks, beforeDerive),
    close: async () => undefined,
  };
}
