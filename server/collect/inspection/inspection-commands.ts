/** The opt-in features' commands with their reply parsers; allow-list.ts admits them per enabled feature. */
import type { CommandSpec } from '../commands.js';
import { parseClientList } from './client-list.js';
import { parseFunctionList, parseFunctionStats } from './functions.js';
import { parseSlowlog } from './slowlog.js';

const spec = <T>(name: string, args: (string | number)[], parse: (reply: unknown) => T): CommandSpec<T> => ({
  name,
  args,
  parse,
});
const asString = (reply: unknown): string => (Buffer.isBuffer(reply) ? reply.toString('utf8') : String(reply));

/** Element counts by type: O(1) metadata, never an element. Strings have none. */
const LENGTH_COMMAND: Record<string, string> = {
  hash: 'HLEN',
  list: 'LLEN',
  set: 'SCARD',
  zset: 'ZCARD',
  stream: 'XLEN',
};

/** XINFO replies are flat [field, value, ...] lists. */
function fields(reply: unknown): Map<string, unknown> {
  const list = reply as unknown[];
  const map = new Map<string, unknown>();
  for (let i = 0; i + 1 < list.length; i += 2) map.set(asString(list[i]), list[i + 1]);
  return map;
}

export const inspectionCommands = {
  clientList: () => spec('CLIENT', ['LIST'], (r) => parseClientList(asString(r))),
  slowlogGet: (count: number) => spec('SLOWLOG', ['GET', count], parseSlowlog),
  /** Without WITHCODE: names and flags only. */
  functionList: () => spec('FUNCTION', ['LIST'], parseFunctionList),
  functionStats: () => spec('FUNCTION', ['STATS'], parseFunctionStats),
  scan: (cursor: string, count: number, type?: string) =>
    spec('SCAN', [cursor, 'COUNT', count, ...(type ? ['TYPE', type] : [])], (r) => {
      const [next, keys] = r as [unknown, unknown[]];
      return { cursor: asString(next), keys: keys.map(asString) };
    }),
  /** The database the next key commands address: a connection state, never a read. */
  select: (db: number) => spec('SELECT', [db], () => undefined),
  type: (key: string) => spec('TYPE', [key], asString),
  pttl: (key: string) => spec('PTTL', [key], Number),
  encoding: (key: string) => spec('OBJECT', ['ENCODING', key], (r) => (r === null ? '' : asString(r))),
  memoryUsage: (key: string, samples: number) =>
    spec('MEMORY', ['USAGE', key, 'SAMPLES', samples], (r) => (r === null ? 0 : Number(r))),
  length: (type: string, key: string) => {
    const command = LENGTH_COMMAND[type];
    return command ? spec(command, [key], Number) : undefined;
  },
  /** The summary form only: FULL would return entries. first-entry/last-entry (values) are dropped here. */
  xinfoStream: (key: string) =>
    spec('XINFO', ['STREAM', key], (r) => {
      const f = fields(r);
      return { length: Number(f.get('length') ?? 0), groups: Number(f.get('groups') ?? 0) };
    }),
  xinfoGroups: (key: string) =>
    spec('XINFO', ['GROUPS', key], (r) =>
      (r as unknown[]).map((g) => {
        const f = fields(g);
        const lag = f.get('lag');
        return {
          name: asString(f.get('name')),
          consumers: Number(f.get('consumers') ?? 0),
          pending: Number(f.get('pending') ?? 0),
          lag: lag === null || lag === undefined ? null : Number(lag),
        };
      })
    ),
  xinfoConsumers: (key: string, group: string) =>
    spec('XINFO', ['CONSUMERS', key, group], (r) =>
      (r as unknown[]).map((c) => {
        const f = fields(c);
        return { pending: Number(f.get('pending') ?? 0), idleMs: Number(f.get('idle') ?? 0) };
      })
    ),
} as const;
