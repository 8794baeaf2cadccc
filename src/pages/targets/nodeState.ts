/** A node's state at a glance, read from the INFO sections of its latest snapshot. */
import type { NodeSnapshot } from '../../api/client';

export interface NodeState {
  address: string;
  role: string;
  version: string;
  reachable: boolean;
  error?: string;
  usedMemory?: number;
  maxMemory?: number;
  clients?: number;
  opsPerSec?: number;
  /** keyspace_hits / (hits + misses), undefined without lookups. */
  hitRatio?: number;
  replication: string;
  persistence: string;
}

type Info = NonNullable<NodeSnapshot['info']>;
const num = (info: Info | undefined, section: string, key: string): number | undefined => {
  const v = info?.[section]?.[key];
  return typeof v === 'number'
    ? v
    : typeof v === 'string' && v.trim() !== '' && !isNaN(Number(v))
      ? Number(v)
      : undefined;
};
const str = (info: Info | undefined, section: string, key: string): string | undefined => {
  const v = info?.[section]?.[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
};

export function nodeState(node: NodeSnapshot): NodeState {
  const info = node.info;
  const hits = num(info, 'stats', 'keyspace_hits');
  const misses = num(info, 'stats', 'keyspace_misses');
  const replication =
    node.kind === 'sentinel'
      ? 'sentinel'
      : node.role === 'replica'
        ? `link ${str(info, 'replication', 'master_link_status') ?? '?'} to ${str(info, 'replication', 'master_host') ?? '?'}:${str(info, 'replication', 'master_port') ?? '?'}`
        : `${num(info, 'replication', 'connected_slaves') ?? 0} replica(s)`;
  const aof = num(info, 'persistence', 'aof_enabled') === 1;
  const rdb = str(info, 'persistence', 'rdb_last_bgsave_status');
  return {
    address: node.address,
    role: node.kind === 'sentinel' ? 'sentinel' : node.role,
    version: node.version?.text ?? '—',
    reachable: node.reachable,
    error: node.error?.message,
    usedMemory: num(info, 'memory', 'used_memory'),
    maxMemory: num(info, 'memory', 'maxmemory'),
    clients: num(info, 'clients', 'connected_clients'),
    opsPerSec: num(info, 'stats', 'instantaneous_ops_per_sec'),
    hitRatio: hits !== undefined && misses !== undefined && hits + misses > 0 ? hits / (hits + misses) : undefined,
    replication,
    persistence: node.kind === 'sentinel' ? '—' : `${aof ? 'AOF on' : 'AOF off'}${rdb ? `, last RDB save ${rdb}` : ''}`,
  };
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) {
    return '—';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

export const memoryText = (s: NodeState): string =>
  s.usedMemory === undefined
    ? '—'
    : `${formatBytes(s.usedMemory)} / ${s.maxMemory ? formatBytes(s.maxMemory) : 'no limit'}`;
