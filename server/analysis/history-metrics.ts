/** The INFO fields kept as metric history (5-minute rollups) for every reachable Redis node. */
import type { FleetSnapshot, NodeSnapshot } from '../collect/snapshot.js';
import { infoField, type InfoRecord } from '../collect/info-parser.js';
import { commandUsage } from '../rules/command-usage.js';

/** Per-command series (interval values, from INFO commandstats): `cmd_calls_per_sec:get`, `cmd_usec_per_call:get`. */
export const COMMAND_METRICS = ['cmd_calls_per_sec', 'cmd_usec_per_call'] as const;

export const HISTORY_METRICS = [
  'used_memory',
  'used_memory_rss',
  'maxmemory',
  'mem_fragmentation_ratio',
  'connected_clients',
  'blocked_clients',
  'instantaneous_ops_per_sec',
  'total_commands_processed',
  'keyspace_hits',
  'keyspace_misses',
  'evicted_keys',
  'expired_keys',
  'rejected_connections',
  'master_repl_offset',
  'connected_slaves',
  'used_cpu_sys',
  'used_cpu_user',
  'latest_fork_usec',
] as const;

export interface MetricSample {
  node: string;
  metric: string;
  time: number;
  value: number;
}

export function metricSamples(fleet: FleetSnapshot, previous?: FleetSnapshot): MetricSample[] {
  const samples: MetricSample[] = [];
  const before = new Map((previous?.nodes ?? []).map((n) => [n.address, n]));
  for (const node of fleet.nodes) {
    if (!node.reachable || node.kind !== 'redis' || !node.info) continue;
    const time = Date.parse(node.collectedAt);
    for (const metric of HISTORY_METRICS) {
      const value = infoField(node.info, metric);
      if (typeof value === 'number') samples.push({ node: node.address, metric, time, value });
    }
    const keys = Object.values(node.info.keyspace ?? {}).reduce<number>(
      (sum, db) => sum + Number((db as InfoRecord).keys ?? 0),
      0
    );
    samples.push({ node: node.address, metric: 'keys', time, value: keys });
    // Only commands the workload called in the interval: a series per command it uses, none for the other
    // ~200, and none for what RedisLens itself sends (INFO, CONFIG GET, ...), which would otherwise be most.
    const prior = before.get(node.address);
    if (prior?.reachable && prior.info) {
      const seconds = Math.max(1, (time - Date.parse(prior.collectedAt)) / 1000);
      const own = ownCallsByStatsName(node);
      for (const [name, c] of Object.entries(commandUsage(prior, node, seconds).commands)) {
        const calls = c.calls - (own.get(name) ?? 0);
        if (calls <= 0) continue;
        samples.push({ node: node.address, metric: `cmd_calls_per_sec:${name}`, time, value: calls / seconds });
        samples.push({ node: node.address, metric: `cmd_usec_per_call:${name}`, time, value: c.usec_per_call });
      }
    }
  }
  return samples;
}

/**
 * What one analysis makes a node execute, by the name its commandstats use. Between two analyses' INFO the
 * node ran one analysis's worth of RedisLens's commands (the rest of the earlier one, the start of this one), so
 * this analysis's count stands for them. Redis 6.2 names container commands without their sub-command.
 */
function ownCallsByStatsName(node: NodeSnapshot): Map<string, number> {
  const own = new Map<string, number>();
  for (const [name, calls] of Object.entries(node.ownCalls ?? {})) {
    own.set(name, (own.get(name) ?? 0) + calls);
    const container = name.split('|')[0];
    if (container !== name) own.set(container, (own.get(container) ?? 0) + calls);
  }
  return own;
}
