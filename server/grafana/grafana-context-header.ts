/**
 * The header contract between CallResource and the REST layer (see
 * README.md, "CallResource and the REST layer").
 *
 * CallResource replays Grafana's request into the express app in-process.
 * The datasource token goes in `Authorization: Bearer`, as for any REST
 * client. The Grafana user (login, org role) must reach the REST layer too,
 * so it can cap the token's role, but a plain header would be forgeable by
 * anyone who can reach the REST port. So the caller travels in one header,
 * HMAC-signed with a key that is random per process and never leaves it:
 * only this process's CallResource can produce a valid value, and a value
 * expires after a minute so a logged one is useless later.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Identity } from '../service/identity.js';
import { identityForCaller, type GrafanaCaller } from './grafana-caller.js';

export const GRAFANA_CONTEXT_HEADER = 'x-redislens-grafana-context';

const key = randomBytes(32);
const MAX_AGE_MS = 60_000;

interface SignedPayload extends GrafanaCaller {
  /** Issued at, epoch ms. */
  iat: number;
}

const sign = (payload: string): string => createHmac('sha256', key).update(payload).digest('base64url');

export function signGrafanaContext(caller: GrafanaCaller, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...caller, iat: now } satisfies SignedPayload)).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

/**
 * The Grafana caller of an in-process CallResource request, or undefined if
 * the header is absent, forged, malformed or expired. The REST layer calls
 * this on every request that carries the header and must reject the request
 * (401) when the header is present but this returns undefined.
 */
export function verifyGrafanaContext(
  value: string | string[] | undefined,
  now = Date.now()
): GrafanaCaller | undefined {
  if (typeof value !== 'string') return undefined;
  const [payload, signature, ...rest] = value.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let parsed: Partial<SignedPayload>;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<SignedPayload>;
  } catch {
    return undefined;
  }
  if (typeof parsed.iat !== 'number' || now - parsed.iat > MAX_AGE_MS || parsed.iat - now > MAX_AGE_MS)
    return undefined;
  if (typeof parsed.orgId !== 'number' || typeof parsed.login !== 'string' || typeof parsed.grafanaRole !== 'string')
    return undefined;
  return { orgId: parsed.orgId, login: parsed.login, grafanaRole: parsed.grafanaRole };
}

/**
 * For the REST layer, after it authenticated the bearer token: the identity
 * to act with. Without the header the token's identity stands (a plain REST
 * client); with a valid header the Grafana user's role caps it; with a
 * header that does not verify, undefined: answer 401.
 */
export function applyGrafanaContext(
  tokenIdentity: Identity,
  headerValue: string | string[] | undefined
): Identity | undefined {
  if (headerValue === undefined) return tokenIdentity;
  const caller = verifyGrafanaContext(headerValue);
  return caller ? identityForCaller(tokenIdentity, caller) : undefined;
}
