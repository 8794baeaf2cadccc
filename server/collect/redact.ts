import type { ConfigMap } from './config-parser.js';

/**
 * Secrets are redacted here, at the edge of collection, so no snapshot,
 * export or screen can ever carry one. What rules need to know about a
 * secret (is it set, how long, is it a well-known placeholder) is kept as
 * facts beside the config.
 */
export const SECRET_DIRECTIVES = [
  'requirepass',
  'masterauth',
  'sentinel-pass',
  'auth-pass',
  'tls-key-file-pass',
  'tls-client-key-file-pass',
] as const;

export const REDACTED = '<redacted>';

export interface SecretFact {
  set: boolean;
  length: number;
  placeholder: boolean;
}
export type SecretFacts = Record<string, SecretFact>;

/** Passwords found in tutorials, default configs and breach lists. */
export const PLACEHOLDER_SECRETS = [
  'foobared',
  'password',
  'passw0rd',
  'redis',
  'redispass',
  'redispassword',
  'changeme',
  'change-me',
  'secret',
  'admin',
  'root',
  'default',
  '123456',
  '12345678',
  'qwerty',
  'test',
  'letmein',
  'mypassword',
] as const;
const PLACEHOLDERS: ReadonlySet<string> = new Set(PLACEHOLDER_SECRETS);

export function isPlaceholderSecret(value: string): boolean {
  return PLACEHOLDERS.has(value.toLowerCase());
}

export function describeSecret(value: string): SecretFact {
  return { set: value !== '', length: value.length, placeholder: value !== '' && isPlaceholderSecret(value) };
}

/**
 * Replaces the secrets in a freshly parsed config and returns it with the facts about them. In place: a
 * config map is a dictionary of ~200 directives, and V8 copies those slowly (a copy per node was the
 * largest single cost of collecting a 200-node fleet).
 */
export function redactConfig(config: ConfigMap): { config: ConfigMap; secrets: SecretFacts } {
  const secrets: SecretFacts = {};
  for (const name of SECRET_DIRECTIVES) {
    const value = config[name];
    if (typeof value !== 'string') continue;
    secrets[name] = describeSecret(value);
    config[name] = value === '' ? '' : REDACTED;
  }
  return { config, secrets };
}

/**
 * Redacts the password part of a redis:// style URL for display. The
 * userinfo ends at the last "@" (as the parser reads it), so a password
 * holding an unencoded "@" is hidden whole.
 */
export function redactUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return url.includes('@') ? `${REDACTED}@${url.slice(url.lastIndexOf('@') + 1)}` : url;
  const after = url.slice(scheme[0].length);
  const at = after.lastIndexOf('@');
  if (at === -1) return url;
  const auth = after.slice(0, at);
  const colon = auth.indexOf(':');
  const shown = colon === -1 ? REDACTED : `${auth.slice(0, colon)}:${REDACTED}`;
  return `${scheme[0]}${shown}@${after.slice(at + 1)}`;
}
