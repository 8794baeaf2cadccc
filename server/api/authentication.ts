/**
 * Who a REST request acts as. Resolvers are tried in order: the Grafana
 * bridge (CallResource) adds its own, and every request may carry an API
 * token as "Authorization: Bearer <token>".
 */
import type { IncomingMessage } from 'node:http';
import type { Identity } from '../service/identity.js';

export type IdentityResolver = (req: IncomingMessage) => Promise<Identity | undefined | 'reject'>;

export function bearerResolver(authenticate: (token: string) => Promise<Identity | undefined>): IdentityResolver {
  return async (req) => {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return 'reject';
    return (await authenticate(match[1])) ?? 'reject';
  };
}
