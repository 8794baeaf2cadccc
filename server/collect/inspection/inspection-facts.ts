/**
 * What the opt-in inspections add to a node's snapshot. Only metadata: no value, no command argument, and
 * key names only as HMAC hashes (or, when the operator opted in, their prefix up to the first delimiter).
 */
import type { CollectFailure } from '../errors.js';
import type { InspectFeature } from './inspect-options.js';

/** One CLIENT LIST entry, cut to what the rules need: everything else Redis reports is dropped. */
export interface ClientEntry {
  addr: string;
  name: string;
  idle: number;
  /** CLIENT LIST flags, e.g. "N" (normal), "P" (pub/sub), "S" (replica), "M" (master). */
  flags: string;
  /** Output buffer: bytes in use (omem), fixed buffer position (obl), list entries (oll). */
  omem: number;
  obl: number;
  oll: number;
  /** The last command's name only (e.g. "client|list"): Redis shows no argument here. */
  cmd: string;
}

/** One SLOWLOG entry with every argument dropped: the command name, how long, how many arguments. */
export interface SlowlogEntry {
  id: number;
  at: number;
  durationUs: number;
  command: string;
  argCount: number;
}

/** A figure estimated from a sample, with what it rests on. */
export interface Estimate {
  value: number;
  /** Keys the figure was computed from. */
  sampled: number;
  /** Half-width of the 95% interval, same unit as value (Wilson interval for shares). */
  margin: number;
}

export interface SampledKey {
  /** The database (SELECT index) it lives in. */
  db: number;
  /** HMAC-SHA256 of the key name under the install's key, hex (first 16 characters). */
  key: string;
  prefix: string;
  type: string;
  encoding: string;
  bytes: number;
  /** Elements (fields, members, entries); -1 for strings. */
  length: number;
  /** Milliseconds to live; -1 without TTL. */
  ttlMs: number;
}

export interface TypeSummary {
  type: string;
  keys: number;
  bytes: number;
  /** Keys in a non-compact encoding (hashtable, quicklist, skiplist...). */
  nonCompact: number;
  /** Of those, keys whose element count is within the *-max-listpack-entries limit: a long value converted them. */
  nonCompactWithinEntries: number;
  /** The compact limit from CONFIG (entries), when the type has one. */
  maxCompactEntries?: number;
}

export interface PrefixSummary {
  /** The prefix in clear when showPrefixes is on, else its HMAC hash; "(none)" for keys without a delimiter. */
  prefix: string;
  keys: number;
  bytes: number;
  /** Sampled keys of this prefix without a TTL. */
  noTtl: number;
  /** Share of this prefix's keys without a TTL, as an estimate. */
  noTtlShare: Estimate;
  /** Share of the sampled memory, as an estimate. */
  memoryShare: Estimate;
}

export interface KeyspaceSample {
  /** Keys in every database (INFO keyspace) when the sampling started. */
  totalKeys: number;
  /** Per database: its keys, how many were sampled, and why it was not (SELECT denied by ACL, say). */
  databases: { db: number; keys: number; sampled: number; skipped?: string }[];
  sampled: number;
  /** Whether SCAN went round the whole key space. */
  complete: boolean;
  stoppedBy: 'complete' | 'max_keys' | 'time_budget';
  elapsedMs: number;
  sampledBytes: number;
  /** Share of keys without a TTL. */
  noTtlShare: Estimate;
  /** Estimated memory of all keys: mean sampled size x totalKeys. */
  estimatedBytes: Estimate;
  byType: TypeSummary[];
  /** The largest keys sampled, largest first (at most 10). */
  bigKeys: SampledKey[];
  /** Prefixes by sampled memory, largest first (at most 10). */
  prefixes: PrefixSummary[];
  prefixesInClear: boolean;
}

export interface StreamFacts {
  db: number;
  key: string;
  length: number;
  groups: {
    name: string;
    consumers: number;
    pending: number;
    /** Entries not yet delivered to the group (Redis 7.0+), null when Redis cannot tell. */
    lag: number | null;
    /** The group's consumers that hold pending entries (no names): how many each holds and how long idle. */
    pendingConsumers: { pending: number; idleMs: number }[];
  }[];
}

/** The slow log per command name: how often, how long. */
export interface SlowCommand {
  command: string;
  count: number;
  maxUs: number;
  totalUs: number;
  maxArgs: number;
}

/** One library of FUNCTION LIST (never WITHCODE): library and function names with flags; no code, no description. */
export interface FunctionLibrary {
  name: string;
  engine: string;
  functions: { name: string; flags: string[] }[];
}

/** FUNCTION STATS (7.0+): the function running now, its arguments dropped at the edge, and counts per engine. */
export interface FunctionStats {
  running?: { name: string; command: string; argCount: number; durationMs: number };
  engines: Record<string, { libraries: number; functions: number }>;
}

export interface NodeInspection {
  /** CLIENT LIST, largest output buffers first, at most 5000 (clientsTotal says how many there were). */
  clients?: ClientEntry[];
  clientsTotal?: number;
  slowlog?: SlowlogEntry[];
  /** The slow log grouped by command, most total time first. */
  slowCommands?: SlowCommand[];
  keyspace?: KeyspaceSample;
  /** Why the key space of this node was not sampled (e.g. a busy master), when it was not. */
  keyspaceSkipped?: string;
  streams?: StreamFacts[];
  /** FUNCTION LIST, libraries by name. */
  functions?: FunctionLibrary[];
  functionStats?: FunctionStats;
  failures: Partial<Record<InspectFeature, CollectFailure>>;
}
