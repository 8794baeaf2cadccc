/**
 * Who a REST request acts as. Resolvers are tried in order: the Grafana
 * bridge (CallResource) adds its own, and every request may carry an API
 * token as "Authorization: Bearer <token>".
 */
import type { IncomingMessage } from 'node:http';
import type { Identity } from '../service/identity.js';

/** A resolver's refusal (401), with the sentence that says what did not check out. */
export interface Rejection {
  rejected: string;
}
export const INVALID_TOKEN: Rejection = { rejected: 'the API token is not valid for this sidecar' };

export type IdentityResolver = (req: IncomingMessage) => Promise<Identity | undefined | Rejection>;

/** The token of an "Authorization: Bearer <token>" header, or undefined for any other header. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

export function bearerResolver(authenticate: (token: string) => Promise<Identity | undefined>): IdentityResolver {
  return async (req) => {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const token = bearerToken(header);
    if (!token) return INVALID_TOKEN;
    return (await authenticate(token)) ?? INVALID_TOKEN;
  };
}
