/**
 * Secrets of targets and tokens are never stored in plain text: they are
 * references resolved when used ($__env{NAME}, $__file{/path}, as Grafana
 * provisioning writes them) or, for a literal, AES-256-GCM ciphertext under
 * a key from the environment (REDISLENS_SECRET_KEY).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
      } catch (error) {
        throw new SecretError(`cannot read secret file ${ref.path}: ${(error as Error).message}`);
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
