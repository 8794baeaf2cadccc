/**
 * What the Grafana protocol layer needs from the sidecar: the read service
 * (the same one REST uses, reading the store only), token authentication
 * and a readiness probe.
 */
import type { Identity } from '../service/identity.js';
import type { ReadService } from '../service/read-service.js';

export interface GrafanaService extends ReadService {
  /** The tenant and role of an API token, or undefined when the token is unknown. */
  authenticate(token: string): Promise<Identity | undefined>;
  /** The store answers (and whatever else readiness means for the sidecar). */
  health(): Promise<{ ok: boolean; message: string }>;
}
