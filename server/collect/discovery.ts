/**
 * From seed addresses to the whole fleet: a breadth-first walk over
 * replication links, Sentinel views and Cluster membership, collecting each
 * node once with bounded concurrency.
 */
import pLimit from 'p-limit';
import { collectNode, type CollectOptions } from './node-collector.js';
import { masterEndpoint, replicaEndpoints } from './replication-links.js';
import { buildGroups } from './topology.js';
import { formatEndpoint, type Endpoint, type TargetSpec } from './target-url.js';
import type { FleetSnapshot, NodeKind, NodeSnapshot } from './snapshot.js';

export interface DiscoveryOptions extends Omit<CollectOptions, 'credentials' | 'tls'> {
  /** Nodes collected at once. */
  concurrency: number;
  /** Upper bound on nodes, so a misread topology cannot walk forever. */
  maxNodes: number;
  onProgress?: (event: DiscoveryProgress) => void;
  /** Called with each collected node and the target it was found from. */
  onNode?: (node: NodeSnapshot, target: TargetSpec) => void;
}

export interface DiscoveryProgress {
  address: string;
  done: number;
  found: number;
  reachable: boolean;
}

/** Addresses in numeric order; one collator, as localeCompare with options builds one per call. */
const byAddress = new Intl.Collator(undefined, { numeric: true });

export const DEFAULT_DISCOVERY = { concurrency: 32, maxNodes: 2000 };

interface Visit {
  endpoint: Endpoint;
  kind: NodeKind;
  target: TargetSpec;
}

/** Where a collected node says its neighbours are. */
export function neighbours(node: NodeSnapshot, masterName?: string): { endpoint: Endpoint; kind: NodeKind }[] {
  const found: { endpoint: Endpoint; kind: NodeKind }[] = [];
  const add = (host: unknown, port: unknown, kind: NodeKind) => {
    if (typeof host === 'string' && host !== '' && Number(port) > 0)
      found.push({ endpoint: { host, port: Number(port) }, kind });
  };
  if (node.kind === 'sentinel') {
    for (const view of node.sentinelMasters ?? []) {
      if (masterName && view.name !== masterName) continue;
      add(view.master.ip, view.master.port, 'redis');
      for (const r of view.replicas) add(r.ip, r.port, 'redis');
      for (const s of view.sentinels) add(s.ip, s.port, 'sentinel');
    }
    return found;
  }
  for (const replica of replicaEndpoints(node)) add(replica.host, replica.port, 'redis');
  const master = masterEndpoint(node);
  if (master) add(master.host, master.port, 'redis');
  for (const member of node.cluster?.nodes ?? []) {
    if (member.flags.includes('noaddr') || member.flags.includes('handshake')) continue;
    const colon = member.address.lastIndexOf(':');
    add(member.address.slice(0, colon).replace(/^\[|\]$/g, ''), member.address.slice(colon + 1), 'redis');
  }
  return found;
}

export async function discoverFleet(targets: TargetSpec[], options: DiscoveryOptions): Promise<FleetSnapshot> {
  const limit = pLimit(options.concurrency);
  const seen = new Set<string>();
  const nodes: NodeSnapshot[] = [];
  const pending: Promise<void>[] = [];

  const visit = (next: Visit) => {
    const address = formatEndpoint(next.endpoint);
    if (seen.has(address) || seen.size >= options.maxNodes) return;
    seen.add(address);
    pending.push(
      limit(async () => {
        const node = await collectNode(next.endpoint, next.kind, {
          ...options,
          credentials: next.target.credentials,
          tls: next.target.tls,
        });
        nodes.push(node);
        options.onNode?.(node, next.target);
        options.onProgress?.({ address, done: nodes.length, found: seen.size, reachable: node.reachable });
        for (const n of neighbours(node, next.target.masterName)) visit({ ...n, target: next.target });
      })
    );
  };

  for (const target of targets) {
    for (const endpoint of target.endpoints) visit({ endpoint, kind: target.kind, target });
  }
  // Visits enqueue more visits; wait until no new work appears.
  for (let i = 0; i < pending.length; i++) await pending[i];

  nodes.sort((a, b) => byAddress.compare(a.address, b.address));
  return {
    seeds: targets.map((t) => t.display),
    collectedAt: new Date().toISOString(),
    nodes,
    groups: buildGroups(nodes, targets),
  };
}
