/** Turns a target as an operator writes it (API or provisioning) into a stored Target. */
import { parseTargetUrl } from '../collect/target-url.js';
import { InvalidTargetError } from '../collect/errors.js';
import type { SecretRef, Target } from '../domain/records.js';
import { toSecretRef } from './secret-ref.js';

export interface TargetInput {
  name: string;
  url: string;
  /** A reference ($__env{NAME}, $__file{/path}) or, with REDISLENS_SECRET_KEY set, a literal. */
  password?: string;
  labels?: Record<string, string>;
  intervalSeconds?: number;
  enabled?: boolean;
}

export const DEFAULT_INTERVAL_SECONDS = 60;

const USERINFO = /^([a-z-]+:\/\/)([^@/]*)@/i;

/** Splits a password out of the URL (a password never stays in the stored URL). */
export function splitPassword(url: string): { url: string; password?: string } {
  const match = USERINFO.exec(url);
  if (!match) return { url };
  const [, scheme, userinfo] = match;
  const colon = userinfo.indexOf(':');
  if (colon === -1) return { url };
  const user = userinfo.slice(0, colon);
  const password = decodeURIComponent(userinfo.slice(colon + 1));
  return { url: url.replace(USERINFO, user ? `${scheme}${user}@` : scheme), ...(password ? { password } : {}) };
}

export function buildTarget(
  input: TargetInput,
  context: { id: string; tenantId: string; provisioned: boolean; now: number; secretKey?: string; previous?: Target }
): Target {
  const split = splitPassword(input.url.trim());
  // Validates the URL form now, so a bad target is a 400, not a failed analysis later.
  parseTargetUrl(split.url);
  if (split.password && input.password)
    throw new InvalidTargetError(split.url, 'give the password either in the URL or as password, not both');
  const secret = input.password ?? split.password;
  let password: SecretRef | undefined = context.previous?.password;
  if (secret !== undefined) password = secret === '' ? undefined : toSecretRef(secret, context.secretKey);
  return {
    id: context.id,
    tenantId: context.tenantId,
    name: input.name,
    url: split.url,
    ...(password ? { password } : {}),
    labels: input.labels ?? context.previous?.labels ?? {},
    intervalSeconds: input.intervalSeconds ?? context.previous?.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
    enabled: input.enabled ?? context.previous?.enabled ?? true,
    provisioned: context.provisioned,
    createdAt: context.previous?.createdAt ?? context.now,
    updatedAt: context.now,
  };
}
