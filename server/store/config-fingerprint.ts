/** What "changed" means for snapshot storage, shared by both stores. */
import { sha256Hex } from '../domain/sha256.js';
import type { FleetSnapshot } from '../collect/snapshot.js';

/** What "changed" means for storage: configuration, roles and reachability, not counters. */
export function configFingerprint(fleet: FleetSnapshot): string {
  return sha256Hex(
    JSON.stringify({
      groups: fleet.groups,
      nodes: fleet.nodes.map((n) => ({ a: n.address, r: n.role, up: n.reachable, v: n.version?.text, c: n.config })),
    })
  );
}
