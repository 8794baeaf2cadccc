/** The INFO fields kept as metric history (5-minute rollups) for every reachable Redis node. */
import type { FleetSnapshot } from '../collect/snapshot.js';
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
    // Only commands called in the interval: a series per command the workload uses, none for the other ~200.
    const prior = before.get(node.address);
    if (prior?.reachable && prior.info) {
      const seconds = Math.max(1, (time - Date.parse(prior.collectedAt)) / 1000);
      for (const [name, c] of Object.entries(commandUsage(prior, node, seconds).commands)) {
        if (c.calls === 0) continue;
        samples.push({ node: node.address, metric: `cmd_calls_per_sec:${name}`, time, value: c.calls / seconds });
        samples.push({ node: node.address, metric: `cmd_usec_per_call:${name}`, time, value: c.usec_per_call });
      }
    }
  }
  return samples;
}
