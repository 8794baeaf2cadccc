/**
 * Who is asking. REST derives it from the API token; the Grafana protocol
 * from the datasource's token in PluginContext plus the Grafana user's role.
 * Every service call takes one: tenants only ever see their own data.
 */
import type { Role } from '../domain/records.js';

export interface Identity {
  tenantId: string;
  /** What the token allows; a Grafana Viewer is capped to viewer whatever the token says. */
  role: Role;
  /** For audit trails: the API token's name, or the Grafana user's login. */
  actor: string;
}

export const canWrite = (identity: Identity): boolean => identity.role === 'editor';
