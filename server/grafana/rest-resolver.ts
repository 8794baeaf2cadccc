/**
 * The REST side of the CallResource header contract, as an identity
 * resolver for server/api (api/authentication.ts). It must run before the
 * plain bearer resolver: a request carrying the Grafana context header is
 * a Grafana user's request, capped by their role; a header that does not
 * verify is rejected (401), never ignored.
 */
import { bearerToken, INVALID_TOKEN, type IdentityResolver, type Rejection } from '../api/authentication.js';
import type { Identity } from '../service/identity.js';
import { applyGrafanaContext, GRAFANA_CONTEXT_HEADER } from './grafana-context-header.js';

const CONTEXT_NOT_VERIFIED: Rejection = {
  rejected: `the API token is valid, but the Grafana context (${GRAFANA_CONTEXT_HEADER}) did not verify: it is forged, malformed or expired`,
};

export function grafanaContextResolver(
  authenticate: (token: string) => Promise<Identity | undefined>
): IdentityResolver {
  return async (req) => {
    const header = req.headers[GRAFANA_CONTEXT_HEADER];
    if (header === undefined) return undefined;
    const token = bearerToken(req.headers.authorization);
    const tokenIdentity = token ? await authenticate(token) : undefined;
    if (!tokenIdentity) return INVALID_TOKEN;
    return applyGrafanaContext(tokenIdentity, header) ?? CONTEXT_NOT_VERIFIED;
  };
}
