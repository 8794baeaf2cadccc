/**
 * One builder per allow-listed command, each with the parser for its reply.
 * The connection executes these and nothing else; allow-list.ts checks them
 * again at send time, so a builder added here by mistake still cannot write.
 */
import { parseInfo, type InfoSections } from './info-parser.js';
import { parseConfigReply, type ConfigMap } from './config-parser.js';
import { parseSentinelMasters, parseSentinelNodes, type SentinelRecord } from './sentinel-parser.js';
import { parseClusterNodes, type ClusterNode } from './cluster-parser.js';
import type { LatencyEvent } from './snapshot.js';
import type { Credentials } from './target-url.js';
import { parseLatencyHistogram, parseMemoryStats, type CommandLatency } from './memory-latency.js';
import { aclLogEntries, parseAclList, type AclUserFacts } from './acl.js';

/** ACL LOG entries read per analysis (Redis keeps acllog-max-len, 128 by default). */
const ACL_LOG_ENTRIES = 128;

export interface CommandSpec<T> {
  name: string;
  args: (string | number)[];
  parse(reply: unknown): T;
}

const spec = <T>(name: string, args: (string | number)[], parse: (reply: unknown) => T): CommandSpec<T> => ({
  name,
  args,
  parse,
});
const asString = (reply: unknown): string => (Buffer.isBuffer(reply) ? reply.toString('utf8') : String(reply));
const asStrings = (reply: unknown): string[] => (reply as unknown[]).map(asString);

export type RoleReply = { role: 'master' | 'replica' | 'sentinel' | 'unknown'; raw: unknown[] };

export const commands = {
  auth: ({ username, password }: Credentials) =>
    spec('AUTH', username ? [username, password ?? ''] : [password ?? ''], asString),
  clientSetName: (name: string) => spec('CLIENT', ['SETNAME', name], asString),
  ping: () => spec('PING', [], asString),
  info: (section: 'all' | 'default' = 'all') => spec<InfoSections>('INFO', [section], (r) => parseInfo(asString(r))),
  role: () =>
    spec<RoleReply>('ROLE', [], (r) => {
      const raw = r as unknown[];
      const first = asString(raw[0]);
      const role = first === 'slave' ? 'replica' : first === 'master' || first === 'sentinel' ? first : 'unknown';
      return { role, raw };
    }),
  configGetAll: () => spec<ConfigMap>('CONFIG', ['GET', '*'], (r) => parseConfigReply(asStrings(r))),
  slowlogLen: () => spec<number>('SLOWLOG', ['LEN'], Number),
  latencyLatest: () =>
    spec<LatencyEvent[]>('LATENCY', ['LATEST'], (r) =>
      (r as unknown[][]).map(([event, at, latest, max]) => ({
        event: asString(event),
        latestAt: Number(at),
        latestMs: Number(latest),
        maxMs: Number(max),
      }))
    ),
  sentinelMasters: () => spec<SentinelRecord[]>('SENTINEL', ['MASTERS'], parseSentinelMasters),
  sentinelReplicas: (master: string) => spec<SentinelRecord[]>('SENTINEL', ['REPLICAS', master], parseSentinelNodes),
  sentinelSentinels: (master: string) => spec<SentinelRecord[]>('SENTINEL', ['SENTINELS', master], parseSentinelNodes),
  sentinelCkquorum: (master: string) => spec<string>('SENTINEL', ['CKQUORUM', master], asString),
  clusterInfo: () => spec<InfoSections>('CLUSTER', ['INFO'], (r) => parseInfo(asString(r))),
  /** Parsed to facts at once: the password hashes in the reply are dropped here. */
  aclList: () => spec<AclUserFacts[]>('ACL', ['LIST'], (r) => parseAclList(asStrings(r))),
  /** Only reason, username and count of each entry are kept; the rest of the reply is dropped here. */
  aclLog: () => spec<Record<string, unknown>[]>('ACL', ['LOG', ACL_LOG_ENTRIES], aclLogEntries),
  memoryStats: () => spec<Record<string, number>>('MEMORY', ['STATS'], parseMemoryStats),
  memoryDoctor: () => spec<string>('MEMORY', ['DOCTOR'], asString),
  latencyDoctor: () => spec<string>('LATENCY', ['DOCTOR'], asString),
  latencyHistogram: () => spec<Record<string, CommandLatency>>('LATENCY', ['HISTOGRAM'], parseLatencyHistogram),
  clusterNodes: () => spec<ClusterNode[]>('CLUSTER', ['NODES'], (r) => parseClusterNodes(asString(r))),
} as const;
