/** CLUSTER NODES text, one node a line: id addr flags master ping pong epoch link slots... */
import type { InfoSections } from './info-parser.js';

export interface ClusterNode {
  id: string;
  /** host:port of the client port, without the bus port or hostname suffix. */
  address: string;
  flags: string[];
  masterId?: string;
  linkState: string;
  /** Number of hash slots this node serves. */
  slotCount: number;
}

export interface ClusterView {
  info: Record<string, string | number>;
  nodes: ClusterNode[];
}

function countSlots(ranges: string[]): number {
  let count = 0;
  for (const range of ranges) {
    if (range.startsWith('[')) continue; // importing/migrating markers
    const [from, to] = range.split('-').map(Number);
    count += to === undefined ? 1 : to - from + 1;
  }
  return count;
}

export function parseClusterNodes(text: string): ClusterNode[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [id, addr, flags, master, , , , link, ...slots] = line.split(' ');
      return {
        id,
        address: addr.split('@')[0].split(',')[0],
        flags: flags.split(','),
        masterId: master === '-' ? undefined : master,
        linkState: link,
        slotCount: countSlots(slots),
      };
    });
}

export function clusterInfoRecord(info: InfoSections): Record<string, string | number> {
  const flat: Record<string, string | number> = {};
  for (const section of Object.values(info)) {
    for (const [k, v] of Object.entries(section)) if (typeof v !== 'object') flat[k] = v;
  }
  return flat;
}
