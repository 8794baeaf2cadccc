/** Configuration changes between two snapshots of the same fleet, directive by directive. */
import { isDeepStrictEqual } from 'node:util';
import type { FleetSnapshot } from '../collect/snapshot.js';
import type { ConfigChange } from '../domain/records.js';

export function configChanges(previous: FleetSnapshot, current: FleetSnapshot): ConfigChange[] {
  const before = new Map(previous.nodes.map((n) => [n.address, n.config]));
  const changes: ConfigChange[] = [];
  for (const node of current.nodes) {
    const old = before.get(node.address);
    if (!old || !node.config) continue;
    for (const directive of new Set([...Object.keys(old), ...Object.keys(node.config)])) {
      if (!isDeepStrictEqual(old[directive], node.config[directive])) {
        changes.push({
          node: node.address,
          directive,
          from: old[directive] ?? null,
          to: node.config[directive] ?? null,
        });
      }
    }
  }
  return changes;
}
