/**
 * Key-space sampling: SCAN pages of bounded COUNT, then per key TYPE, PTTL, OBJECT ENCODING, MEMORY USAGE
 * and its element count, pipelined per page. No value is ever read. It stops at maxKeys, at the end of the
 * key space, or at the first page past its time budget, and reports the sample size with every figure.
 */
import type { ReadOnlyConnection, CommandResult } from '../read-only-connection.js';
import { CollectError } from '../errors.js';
import type { ConfigMap } from '../config-parser.js';
import { inspectionCommands as cmd } from './inspection-commands.js';
import type { KeyNameHasher } from './key-names.js';
import type { KeyspaceSampling } from './inspect-options.js';
import type { KeyspaceSample, PrefixSummary, SampledKey, TypeSummary } from './inspection-facts.js';
import { ratioEstimate, shareEstimate, totalEstimate } from './estimates.js';

/** Keys asked of SCAN per page: small enough that one page never blocks the server noticeably. */
export const SCAN_COUNT = 50;
/**
 * After each page the sampler waits as long as the page took (a 50% duty cycle), so its commands never
 * queue back to back in front of the application's: measured in bench/keyspace-sampling.bench.mts.
 */
const IDLE_PER_BUSY = 1;
const MEMORY_SAMPLES = 5;
const TOP = 10;

/** Compact encodings and the CONFIG directive (7.0 name, then the older one) bounding their entries. */
const COMPACT: Record<string, { compact: string[]; limit: string[] }> = {
  hash: { compact: ['listpack', 'ziplist'], limit: ['hash-max-listpack-entries', 'hash-max-ziplist-entries'] },
  zset: { compact: ['listpack', 'ziplist'], limit: ['zset-max-listpack-entries', 'zset-max-ziplist-entries'] },
  // Sets of strings are compact only from 7.2 (listpack); set-max-intset-entries bounds integer sets alone.
  set: { compact: ['intset', 'listpack'], limit: ['set-max-listpack-entries'] },
};

function unwrap<T>(result: CommandResult<T>): T {
  if (!result.ok) throw new CollectError(result.failure.code, result.failure.message);
  return result.value;
}

export interface SamplerInput {
  connection: ReadOnlyConnection;
  sampling: KeyspaceSampling;
  hasher: KeyNameHasher;
  config?: ConfigMap;
  totalKeys: number;
  /** For tests and benches: a clock. */
  now?: () => number;
}

export async function sampleKeyspace(input: SamplerInput): Promise<{ sample: KeyspaceSample; streamKeys: string[] }> {
  const { connection, sampling, hasher } = input;
  const now = input.now ?? Date.now;
  const started = now();
  const deadline = started + sampling.timeBudgetMs;
  const keys: SampledKey[] = [];
  const streamKeys: string[] = [];
  let cursor = '0';
  let stoppedBy: KeyspaceSample['stoppedBy'] = 'complete';
  do {
    if (keys.length >= sampling.maxKeys) {
      stoppedBy = 'max_keys';
      break;
    }
    if (now() >= deadline) {
      stoppedBy = 'time_budget';
      break;
    }
    const pageStarted = now();
    const [page] = await connection.batch([cmd.scan(cursor, SCAN_COUNT)]);
    const scanned = unwrap(page);
    cursor = scanned.cursor;
    const names = [...new Set(scanned.keys)].slice(0, sampling.maxKeys - keys.length);
    if (names.length === 0) continue;
    const meta = await connection.batch(
      names.flatMap((k) => [cmd.type(k), cmd.pttl(k), cmd.encoding(k), cmd.memoryUsage(k, MEMORY_SAMPLES)])
    );
    const types = names.map((_, i) => unwrap(meta[i * 4]) as string);
    const lengthSpecs = names.map((k, i) => cmd.length(types[i], k));
    const lengths = await connection.batch(lengthSpecs.filter((s) => s !== undefined));
    let next = 0;
    names.forEach((name, i) => {
      const type = types[i];
      if (type === 'none') return; // expired or deleted between SCAN and TYPE
      const length = lengthSpecs[i] ? (unwrap(lengths[next++]) as number) : -1;
      if (type === 'stream') streamKeys.push(name);
      keys.push({
        key: hasher.hash(name),
        prefix: hasher.prefix(name),
        type,
        encoding: unwrap(meta[i * 4 + 2]) as string,
        bytes: unwrap(meta[i * 4 + 3]) as number,
        length,
        ttlMs: unwrap(meta[i * 4 + 1]) as number,
      });
    });
    const busy = now() - pageStarted;
    const idle = Math.min(busy * IDLE_PER_BUSY, deadline - now());
    if (idle > 0) await new Promise((resolve) => setTimeout(resolve, idle));
  } while (cursor !== '0');
  const complete = stoppedBy === 'complete';
  return { sample: summarize(keys, input, complete, stoppedBy, now() - started), streamKeys };
}

function compactLimit(config: ConfigMap | undefined, directives: string[]): number | undefined {
  for (const d of directives) {
    const v = Number(config?.[d]);
    if (config && d in config && Number.isFinite(v)) return v;
  }
  return undefined;
}

function summarize(
  keys: SampledKey[],
  input: SamplerInput,
  complete: boolean,
  stoppedBy: KeyspaceSample['stoppedBy'],
  elapsedMs: number
): KeyspaceSample {
  const population = Math.max(input.totalKeys, keys.length);
  const sizes = keys.map((k) => k.bytes);
  const sampledBytes = sizes.reduce((a, b) => a + b, 0);

  const types = new Map<string, TypeSummary>();
  for (const k of keys) {
    let t = types.get(k.type);
    if (!t) {
      const compact = COMPACT[k.type];
      const limit = compact ? compactLimit(input.config, compact.limit) : undefined;
      t = { type: k.type, keys: 0, bytes: 0, nonCompact: 0, nonCompactWithinEntries: 0 };
      if (limit !== undefined) t.maxCompactEntries = limit;
      types.set(k.type, t);
    }
    t.keys++;
    t.bytes += k.bytes;
    const compact = COMPACT[k.type];
    if (compact && k.encoding && !compact.compact.includes(k.encoding)) {
      t.nonCompact++;
      if (t.maxCompactEntries !== undefined && k.length <= t.maxCompactEntries) t.nonCompactWithinEntries++;
    }
  }

  const byPrefix = new Map<string, { keys: number; bytes: number; noTtl: number }>();
  for (const k of keys) {
    const p = byPrefix.get(k.prefix) ?? { keys: 0, bytes: 0, noTtl: 0 };
    p.keys++;
    p.bytes += k.bytes;
    if (k.ttlMs < 0) p.noTtl++;
    byPrefix.set(k.prefix, p);
  }
  const prefixes: PrefixSummary[] = [...byPrefix.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, TOP)
    .map(([prefix, p]) => ({
      prefix,
      ...p,
      noTtlShare: shareEstimate(p.noTtl, p.keys, complete),
      memoryShare: ratioEstimate(
        keys.map((k) => (k.prefix === prefix ? k.bytes : 0)),
        sizes,
        population,
        complete
      ),
    }));

  return {
    totalKeys: input.totalKeys,
    sampled: keys.length,
    complete,
    stoppedBy,
    elapsedMs,
    sampledBytes,
    noTtlShare: shareEstimate(keys.filter((k) => k.ttlMs < 0).length, keys.length, complete),
    estimatedBytes: totalEstimate(sizes, population, complete),
    byType: [...types.values()].sort((a, b) => b.bytes - a.bytes),
    bigKeys: [...keys].sort((a, b) => b.bytes - a.bytes).slice(0, TOP),
    prefixes,
    prefixesInClear: input.hasher.prefixesInClear,
  };
}
