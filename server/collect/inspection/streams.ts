/** XINFO on stream keys: lengths, groups, pending entries, lag and consumers; never an entry. */
import { CollectError } from '../errors.js';
import type { ReadOnlyConnection, CommandResult } from '../read-only-connection.js';
import { inspectionCommands as cmd } from './inspection-commands.js';
import type { KeyspaceSampling } from './inspect-options.js';
import type { KeyNameHasher } from './key-names.js';
import type { StreamFacts } from './inspection-facts.js';
import { SCAN_COUNT } from './keyspace-sampler.js';

/** Streams looked at per node, at most. */
const MAX_STREAMS = 50;

function unwrap<T>(result: CommandResult<T>): T {
  if (!result.ok) throw new CollectError(result.failure.code, result.failure.message);
  return result.value;
}

/** Without key-space sampling: SCAN ... TYPE stream within the same key and time budget. */
export async function findStreamKeys(connection: ReadOnlyConnection, sampling: KeyspaceSampling): Promise<string[]> {
  const deadline = Date.now() + sampling.timeBudgetMs;
  const found = new Set<string>();
  let cursor = '0';
  let scanned = 0;
  do {
    const [page] = await connection.batch([cmd.scan(cursor, SCAN_COUNT, 'stream')]);
    const value = unwrap(page);
    cursor = value.cursor;
    for (const k of value.keys) found.add(k);
    scanned += SCAN_COUNT;
  } while (cursor !== '0' && found.size < MAX_STREAMS && scanned < sampling.maxKeys && Date.now() < deadline);
  return [...found];
}

export async function inspectStreams(
  connection: ReadOnlyConnection,
  keys: string[],
  hasher: KeyNameHasher
): Promise<StreamFacts[]> {
  const streams = keys.slice(0, MAX_STREAMS);
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
