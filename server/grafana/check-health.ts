/**
 * Diagnostics.CheckHealth: the datasource's "Save & test". It proves the
 * sidecar's store answers and the datasource's token belongs to a tenant
 * here. When the sidecar is not reachable at all, this is never called:
 * Grafana's own call fails with UNAVAILABLE, which the frontend turns into
 * "sidecar not reachable at <addr>" (src/datasource).
 */
import type { GrafanaService } from './grafana-service.js';
import { INVALID_TOKEN_MESSAGE, resolveIdentity } from './grafana-caller.js';
import type { CheckHealthRequest, CheckHealthResponse } from './proto/messages.js';

const details = (value: object): Buffer => Buffer.from(JSON.stringify(value));

export async function checkHealth(service: GrafanaService, request: CheckHealthRequest): Promise<CheckHealthResponse> {
  const health = await service
    .health()
    .catch((error: unknown) => ({ ok: false, message: error instanceof Error ? error.message : String(error) }));
  if (!health.ok) {
    return {
      status: 'ERROR',
      message: `the RedisLens sidecar is not ready: ${health.message}`,
      jsonDetails: details({ store: health.message }),
    };
  }
  const caller = await resolveIdentity(request.pluginContext, (token) => service.authenticate(token));
  if (!caller.ok) {
    // Say which: an empty setting and a token the sidecar does not know are fixed in different places.
    const message =
      caller.reason === 'no_token'
        ? "no API token is set on this datasource: set one from the sidecar's provisioning in the datasource settings"
        : INVALID_TOKEN_MESSAGE;
    return { status: 'ERROR', message, jsonDetails: details({ reason: caller.reason }) };
  }
  const targets = await service.listTargets(caller.identity);
  const { tenantId, role } = caller.identity;
  return {
    status: 'OK',
    message: `RedisLens sidecar ready: tenant ${tenantId}, ${targets.length} target${targets.length === 1 ? '' : 's'}, ${role === 'editor' ? 'read and write' : 'read only'} for this user`,
    jsonDetails: details({ tenantId, role, targets: targets.length }),
  };
}
