/** Where a node's replication links point, read from its INFO replication section. */
import { infoField, type InfoRecord } from './info-parser.js';
import type { Endpoint } from './target-url.js';
import type { NodeSnapshot } from './snapshot.js';

/** The replicas a master lists (slave0, slave1, ...). */
export function replicaEndpoints(node: NodeSnapshot): Endpoint[] {
  return Object.entries(node.info?.replication ?? {})
    .filter(([key, value]) => /^slave\d+$/.test(key) && typeof value === 'object')
    .map(([, value]) => ({ host: String((value as InfoRecord).ip), port: Number((value as InfoRecord).port) }))
    .filter((e) => e.host !== '' && e.port > 0);
}

/** The master a replica follows. */
export function masterEndpoint(node: NodeSnapshot): Endpoint | undefined {
  if (node.role !== 'replica') return undefined;
  const host = infoField(node.info, 'master_host');
  const port = Number(infoField(node.info, 'master_port'));
  return typeof host === 'string' && host !== '' && port > 0 ? { host, port } : undefined;
}
