/**
 * Command usage between two snapshots of one node, from INFO commandstats and
 * errorstats (no extra command): per command the calls, CPU time and failures
 * of the interval, per error type its count. A restart or CONFIG RESETSTAT
 * resets the counters; then what the current snapshot counts is the interval's.
 */
import type { NodeSnapshot } from '../collect/snapshot.js';

export interface CommandInterval {
  calls: number;
  usec: number;
  /** Average CPU time per call in the interval (0 without calls). */
  usec_per_call: number;
  failed_calls: number;
  rejected_calls: number;
}

export interface CommandUsage {
  elapsed_seconds: number;
  /** Counters were reset (restart or CONFIG RESETSTAT): the interval counts start from zero. */
  reset: boolean;
  /** By command name as Redis writes it ("get", "config|set"). */
  commands: Record<string, CommandInterval>;
  /** By error prefix ("OOM", "NOAUTH", "READONLY", ...). */
  errors: Record<string, number>;
}

type Stats = Record<string, Record<string, number>>;

function table(info: NodeSnapshot['info'], section: string, prefix: string): Stats {
  const out: Stats = {};
  for (const [key, value] of Object.entries(info?.[section] ?? {})) {
    if (key.startsWith(prefix) && value && typeof value === 'object') out[key.slice(prefix.length)] = value as never;
  }
  return out;
}

const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export function commandUsage(previous: NodeSnapshot, current: NodeSnapshot, elapsedSeconds: number): CommandUsage {
  const before = table(previous.info, 'commandstats', 'cmdstat_');
  const now = table(current.info, 'commandstats', 'cmdstat_');
  const errorsBefore = table(previous.info, 'errorstats', 'errorstat_');
  const errorsNow = table(current.info, 'errorstats', 'errorstat_');
  const runId = (n: NodeSnapshot) => n.info?.server?.run_id;
  const reset =
    runId(previous) !== runId(current) ||
    Object.entries(now).some(([name, s]) => num(s.calls) < num(before[name]?.calls)) ||
    Object.entries(errorsNow).some(([name, s]) => num(s.count) < num(errorsBefore[name]?.count));
  const delta = (a: unknown, b: unknown) => (reset ? num(a) : Math.max(0, num(a) - num(b)));
  const commands: Record<string, CommandInterval> = {};
  for (const [name, s] of Object.entries(now)) {
    const b = before[name] ?? {};
    const calls = delta(s.calls, b.calls);
    const usec = delta(s.usec, b.usec);
    commands[name] = {
      calls,
      usec,
      usec_per_call: calls > 0 ? Math.round((usec / calls) * 100) / 100 : 0,
      failed_calls: delta(s.failed_calls, b.failed_calls),
      rejected_calls: delta(s.rejected_calls, b.rejected_calls),
    };
  }
  const errors: Record<string, number> = {};
  for (const [name, s] of Object.entries(errorsNow)) errors[name] = delta(s.count, errorsBefore[name]?.count);
  return { elapsed_seconds: elapsedSeconds, reset, commands, errors };
}
