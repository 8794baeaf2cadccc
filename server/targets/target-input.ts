/** Turns a target as an operator writes it (API or provisioning) into a stored Target. */
import { parseTargetUrl, splitUserinfo } from '../collect/target-url.js';
import { InvalidTargetError } from '../collect/errors.js';
import { redactUrl } from '../collect/redact.js';
import type { SecretRef, Target } from '../domain/records.js';
import { SecretRefPolicy, toSecretRef } from './secret-ref.js';
import { enabledFeatures, type InspectOptions } from '../collect/inspection/inspect-options.js';

const NO_SECRET_REFS = new SecretRefPolicy();

export interface TargetInput {
  name: string;
  url: string;
  /** A reference ($__env{NAME}, $__file{/path}) or, with REDISLENS_SECRET_KEY set, a literal. */
  password?: string;
  labels?: Record<string, string>;
  intervalSeconds?: number;
  enabled?: boolean;
  inspect?: InspectOptions;
}

export const DEFAULT_INTERVAL_SECONDS = 60;

/**
 * Splits a password out of the URL: every form (`:pw@`, `pw@` as Redis
 * URLs mean it, `user:pw@`, percent-encoded, Sentinel seed lists) leaves
 * the URL, so a password never stays in the stored or shown URL.
 */
export function splitPassword(url: string): { url: string; password?: string } {
  const parts = splitUserinfo(url);
  if (parts?.userinfo === undefined) return { url };
  const colon = parts.userinfo.indexOf(':');
  const user = colon === -1 ? '' : parts.userinfo.slice(0, colon);
  const encoded = colon === -1 ? parts.userinfo : parts.userinfo.slice(colon + 1);
  let password: string;
  try {
    password = decodeURIComponent(encoded);
    if (user) decodeURIComponent(user);
  } catch {
    throw new InvalidTargetError(
      redactUrl(url),
      'the user name or password has invalid percent-encoding (write % as %25)'
    );
  }
  // "user:@" keeps the user a user name: a bare "user@" is a password in Redis URLs (parseTargetUrl).
  const rest = `${parts.scheme}://${user ? `${user}:@` : ''}${parts.rest}`;
  return { url: rest, ...(password ? { password } : {}) };
}

export function buildTarget(
  input: TargetInput,
  context: {
    id: string;
    tenantId: string;
    provisioned: boolean;
    now: number;
    secretKey?: string;
    previous?: Target;
    /** For targets from the API: the secret references a tenant may use. Provisioning (the operator's) may use any. */
    secretRefs?: SecretRefPolicy;
  }
): Target {
  const split = splitPassword(input.url.trim());
  // Validates the URL form now, so a bad target is a 400, not a failed analysis later.
  parseTargetUrl(split.url);
  if (split.password && input.password)
    throw new InvalidTargetError(split.url, 'give the password either in the URL or as password, not both');
  const secret = split.password ?? input.password;
  let password: SecretRef | undefined = context.previous?.password;
  if (secret !== undefined) {
    password = secret === '' ? undefined : toSecretRef(secret, context.secretKey);
    // A reference written in the URL counts like one given as password.
    if (!context.provisioned) (context.secretRefs ?? NO_SECRET_REFS).assertAllowed(password, context.tenantId);
  }
  const inspect = input.inspect ?? context.previous?.inspect;
  return {
    id: context.id,
    tenantId: context.tenantId,
    name: input.name,
    url: split.url,
    ...(password ? { password } : {}),
    labels: input.labels ?? context.previous?.labels ?? {},
    intervalSeconds: input.intervalSeconds ?? context.previous?.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
    enabled: input.enabled ?? context.previous?.enabled ?? true,
    ...(inspect && enabledFeatures(inspect).length > 0 ? { inspect } : {}),
    provisioned: context.provisioned,
    createdAt: context.previous?.createdAt ?? context.now,
    updatedAt: context.now,
  };
}
