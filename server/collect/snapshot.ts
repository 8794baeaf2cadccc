/**
 * The typed, redacted picture of a Redis fleet that collect/ hands to the
 * rest of the system. Everything downstream (rules, store, APIs) reads these
 * types; nothing downstream talks to Redis or parses a Redis reply again.
 */
import type { CollectFailure } from './errors.js';
import type { InfoSections } from './info-parser.js';
import type { ConfigMap } from './config-parser.js';
import type { SecretFacts } from './redact.js';
import type { SentinelMasterView } from './sentinel-parser.js';
import type { ClusterView } from './cluster-parser.js';
import type { AclLogFacts, AclUserFacts } from './acl.js';
import type { CommandLatency } from './memory-latency.js';
import type { NodeInspection } from './inspection/inspection-facts.js';

export type NodeKind = 'redis' | 'sentinel';
export type NodeRole = 'master' | 'replica' | 'sentinel' | 'unknown';

export interface RedisVersion {
  text: string;
  major: number;
  minor: number;
  patch: number;
}

/** "7.2.4" (or "7.2", "8.0-rc1": missing or odd parts count as 0) as its numbers. */
export function parseVersion(text: string): RedisVersion {
  const [major = 0, minor = 0, patch = 0] = text.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return { text, major, minor, patch };
}

export interface LatencyEvent {
  event: string;
  latestAt: number;
  latestMs: number;
  maxMs: number;
}

export interface NodeSnapshot {
  /** host:port as RedisLens reached it. */
  address: string;
  kind: NodeKind;
  role: NodeRole;
  version?: RedisVersion;
  reachable: boolean;
  /** Why the node could not be analysed at all (connection-level failure). */
  error?: CollectFailure;
  collectedAt: string;
  info?: InfoSections;
  config?: ConfigMap;
  /** Facts about redacted secrets (length, placeholder), never the secrets. */
  secrets?: SecretFacts;
  slowlogLength?: number;
  latency?: LatencyEvent[];
  /** Sentinel nodes only: what this sentinel believes about each master it monitors. */
  sentinelMasters?: SentinelMasterView[];
  cluster?: ClusterView;
  /** ACL users (ACL LIST online; `user` lines and the aclfile in lint), passwords reduced to facts. */
  aclUsers?: AclUserFacts[];
  /** ACL LOG as counts by reason and by existing user name. */
  aclLog?: AclLogFacts;
  /** The running users against the ACL file the operator supplied (analyze --acl-file); absent without one. */
  aclDrift?: AclDriftFacts;
  /** MEMORY STATS numbers by field ("allocator-fragmentation.ratio", "overhead.total", ...). */
  memoryStats?: Record<string, number>;
  /** LATENCY HISTOGRAM (7.0+) per command: calls and p50/p99/p99.9 in µs. */
  latencyHistogram?: Record<string, CommandLatency>;
  /** MEMORY DOCTOR and LATENCY DOCTOR as Redis wrote them (shortened): evidence for a human. */
  doctor?: { memory?: string; latency?: string };
  /** Whether a fresh connection without credentials is answered PONG. */
  unauthenticatedAccess?: boolean;
  /** Offline lint only: the file read and what Redis would refuse in it. */
  configFile?: ConfigFileFacts;
  /** What the target's opt-in inspections found (clients, key-space sample, ...); absent when none is enabled. */
  inspection?: NodeInspection;
  /** Per-command failures that did not stop the analysis (e.g. CONFIG renamed). */
  failures: Partial<Record<FactSource, CollectFailure>>;
  /** What this analysis itself made the node execute, by INFO commandstats name (connection, probe, inspections). */
  ownCalls?: Record<string, number>;
}

/** Counts a command the node executed for RedisLens into `node.ownCalls`. */
export function countOwnCall(node: Pick<NodeSnapshot, 'ownCalls'>, commandStatsName: string): void {
  const calls = (node.ownCalls ??= {});
  calls[commandStatsName] = (calls[commandStatsName] ?? 0) + 1;
}

/** Which collected fact a failure made unavailable. */
export type FactSource =
  | 'info'
  | 'config'
  | 'slowlog'
  | 'latency'
  | 'sentinel'
  | 'cluster'
  | 'role'
  | 'acl'
  | 'acl_log'
  | 'memory'
  | 'latency_histogram'
  | 'doctor';

export type GroupKind = 'standalone' | 'replication' | 'sentinel' | 'cluster';

export interface TopologyGroup {
  /** Stable id: the sentinel master name, the cluster id, or the master's address. */
  id: string;
  kind: GroupKind;
  /** Master address (for sentinel groups: the address most sentinels report). */
  master?: string;
  replicas: string[];
  sentinels: string[];
  /** Cluster groups: every node address of the cluster. */
  members: string[];
}

export interface FleetSnapshot {
  seeds: string[];
  collectedAt: string;
  nodes: NodeSnapshot[];
  groups: TopologyGroup[];
}

/** What `lint` found in a configuration file that Redis would refuse at start-up. */
export interface ConfigFileProblem {
  directive: string;
  line: number;
  file: string;
  problem: string;
}

export interface ConfigFileFacts {
  path: string;
  /** The release whose directive table judged the file; covered false: newer than every table RedisLens has. */
  judgedBy: { product: 'redis' | 'valkey'; version: string; table: string; covered: boolean };
  unknownDirectives: ConfigFileProblem[];
  invalidValues: ConfigFileProblem[];
}

/** How the running ACL users differ from the operator's ACL file (collect/acl-drift.ts; `analyze --acl-file`). */
export type DriftPart = 'enabled' | 'nopass' | 'passwords' | 'keys' | 'channels' | 'commands' | 'selectors' | 'flags';

export interface AclDriftUser {
  name: string;
  /** The user exists on one side only. */
  only?: 'file' | 'server';
  /** What differs, e.g. ['passwords', 'commands']. */
  differs: DriftPart[];
  /** One short line per difference: "commands: server allows flushall, debug; file does not". */
  details: string[];
  /** The server grants more than the file would: a user the file lacks, nopass, enabled, commands, keys. */
  serverGrantsMore: boolean;
  /** Parts that could not be compared soundly, "part: why". */
  notEvaluated?: string[];
}

export interface AclDriftFacts {
  file: string;
  /** Why nothing could be compared (ACL LIST denied, say). */
  unavailable?: string;
  /** Users compared (the union of both sides). */
  compared: number;
  /** Users that differ or could not be fully compared. */
  users: AclDriftUser[];
}
