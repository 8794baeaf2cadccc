/** XINFO on stream keys: lengths, groups, pending entries, lag and consumers; never an entry. */
import { CollectError } from '../errors.js';
import type { ReadOnlyConnection, CommandResult } from '../read-only-connection.js';
import { inspectionCommands as cmd } from './inspection-commands.js';
import type { KeyspaceSampling } from './inspect-options.js';
import type { KeyNameHasher } from './key-names.js';
import type { StreamFacts } from './inspection-facts.js';
import { SCAN_COUNT, type StreamKey } from './keyspace-sampler.js';

/** Streams looked at per node, at most. */
const MAX_STREAMS = 50;

function unwrap<T>(result: CommandResult<T>): T {
  if (!result.ok) throw new CollectError(result.failure.code, result.failure.message);
  return result.value;
}

/** Without key-space sampling: SCAN ... TYPE stream in each database, within the same key and time budget. */
export async function findStreamKeys(
  connection: ReadOnlyConnection,
  sampling: KeyspaceSampling,
  databases: { db: number }[]
): Promise<StreamKey[]> {
  const deadline = Date.now() + sampling.timeBudgetMs;
  const found: StreamKey[] = [];
  let scanned = 0;
  let current = 0;
  for (const { db } of databases) {
    if (db !== current) {
      const [selected] = await connection.batch([cmd.select(db)]);
      if (!selected.ok) continue; // SELECT denied: the streams of this database stay unseen
      current = db;
    }
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [page] = await connection.batch([cmd.scan(cursor, SCAN_COUNT, 'stream')]);
      const value = unwrap(page);
      cursor = value.cursor;
      for (const k of value.keys) {
        if (seen.has(k)) continue;
        seen.add(k);
        found.push({ db, key: k });
      }
      scanned += SCAN_COUNT;
    } while (cursor !== '0' && found.length < MAX_STREAMS && scanned < sampling.maxKeys && Date.now() < deadline);
    if (found.length >= MAX_STREAMS || scanned >= sampling.maxKeys || Date.now() >= deadline) break;
  }
  return found;
}

export async function inspectStreams(
  connection: ReadOnlyConnection,
  keys: StreamKey[],
  hasher: KeyNameHasher
): Promise<StreamFacts[]> {
  const facts: StreamFacts[] = [];
  const streams = keys.slice(0, MAX_STREAMS);
  for (const db of [...new Set(streams.map((s) => s.db))]) {
    const [selected] = await connection.batch([cmd.select(db)]);
    if (!selected.ok) continue;
    facts.push(
      ...(await inspectStreamsHere(
        connection,
        db,
        streams.filter((s) => s.db === db).map((s) => s.key),
        hasher
      ))
    );
  }
  return facts;
}

/** XINFO on streams of the selected database. */
async function inspectStreamsHere(
  connection: ReadOnlyConnection,
  db: number,
  streams: string[],
  hasher: KeyNameHasher
): Promise<StreamFacts[]> {
  if (streams.length === 0) return [];
  const infos = await connection.batch(streams.map((k) => cmd.xinfoStream(k)));
  const groupReplies = await connection.batch(streams.map((k) => cmd.xinfoGroups(k)));
  const facts: StreamFacts[] = [];
  for (let i = 0; i < streams.length; i++) {
    const info = infos[i];
    const groupsReply = groupReplies[i];
    if (!info.ok || !groupsReply.ok) continue; // deleted since the scan
    const groups = groupsReply.value;
    const consumers = groups.length
      ? await connection.batch(groups.map((g) => cmd.xinfoConsumers(streams[i], g.name)))
      : [];
    facts.push({
      db,
      key: hasher.hash(streams[i]),
      length: info.value.length,
      groups: groups.map((g, j) => {
        const list = consumers[j]?.ok ? consumers[j].value : [];
        return {
          // Group names are chosen by applications like key names: hashed as well.
          name: hasher.hash(g.name),
          consumers: g.consumers,
          pending: g.pending,
          lag: g.lag,
          pendingConsumers: list.filter((c) => c.pending > 0).slice(0, MAX_STREAMS),
        };
      }),
    });
  }
  return facts;
}
