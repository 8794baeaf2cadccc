/**
 * A node's command table from its latest snapshot: INFO commandstats (counters since the node started or
 * since CONFIG RESETSTAT) joined with LATENCY HISTOGRAM percentiles (Redis 7.0+), most CPU time first.
 */
import type { NodeSnapshot } from '../../api/client';

export interface CommandRow {
  /** As Redis names it: "get", "config|set". */
  command: string;
  calls: number;
  /** CPU time spent in the command, in microseconds. */
  usec: number;
  usecPerCall: number;
  /** This command's share of the node's CPU time in commands (0..1). */
  cpuShare: number;
  /** Redis 7.0+: calls that failed while running, and calls rejected before (ACL, OOM, wrong arity). */
  failedCalls?: number;
  rejectedCalls?: number;
  /** LATENCY HISTOGRAM (7.0+), in microseconds. */
  p50?: number;
  p99?: number;
  p999?: number;
}

const PREFIX = 'cmdstat_';
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export function commandRows(node: NodeSnapshot): CommandRow[] {
  const stats = node.info?.commandstats ?? {};
  const rows: CommandRow[] = [];
  for (const [key, value] of Object.entries(stats)) {
    if (!key.startsWith(PREFIX) || typeof value !== 'object' || value === null || Array.isArray(value)) {
      continue;
    }
    const command = key.slice(PREFIX.length);
    const histogram = node.latencyHistogram?.[command];
    rows.push({
      command,
      calls: num(value.calls) ?? 0,
      usec: num(value.usec) ?? 0,
      usecPerCall: num(value.usec_per_call) ?? 0,
      cpuShare: 0,
      failedCalls: num(value.failed_calls),
      rejectedCalls: num(value.rejected_calls),
      p50: histogram?.p50_usec,
      p99: histogram?.p99_usec,
      p999: histogram?.p999_usec,
    });
  }
  const total = rows.reduce((sum, r) => sum + r.usec, 0);
  return rows
    .map((r) => ({ ...r, cpuShare: total > 0 ? r.usec / total : 0 }))
    .sort((a, b) => b.usec - a.usec || b.calls - a.calls || a.command.localeCompare(b.command));
}

/** The per-command series the sidecar records on every analysis (interval rates, see history-metrics.ts). */
export const commandMetric = {
  callsPerSecond: (command: string) => `cmd_calls_per_sec:${command}`,
  usecPerCall: (command: string) => `cmd_usec_per_call:${command}`,
};

/**
 * The commands whose trends are shown: the first `count` of `candidates` (busiest first) that have history.
 * RedisLens records no series for what only it sends (INFO, CONFIG GET, ...), though those often lead the
 * table by CPU time, so more candidates are asked for than are shown.
 */
export function trendedCommands<F extends { name?: string }>(
  candidates: string[],
  frames: F[],
  count: number
): { commands: string[]; frames: F[] } {
  const named = new Set(frames.map((f) => f.name));
  const commands = candidates.filter((c) => named.has(commandMetric.callsPerSecond(c))).slice(0, count);
  const metrics = new Set(commands.flatMap((c) => [commandMetric.callsPerSecond(c), commandMetric.usecPerCall(c)]));
  return { commands, frames: frames.filter((f) => f.name !== undefined && metrics.has(f.name)) };
}
