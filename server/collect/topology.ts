/**
 * Groups collected nodes into the units topology rules reason about:
 * a Sentinel-monitored master with its replicas and sentinels, a plain
 * replication group, a standalone node, or a Cluster.
 */
import { formatEndpoint, type TargetSpec } from './target-url.js';
import { masterEndpoint, replicaEndpoints } from './replication-links.js';
import type { NodeSnapshot, TopologyGroup } from './snapshot.js';

const addressOf = (host: unknown, port: unknown) => formatEndpoint({ host: String(host), port: Number(port) });
const replicaAddresses = (node: NodeSnapshot) => replicaEndpoints(node).map(formatEndpoint);

function masterAddressOf(node: NodeSnapshot): string | undefined {
  const master = masterEndpoint(node);
  return master && formatEndpoint(master);
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

function clusterGroups(nodes: NodeSnapshot[], grouped: Set<string>): TopologyGroup[] {
  // Each node reports its own view of the cluster; views that share a member are one cluster
  // (views differ for a moment while nodes meet, fail or join).
  const clusters: { members: Set<string>; ids: Set<string> }[] = [];
  for (const node of nodes) {
    if (!node.cluster) continue;
    const members = new Set([node.address, ...node.cluster.nodes.map((n) => n.address)]);
    const ids = new Set(node.cluster.nodes.map((n) => n.id));
    const overlapping = clusters.filter((c) => [...members].some((m) => c.members.has(m)));
    const merged = { members, ids };
    for (const c of overlapping) {
      for (const m of c.members) merged.members.add(m);
      for (const id of c.ids) merged.ids.add(id);
      clusters.splice(clusters.indexOf(c), 1);
    }
    clusters.push(merged);
  }
  return clusters.map(({ members, ids }) => {
    for (const m of members) grouped.add(m);
    return {
      id: `cluster:${[...ids].sort()[0]?.slice(0, 12)}`,
      kind: 'cluster' as const,
      replicas: [],
      sentinels: [],
      members: [...members].sort(),
    };
  });
}

function sentinelGroups(nodes: NodeSnapshot[], targets: TargetSpec[], grouped: Set<string>): TopologyGroup[] {
  const wanted = new Set(targets.map((t) => t.masterName).filter(Boolean));
  const byName = new Map<string, { sentinels: Set<string>; masters: string[]; replicas: Set<string> }>();
  for (const node of nodes) {
    for (const view of node.sentinelMasters ?? []) {
      if (wanted.size > 0 && !wanted.has(view.name)) continue;
      const entry = byName.get(view.name) ?? { sentinels: new Set<string>(), masters: [], replicas: new Set<string>() };
      entry.sentinels.add(node.address);
      // Peers it knows belong to the group too, answering or not: a dead Sentinel is still part of the quorum maths.
      for (const peer of view.sentinels) entry.sentinels.add(addressOf(peer.ip, peer.port));
      entry.masters.push(addressOf(view.master.ip, view.master.port));
      for (const r of view.replicas) entry.replicas.add(addressOf(r.ip, r.port));
      byName.set(view.name, entry);
    }
  }
  return [...byName.entries()].map(([name, entry]) => {
    const master = mostCommon(entry.masters);
    const masterNode = nodes.find((n) => n.address === master);
    const replicas = new Set([...entry.replicas, ...(masterNode ? replicaAddresses(masterNode) : [])]);
    replicas.delete(master ?? '');
    for (const a of [master, ...replicas, ...entry.sentinels]) if (a) grouped.add(a);
    return {
      id: name,
      kind: 'sentinel' as const,
      master,
      replicas: [...replicas].sort(),
      sentinels: [...entry.sentinels].sort(),
      members: [],
    };
  });
}

function replicationGroups(nodes: NodeSnapshot[], grouped: Set<string>): TopologyGroup[] {
  const groups = new Map<string, Set<string>>();
  // A replica that could not be reached is still listed by its master: it belongs there.
  const claimed = new Set(nodes.filter((n) => n.role === 'master').flatMap(replicaAddresses));
  for (const node of nodes) {
    if (node.kind !== 'redis' || grouped.has(node.address)) continue;
    if (claimed.has(node.address) && node.role !== 'master') continue;
    const master = masterAddressOf(node) ?? node.address;
    const replicas = groups.get(master) ?? new Set<string>();
    if (master !== node.address) replicas.add(node.address);
    if (node.role === 'master') for (const r of replicaAddresses(node)) replicas.add(r);
    groups.set(master, replicas);
  }
  return [...groups.entries()].map(([master, replicas]) => ({
    id: master,
    kind: replicas.size > 0 ? ('replication' as const) : ('standalone' as const),
    master,
    replicas: [...replicas].sort(),
    sentinels: [],
    members: [],
  }));
}

export function buildGroups(nodes: NodeSnapshot[], targets: TargetSpec[]): TopologyGroup[] {
  const grouped = new Set<string>();
  return [
    ...clusterGroups(nodes, grouped),
    ...sentinelGroups(nodes, targets, grouped),
    ...replicationGroups(nodes, grouped),
  ];
}
