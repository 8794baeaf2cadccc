/**
 * Builds what a rule sees (the CEL variables) from a fleet snapshot. Plain
 * data only: integers become CEL ints (bigint), so byte counts and offsets
 * compare and add exactly; fractions stay doubles.
 */
import type { FleetSnapshot, NodeSnapshot, TopologyGroup } from '../collect/snapshot.js';
import { commandUsage } from './command-usage.js';

export type Labels = Record<string, string>;
export type CelContext = Record<string, unknown>;

/**
 * Objects with more keys than this reach CEL as Maps. Each `in`, function call or macro on a map value makes
 * cel-js look at the map's first entry to learn its runtime type; on an object that takes a for-in, which V8
 * runs over every key of an object this large (CONFIG GET's ~200 directives): a fifth of evaluation time.
 */
const LARGE_MAP = 64;

export function toCel(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCel);
  if (value && typeof value === 'object') {
    // Runs over every INFO and CONFIG field of every node: keys and a plain loop, no entry arrays.
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object);
    if (keys.length > LARGE_MAP) {
      const map = new Map<string, unknown>();
      for (const k of keys) {
        const v = object[k];
        if (v !== undefined) map.set(k, toCel(v));
      }
      return map;
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      const v = object[k];
      if (v !== undefined) out[k] = toCel(v);
    }
    return out;
  }
  return value;
}

const typedLabel = (v: string): unknown =>
  /^-?\d+$/.test(v) ? BigInt(v) : /^(yes|true)$/i.test(v) ? true : /^(no|false)$/i.test(v) ? false : v;

/**
 * Labels as rules see them. Values are typed the way an operator writes them
 * (4 -> int, yes/true -> bool). A label named "host:port/name" applies to that
 * node only (host facts such as cpu_cores differ per host) and wins over the
 * target-wide "name"; `nodeAddress` selects them.
 */
export function labelsToCel(labels: Labels, nodeAddress?: string): CelContext {
  const out: CelContext = {};
  for (const [k, v] of Object.entries(labels)) if (!k.includes('/')) out[k] = typedLabel(v);
  if (nodeAddress) {
    const prefix = `${nodeAddress}/`;
    for (const [k, v] of Object.entries(labels)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = typedLabel(v);
  }
  return out;
}

/** The host part of host:port, without IPv6 brackets. */
function hostOf(address: string): string {
  return address.slice(0, address.lastIndexOf(':')).replace(/^\[|\]$/g, '');
}

/** One node as rules see it, inside and outside its own scope. */
export function nodeFacts(node: NodeSnapshot): CelContext {
  const port = node.address.slice(node.address.lastIndexOf(':') + 1);
  return toCel({
    node: {
      address: node.address,
      host: hostOf(node.address),
      port: Number(port),
      kind: node.kind,
      role: node.role,
      reachable: node.reachable,
      version: node.version?.text,
      major: node.version?.major,
      slowlog_length: node.slowlogLength,
      unauthenticated_access: node.unauthenticatedAccess,
      latency_events: node.latency,
      config_file: node.configFile,
      latency_histogram: node.latencyHistogram,
      doctor: node.doctor,
    },
    info: node.info,
    config: node.config,
    secrets: node.secrets ?? {},
    sentinel: node.sentinelMasters ? { masters: node.sentinelMasters } : undefined,
    // Always present so rules may look for users without requiring ACL LIST (requires: [acl] does).
    // MEMORY STATS by field name: memory_stats['allocator-fragmentation.ratio'].
    memory_stats: node.memoryStats,
    // acl.drift: the users against the operator's ACL file (analyze --acl-file), absent without one.
    acl: { available: node.aclUsers !== undefined, users: node.aclUsers ?? [], log: node.aclLog, drift: node.aclDrift },
    cluster: node.cluster,
    // Opt-in inspections (clients, key-space sample...): empty unless the target enabled them.
    inspection: node.inspection ?? {},
  }) as CelContext;
}

/** A node's facts flattened to one object, as they appear inside lists (replicas, group nodes). */
function flatNode(facts: CelContext): CelContext {
  const { node, ...rest } = facts as { node: CelContext } & CelContext;
  return { ...node, ...rest };
}

/**
 * Builds each node's and group's variables once per evaluation: every rule
 * of the catalog reads the same, read-only contexts.
 */
export class ContextBuilder {
  private readonly facts = new Map<string, CelContext>();
  private readonly nodeContexts = new Map<string, CelContext>();
  private readonly groupContexts = new Map<string, CelContext>();
  private readonly byAddress: Map<string, NodeSnapshot>;
  private readonly previousByAddress: Map<string, NodeSnapshot>;
  private readonly groupOf = new Map<string, TopologyGroup>();

  constructor(
    readonly fleet: FleetSnapshot,
    private readonly labels: Labels,
    private readonly data: Record<string, unknown>,
    previous?: FleetSnapshot
  ) {
    this.byAddress = new Map(fleet.nodes.map((n) => [n.address, n]));
    this.previousByAddress = new Map((previous?.nodes ?? []).map((n) => [n.address, n]));
    for (const g of fleet.groups) {
      for (const a of [g.master, ...g.replicas, ...g.sentinels, ...g.members]) if (a) this.groupOf.set(a, g);
    }
  }

  factsOf(address: string): CelContext | undefined {
    const node = this.byAddress.get(address);
    if (!node) return undefined;
    let facts = this.facts.get(address);
    if (!facts) this.facts.set(address, (facts = nodeFacts(node)));
    return facts;
  }

  private flat(address: string): CelContext {
    const facts = this.factsOf(address);
    return facts ? flatNode(facts) : { address, host: hostOf(address), reachable: false };
  }

  groupSummary(group: TopologyGroup): CelContext {
    const sentinelViews = group.sentinels.map((address) => {
      const node = this.byAddress.get(address);
      const view = node?.sentinelMasters?.find((m) => m.name === group.id);
      return toCel({
        address,
        host: hostOf(address),
        reachable: node?.reachable ?? false,
        ...view,
      }) as CelContext;
    });
    return {
      id: group.id,
      kind: group.kind,
      master: group.master ? this.flat(group.master) : undefined,
      replicas: group.replicas.map((a) => this.flat(a)),
      sentinels: sentinelViews,
      members: group.members.map((a) => this.flat(a)),
    };
  }

  /** Variables for a rule evaluated on one node. */
  forNode(node: NodeSnapshot): CelContext {
    let context = this.nodeContexts.get(node.address);
    if (!context) this.nodeContexts.set(node.address, (context = this.buildNodeContext(node)));
    return context;
  }

  private buildNodeContext(node: NodeSnapshot): CelContext {
    const facts = this.factsOf(node.address)!;
    const group = this.groupOf.get(node.address);
    const masterAddress = group?.master && group.master !== node.address ? group.master : undefined;
    const replicas = group && group.master === node.address ? group.replicas : [];
    const previous = this.previousByAddress.get(node.address);
    return {
      ...facts,
      labels: labelsToCel(this.labels, node.address),
      data: this.data,
      group: group
        ? this.groupSummary(group)
        : { id: node.address, kind: 'standalone', replicas: [], sentinels: [], members: [] },
      master: masterAddress ? this.flat(masterAddress) : undefined,
      replicas: replicas.map((a) => this.flat(a)),
      previous: previous?.reachable
        ? { ...flatNode(nodeFacts(previous)), elapsed_seconds: elapsedSeconds(previous, node) }
        : undefined,
      // Per-command calls, CPU time and errors since the previous snapshot (INFO commandstats/errorstats).
      usage:
        previous?.reachable && previous.info && node.info
          ? toCel(commandUsage(previous, node, elapsedSeconds(previous, node)))
          : undefined,
    };
  }

  /** Variables for a rule evaluated on a topology group or a cluster. */
  forGroup(group: TopologyGroup): CelContext {
    const key = `${group.kind}\u0000${group.id}`;
    let context = this.groupContexts.get(key);
    if (!context) this.groupContexts.set(key, (context = this.buildGroupContext(group)));
    return context;
  }

  private buildGroupContext(group: TopologyGroup): CelContext {
    const summary = this.groupSummary(group);
    const context: CelContext = { group: summary, labels: labelsToCel(this.labels), data: this.data };
    if (group.kind === 'cluster') {
      const source = group.members.map((a) => this.byAddress.get(a)).find((n) => n?.cluster);
      context.cluster = toCel({ ...source?.cluster, reporter: source?.address });
    }
    return context;
  }
}

function elapsedSeconds(previous: NodeSnapshot, current: NodeSnapshot): number {
  return Math.max(1, Math.round((Date.parse(current.collectedAt) - Date.parse(previous.collectedAt)) / 1000));
}
