/**
 * A fleet as the stores keep it: its JSON text and its configuration fingerprint. Both are made where the fleet
 * was collected (on an analysis thread when the sidecar runs them), so the main thread, which writes the store
 * and answers readers, neither parses the fleet nor hashes its configuration.
 */
import type { FleetSnapshot } from '../collect/snapshot.js';
import { configFingerprint } from './config-fingerprint.js';
import { json } from './json-column.js';

export interface StoredFleet {
  json: string;
  /** configFingerprint of the fleet: whether its body must be stored again. */
  configHash: string;
}

export const storedFleet = (fleet: FleetSnapshot): StoredFleet => ({
  json: json.write(fleet),
  configHash: configFingerprint(fleet),
});
