/**
 * MEMORY STATS and LATENCY HISTOGRAM (7.0+) as plain numbers; MEMORY DOCTOR
 * and LATENCY DOCTOR stay text, kept as evidence. None of them names a key.
 */

/** Per command: calls and percentiles read from the histogram (the upper bound of the bucket, in µs). */
export interface CommandLatency {
  calls: number;
  p50_usec: number;
  p99_usec: number;
  p999_usec: number;
}

/** The internals of MEMORY STATS, by field name ("allocator-fragmentation.ratio"); per-db maps are left out. */
export function parseMemoryStats(reply: unknown): Record<string, number> {
  const flat = reply as unknown[];
  const out: Record<string, number> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const value = Number(String(flat[i + 1]));
    if (!Array.isArray(flat[i + 1]) && Number.isFinite(value)) out[String(flat[i])] = value;
  }
  return out;
}

function percentile(buckets: [number, number][], calls: number, share: number): number {
  // Redis's buckets are cumulative counts at power-of-two bounds (hdr_histogram iterated log-wise).
  const wanted = Math.ceil(calls * share);
  return buckets.find(([, cumulative]) => cumulative >= wanted)?.[0] ?? buckets.at(-1)?.[0] ?? 0;
}

/** LATENCY HISTOGRAM: [name, [calls, n, histogram_usec, [bound, cumulative, ...]], ...]. */
export function parseLatencyHistogram(reply: unknown): Record<string, CommandLatency> {
  const flat = reply as unknown[];
  const out: Record<string, CommandLatency> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const details = flat[i + 1] as unknown[];
    const fields = new Map<string, unknown>();
    for (let j = 0; j + 1 < details.length; j += 2) fields.set(String(details[j]), details[j + 1]);
    const calls = Number(fields.get('calls') ?? 0);
    const raw = (fields.get('histogram_usec') ?? []) as unknown[];
    const buckets: [number, number][] = [];
    for (let j = 0; j + 1 < raw.length; j += 2) buckets.push([Number(raw[j]), Number(raw[j + 1])]);
    out[String(flat[i])] = {
      calls,
      p50_usec: percentile(buckets, calls, 0.5),
      p99_usec: percentile(buckets, calls, 0.99),
      p999_usec: percentile(buckets, calls, 0.999),
    };
  }
  return out;
}

/** Doctor reports are kept short: evidence for a human, not a data channel. */
export const DOCTOR_TEXT_LIMIT = 4000;
export const doctorText = (text: string) =>
  text.length > DOCTOR_TEXT_LIMIT ? `${text.slice(0, DOCTOR_TEXT_LIMIT)}...` : text;
