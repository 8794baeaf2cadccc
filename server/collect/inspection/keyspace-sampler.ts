/**
 * Key-space sampling: SCAN pages of bounded COUNT, then per key TYPE, PTTL, OBJECT ENCODING, MEMORY USAGE
 * and its element count, pipelined per page, in every database that holds keys. No value is ever read. It
 * stops at maxKeys, at the end of the key space, or at the first page past its time budget, and reports the
 * sample size with every figure.
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
  /** The databases holding keys (INFO keyspace), in order; the connection starts in database 0. */
  databases: { db: number; keys: number }[];
  /** For tests and benches: a clock. */
  now?: () => number;
}

/** Streams found while sampling, with the database each lives in (XINFO must address it there). */
export interface StreamKey {
  db: number;
  key: string;
}

/**
 * Every database gets a share of the key and time budget in proportion to its keys (a stratified sample:
 * each figure estimates the whole key space); a database whose SELECT fails (denied by ACL) is skipped with
 * the reason, the others are still sampled.
 */
export async function sampleKeyspace(
  input: SamplerInput
): Promise<{ sample: KeyspaceSample; streamKeys: StreamKey[] }> {
  const { connection, sampling } = input;
  const now = input.now ?? Date.now;
  const started = now();
  const total = input.databases.reduce((sum, d) => sum + d.keys, 0);
  const keys: SampledKey[] = [];
  const streamKeys: StreamKey[] = [];
  const databases: KeyspaceSample['databases'] = [];
  let stoppedBy: KeyspaceSample['stoppedBy'] = 'complete';
  let skipped = false;
  let share = 0;
  let current = 0;
  for (const { db, keys: dbKeys } of input.databases) {
    const before = keys.length;
    share += total > 0 ? dbKeys / total : 1 / input.databases.length;
    if (db !== current) {
      const [selected] = await connection.batch([cmd.select(db)]);
      if (!selected.ok) {
        databases.push({ db, keys: dbKeys, sampled: 0, skipped: selected.failure.message });
        skipped = true;
        continue;
      }
      current = db;
    }
    const stop = await sampleDatabase(input, db, keys, streamKeys, {
      maxKeys: Math.max(1, Math.round(sampling.maxKeys * share)),
      deadline: started + sampling.timeBudgetMs * share,
      now,
    });
    if (stop !== 'complete' && stoppedBy === 'complete') stoppedBy = stop;
    databases.push({ db, keys: dbKeys, sampled: keys.length - before });
  }
  const complete = stoppedBy === 'complete' && !skipped;
  return {
    sample: summarize(keys, input, total, databases, complete, stoppedBy, now() - started),
    streamKeys,
  };
}

/** SCAN pages of one (selected) database until it ends or the running totals reach their bounds. */
async function sampleDatabase(
  input: SamplerInput,
  db: number,
  keys: SampledKey[],
  streamKeys: StreamKey[],
  bounds: { maxKeys: number; deadline: number; now: () => number }
): Promise<KeyspaceSample['stoppedBy']> {
  const { connection, hasher } = input;
  const { maxKeys, deadline, now } = bounds;
  let cursor = '0';
  do {
    if (keys.length >= maxKeys) return 'max_keys';
    if (now() >= deadline) return 'time_budget';
    const pageStarted = now();
    const [page] = await connection.batch([cmd.scan(cursor, SCAN_COUNT)]);
    const scanned = unwrap(page);
    cursor = scanned.cursor;
    const names = [...new Set(scanned.keys)].slice(0, maxKeys - keys.length);
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
      if (type === 'stream') streamKeys.push({ db, key: name });
      keys.push({
        db,
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
  return 'complete';
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
  totalKeys: number,
  databases: KeyspaceSample['databases'],
  complete: boolean,
  stoppedBy: KeyspaceSample['stoppedBy'],
  elapsedMs: number
): KeyspaceSample {
  const population = Math.max(totalKeys, keys.length);
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
    totalKeys,
    databases,
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
