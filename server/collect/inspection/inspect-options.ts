/**
 * The opt-in inspections of one target: everything RedisLens reads beyond INFO, CONFIG and the topology.
 * All are off unless the operator names them for the target; each widens the allow-list (allow-list.ts)
 * by its own commands only, for that target's connections only.
 */

export const INSPECT_FEATURES = ['clients', 'keyspace', 'slowlog', 'streams', 'functions'] as const;
export type InspectFeature = (typeof INSPECT_FEATURES)[number];

export interface KeyspaceSampling {
  enabled: boolean;
  /** Keys looked at per node and analysis, at most. */
  maxKeys: number;
  /** Wall time the sampling of one node may take; it stops at the first page past it. */
  timeBudgetMs: number;
  /** A master above this instantaneous_ops_per_sec is never sampled; 0 means never sample a master. */
  opsCeiling: number;
  /** Show key prefixes (up to the first delimiter) in clear; otherwise they are HMAC-hashed like key names. */
  showPrefixes: boolean;
}

export interface InspectOptions {
  clients?: boolean;
  keyspace?: Pick<KeyspaceSampling, 'enabled'> & Partial<KeyspaceSampling>;
  slowlog?: boolean;
  streams?: boolean;
  functions?: boolean;
}

export const KEYSPACE_DEFAULTS: KeyspaceSampling = {
  enabled: false,
  maxKeys: 10_000,
  timeBudgetMs: 2_000,
  opsCeiling: 1_000,
  showPrefixes: false,
};

export function keyspaceSampling(options: InspectOptions | undefined): KeyspaceSampling {
  return { ...KEYSPACE_DEFAULTS, ...options?.keyspace };
}

/** The features a target enabled, in a fixed order. */
export function enabledFeatures(options: InspectOptions | undefined): InspectFeature[] {
  if (!options) return [];
  return INSPECT_FEATURES.filter((f) => (f === 'keyspace' ? keyspaceSampling(options).enabled : options[f] === true));
}
