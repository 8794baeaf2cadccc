/**
 * What an analysis derives from the fleet it collected: rule results, the report, configuration changes and
 * metric samples. Pure CPU work with no I/O, so the sidecar runs it on worker threads (derivation-pool.ts)
 * while its main thread serves readers and writes the store.
 */
import type { FleetSnapshot } from '../collect/snapshot.js';
import type { ConfigChange, RuleOverride } from '../domain/records.js';
import type { Catalog } from '../rules/catalog-loader.js';
import { withOverrides } from '../rules/catalog-overrides.js';
import { evaluateCatalog } from '../rules/evaluator.js';
import type { Labels } from '../rules/evaluation-context.js';
import type { RuleResult } from '../rules/results.js';
import { buildReport, type AnalysisReport } from './analysis-report.js';
import { configChanges } from './config-drift.js';
import { metricSamples, type MetricSample } from './history-metrics.js';

export interface DerivationRequest {
  /** The fleet just collected. */
  fleet: FleetSnapshot;
  /** The target's previous fleet, as JSON: the runner keeps thousands of them, several times smaller so. */
  previousJson?: string;
  labels: Labels;
  /** The tenant's rule overrides (disabled rules, severities, params). */
  overrides: RuleOverride[];
}

export interface Derivation {
  results: RuleResult[];
  report: AnalysisReport;
  /** What the report says, without the live values in its messages: equal keys mean the same findings. */
  findingsKey: string;
  changes: ConfigChange[];
  samples: MetricSample[];
}

/** Derives on the calling thread; also what a worker thread runs for each request. */
export function deriveAnalysis(catalog: Catalog, request: DerivationRequest): Derivation {
  const { fleet } = request;
  const previous = request.previousJson ? (JSON.parse(request.previousJson) as FleetSnapshot) : undefined;
  const results = evaluateCatalog(withOverrides(catalog, request.overrides), {
    fleet,
    labels: request.labels,
    previous,
  });
  const report = buildReport(fleet, results);
  return {
    results,
    report,
    findingsKey: JSON.stringify(
      report.findings.map((f) => [f.ruleId, f.target, f.subject ?? '', f.severity, f.status])
    ),
    changes: previous ? configChanges(previous, fleet) : [],
    samples: metricSamples(fleet, previous),
  };
}

/** Where derivations run: on this thread (CLI, tests) or on worker threads (the sidecar). */
export interface Deriver {
  derive(request: DerivationRequest): Promise<Derivation>;
  close(): Promise<void>;
}

export function inThreadDeriver(catalog: Catalog): Deriver {
  return {
    derive: async (request) => deriveAnalysis(catalog, request),
    close: async () => undefined,
  };
}
