/**
 * Helpers for rule tests: analyse real processes with the built-in catalog
 * and look at one rule's results.
 */
import { loadCatalog, BUILTIN_RULES_DIR, type Catalog } from '../../rules/catalog-loader.js';
import { analyzeUrls, type FleetAnalysis } from '../../analysis/analyze-fleet.js';
import { evaluateCatalog } from '../../rules/evaluator.js';
import type { Labels } from '../../rules/evaluation-context.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { RuleResult } from '../../rules/results.js';
import type { InspectOptions } from '../../collect/inspection/inspect-options.js';
import type { AclFile } from '../../collect/acl-drift.js';

let cached: Catalog | undefined;
export function builtinCatalog(): Catalog {
  return (cached ??= loadCatalog({ dirs: [BUILTIN_RULES_DIR] }));
}

export interface CheckOptions {
  labels?: Labels;
  previous?: FleetSnapshot;
  /** Opt-in inspections (collect/inspection/). */
  inspect?: InspectOptions;
  /** The ACL file the running users are compared with (analyze --acl-file). */
  aclFile?: AclFile;
}

/** Analyses the fleet behind the URLs (discovery included) with the built-in catalog. */
export function analyze(urls: string[], options: CheckOptions = {}): Promise<FleetAnalysis> {
  // Generous time-outs: on a loaded machine a slow reply must not turn a live node into an unreachable one.
  return analyzeUrls(urls, { catalog: builtinCatalog(), connectTimeoutMs: 15000, commandTimeoutMs: 15000, ...options });
}

/** The results of one rule, from a fresh analysis of the URLs. */
export async function resultsOf(ruleId: string, urls: string[], options: CheckOptions = {}): Promise<RuleResult[]> {
  const analysis = await analyze(urls, options);
  return analysis.results.filter((r) => r.ruleId === ruleId);
}

/** The results of one rule on an existing (possibly edited, "recorded") snapshot. */
export function resultsOnSnapshot(ruleId: string, fleet: FleetSnapshot, options: CheckOptions = {}): RuleResult[] {
  return evaluateCatalog(builtinCatalog(), { fleet, ...options }).filter((r) => r.ruleId === ruleId);
}

/** Status of one rule on one target ("fired" | "passed" | "not_evaluated" | "absent"). */
export function statusOn(results: RuleResult[], target: string): string {
  const mine = results.filter((r) => r.target === target);
  if (mine.length === 0) return 'absent';
  return mine.some((r) => r.status === 'fired') ? 'fired' : mine[0].status;
}
