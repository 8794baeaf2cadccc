/**
 * A target's last fleet as the runner keeps it for the next analysis (history rules, rates and configuration
 * drift read it): its JSON, deflated. The sidecar keeps one per target; as JSON they were ~20 KiB a node, outside
 * V8's heap but in the RSS (at 5,000 single-node targets ~100 MiB), deflated about a third of that. The fleet is
 * packed and unpacked where it is analysed: on an analysis thread when the sidecar runs them.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { FleetSnapshot } from '../collect/snapshot.js';

export type PackedFleet = Uint8Array;

export function packFleet(json: string): PackedFleet {
  // Copied out of zlib's 16 KiB output chunk: kept as it comes, each fleet would hold a whole chunk.
  return new Uint8Array(deflateRawSync(json, { level: 3 }));
}

export function unpackFleet(packed: PackedFleet): FleetSnapshot {
  return JSON.parse(inflateRawSync(packed).toString('utf8')) as FleetSnapshot;
}
