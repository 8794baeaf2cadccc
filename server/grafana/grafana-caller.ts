/**
 * Who is calling through Grafana, and what that allows. The datasource's
 * API token (decrypted secureJsonData, never seen by browsers) selects the
 * tenant and the most the caller may do; the Grafana user's org role caps
 * it. One rule, used by gRPC calls here and by the REST layer for
 * CallResource requests (see grafana-context-header.ts).
 */
import type { Identity } from '../service/identity.js';
import type { Role } from '../domain/records.js';
import type { PluginContext } from './proto/messages.js';

/** The Grafana side of a call: taken from PluginContext, never from browser headers. */
export interface GrafanaCaller {
  orgId: number;
  /** The Grafana user's login; empty when Grafana itself asks (alert rule evaluation). */
  login: string;
  /** Grafana org role as Grafana sends it: 'Viewer' | 'Editor' | 'Admin' | 'None' | '' (no user). */
  grafanaRole: string;
}

/** Key of the datasource's secure field holding the RedisLens API token (src/datasource/types.ts). */
export const API_TOKEN_KEY = 'apiToken';

export function datasourceToken(context: PluginContext | null | undefined): string | undefined {
  const token = context?.dataSourceInstanceSettings?.decryptedSecureJsonData?.[API_TOKEN_KEY]?.trim();
  return token ? token : undefined;
}

export function callerFromContext(context: PluginContext | null | undefined): GrafanaCaller {
  return {
    orgId: context?.orgId ?? 0,
    login: context?.user?.login ?? '',
    grafanaRole: context?.user?.role ?? '',
  };
}

/**
 * Editors and Admins keep what the token allows; anyone else reads only.
 * That includes Grafana's own requests without a user (alert evaluation
 * only reads) and roles this code does not know: fail closed.
 */
export function capRole(tokenRole: Role, grafanaRole: string): Role {
  return grafanaRole === 'Editor' || grafanaRole === 'Admin' ? tokenRole : 'viewer';
}

export function identityForCaller(tokenIdentity: Identity, caller: GrafanaCaller): Identity {
  return {
    tenantId: tokenIdentity.tenantId,
    role: capRole(tokenIdentity.role, caller.grafanaRole),
    actor: caller.login || tokenIdentity.actor,
  };
}

export type CallerResolution = { ok: true; identity: Identity } | { ok: false; reason: 'no_token' | 'invalid_token' };

/** The identity a gRPC call acts with, from its PluginContext. */
export async function resolveIdentity(
  context: PluginContext | null | undefined,
  authenticate: (token: string) => Promise<Identity | undefined>
): Promise<CallerResolution> {
  const token = datasourceToken(context);
  if (!token) return { ok: false, reason: 'no_token' };
  const tokenIdentity = await authenticate(token);
  if (!tokenIdentity) return { ok: false, reason: 'invalid_token' };
  return { ok: true, identity: identityForCaller(tokenIdentity, callerFromContext(context)) };
}

/** The one sentence an operator sees in Grafana when the token is missing or wrong. */
export const INVALID_TOKEN_MESSAGE = 'the API token is not valid for this sidecar';
