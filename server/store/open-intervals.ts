/**
 * How many anomalies are open (first seen <= t < resolved) at each instant, per severity: sorted start and
 * end times and two binary searches per instant, instead of every row for every instant (25,000 anomalies x
 * 288 five-minute points over 24 h was 7 million checks per dashboard refresh).
 */
import type { Anomaly } from '../domain/records.js';

type Severity = Anomaly['severity'];
export interface OpenRow {
  severity: Severity;
  /** first_seen */
  f: number;
  /** resolved_at */
  r: number | null;
}

export interface OpenIntervals {
  starts: Record<Severity, number[]>;
  ends: Record<Severity, number[]>;
}

export function openIntervals(rows: readonly OpenRow[]): OpenIntervals {
  const starts = { critical: [] as number[], warning: [] as number[], notice: [] as number[] };
  const ends = { critical: [] as number[], warning: [] as number[], notice: [] as number[] };
  for (const row of rows) {
    if (row.r !== null && row.r <= row.f) continue; // never open at any instant
    starts[row.severity].push(row.f);
    if (row.r !== null) ends[row.severity].push(row.r);
  }
  for (const list of [...Object.values(starts), ...Object.values(ends)]) list.sort((a, b) => a - b);
  return { starts, ends };
}

/** How many values in the sorted list are <= t. */
function atMost(list: readonly number[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function countsAt({ starts, ends }: OpenIntervals, instants: readonly number[]) {
  const open = (severity: Severity, t: number) => atMost(starts[severity], t) - atMost(ends[severity], t);
  return instants.map((time) => ({
    time,
    critical: open('critical', time),
    warning: open('warning', time),
    notice: open('notice', time),
  }));
}
