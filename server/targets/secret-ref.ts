/**
 * Secrets of targets and tokens are never stored in plain text: they are
 * references resolved when used ($__env{NAME}, $__file{/path}, as Grafana
 * provisioning writes them) or, for a literal, AES-256-GCM ciphertext under
 * a key from the environment (REDISLENS_SECRET_KEY).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, normalize } from 'node:path';
import type { SecretRef } from '../domain/records.js';

export class SecretError extends Error {
  override name = 'SecretError';
}

const ENV = /^\$__env\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const FILE = /^\$__file\{(.+)\}$/;

function keyFrom(secretKey: string): Buffer {
  // Any passphrase works; it is stretched to the 32 bytes AES-256 needs.
  return createHash('sha256').update(secretKey).digest();
}

/** Turns what an operator wrote into something safe to store. */
export function toSecretRef(value: string, secretKey: string | undefined): SecretRef {
  const env = ENV.exec(value);
  if (env) return { kind: 'env', name: env[1] };
  const file = FILE.exec(value);
  if (file) return { kind: 'file', path: file[1] };
  if (!secretKey) {
    throw new SecretError(
      'a plain-text password is not stored: give it as $__env{NAME} or $__file{/path}, or set REDISLENS_SECRET_KEY to store it encrypted'
    );
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFrom(secretKey), iv);
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { kind: 'encrypted', data: Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64') };
}

export function resolveSecret(
  ref: SecretRef,
  secretKey: string | undefined,
  env: NodeJS.ProcessEnv = process.env
): string {
  switch (ref.kind) {
    case 'env': {
      const value = env[ref.name];
      if (value === undefined) throw new SecretError(`environment variable ${ref.name} is not set`);
      return value;
    }
    case 'file':
      try {
        return readFileSync(ref.path, 'utf8').trim();
      } catch {
        // One message for every cause: whether a path exists is itself information.
        throw new SecretError(`the secret file $__file{${ref.path}} could not be read`);
      }
    case 'encrypted': {
      if (!secretKey) throw new SecretError('this password is stored encrypted and REDISLENS_SECRET_KEY is not set');
      const raw = Buffer.from(ref.data, 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyFrom(secretKey), raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretError(
          'cannot decrypt the stored password: REDISLENS_SECRET_KEY differs from the key it was stored with'
        );
      }
    }
  }
}

/** How a secret is shown: references as written, ciphertext never. */
export function describeSecretRef(ref: SecretRef | undefined): string | null {
  if (!ref) return null;
  return ref.kind === 'env' ? `$__env{${ref.name}}` : ref.kind === 'file' ? `$__file{${ref.path}}` : '<encrypted>';
}

/** A value that may be a reference, needed now (e.g. a provisioned API token): resolved, or returned as written. */
export function resolveInline(value: string, env: NodeJS.ProcessEnv = process.env): string {
  const env_ = ENV.exec(value);
  if (env_) return resolveSecret({ kind: 'env', name: env_[1] }, undefined, env);
  const file = FILE.exec(value);
  return file ? resolveSecret({ kind: 'file', path: file[1] }, undefined) : value;
}

/**
 * Which references tenants may use through the API. References resolve on
 * the sidecar's host, so they belong to the operator: provisioning files may
 * use any, the API only those matching an operator pattern
 * (`--secret-ref-allow env:REDIS_PW_*`, `file:/run/secrets/redislens/{tenant}/*`).
 * `*` matches within one path segment, `**` across segments, `{tenant}` is
 * the caller's tenant id. Default: none.
 */
export class SecretRefPolicy {
  private readonly patterns: { kind: 'env' | 'file'; glob: string }[];

  constructor(patterns: readonly string[] = []) {
    this.patterns = patterns.map((p) => {
      const match = /^(env|file):(.+)$/.exec(p.trim());
      if (!match) throw new SecretError(`--secret-ref-allow "${p}": expected env:NAME_PATTERN or file:/path/pattern`);
      if (match[1] === 'file' && !isAbsolute(match[2]))
        throw new SecretError(`--secret-ref-allow "${p}": a file pattern must be an absolute path`);
      return { kind: match[1] as 'env' | 'file', glob: match[2] };
    });
  }

  get describe(): string {
    return this.patterns.length ? this.patterns.map((p) => `${p.kind}:${p.glob}`).join(', ') : 'none';
  }

  allows(ref: SecretRef, tenantId: string): boolean {
    if (ref.kind === 'encrypted') return true;
    const value = ref.kind === 'env' ? ref.name : ref.path;
    // No "..", "//" or "./" tricks: the path must already be in normal form.
    if (ref.kind === 'file' && (!isAbsolute(value) || normalize(value) !== value)) return false;
    return this.patterns.some((p) => p.kind === ref.kind && globToRegExp(p.glob, tenantId).test(value));
  }

  /** Throws unless the reference may come from a tenant (never touches the file or variable). */
  assertAllowed(ref: SecretRef | undefined, tenantId: string): void {
    if (!ref || this.allows(ref, tenantId)) return;
    throw new SecretError(
      `secret references from the API must match the operator's allow-list (--secret-ref-allow: ${this.describe}); ` +
        'otherwise give the password itself (stored encrypted) or ask the operator to provision the target'
    );
  }
}

function globToRegExp(glob: string, tenantId: string): RegExp {
  const escape = (text: string) => text.replace(/[.+^${}()|[\]\\?*]/g, '\\$&');
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    if (glob.startsWith('{tenant}', i)) {
      out += escape(tenantId);
      i += '{tenant}'.length - 1;
    } else if (glob.startsWith('**', i)) {
      out += '.*';
      i++;
    } else if (glob[i] === '*') out += '[^/]*';
    else out += escape(glob[i]);
  }
  return new RegExp(`^${out}$`);
}
