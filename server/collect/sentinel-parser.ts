/**
 * SENTINEL MASTERS / REPLICAS / SENTINELS reply flat field/value arrays;
 * they become records with numeric fields as numbers and "flags" as a list.
 */
import { parseScalar, type InfoScalar } from './info-parser.js';

export type SentinelRecord = Record<string, InfoScalar | string[]>;

export interface SentinelMasterView {
  name: string;
  /** The master as this sentinel sees it (ip, port, flags, quorum, num-other-sentinels, ...). */
  master: SentinelRecord;
  replicas: SentinelRecord[];
  sentinels: SentinelRecord[];
  /** ok: Sentinel answered OK; noquorum: it answered NOQUORUM; error: the check itself failed (timeout, ACL, ...). */
  ckquorum: { ok: boolean; status: 'ok' | 'noquorum' | 'error'; message: string };
}

function toRecord(pairs: unknown[]): SentinelRecord {
  const record: SentinelRecord = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const key = String(pairs[i]);
    const raw = String(pairs[i + 1]);
    record[key] = key === 'flags' ? raw.split(',').filter(Boolean) : parseScalar(raw);
  }
  return record;
}

export function parseSentinelNodes(reply: unknown): SentinelRecord[] {
  return (reply as unknown[][]).map(toRecord);
}

export const parseSentinelMasters = parseSentinelNodes;
