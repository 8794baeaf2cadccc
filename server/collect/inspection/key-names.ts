/**
 * Key names never leave collect/ in clear: each is replaced by an HMAC under a per-install key, so the same
 * key hashes the same across analyses of one install, but nobody without the key can test a guess.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

export const NO_PREFIX = '(none)';

/**
 * The HMAC key: derived (HKDF) from REDISLENS_SECRET_KEY with its own label, so it is not the encryption key;
 * without a secret key, a random key for this process (hashes then change across restarts).
 */
export function keyNameHmacKey(secretKey: string | undefined): Buffer {
  if (!secretKey) return randomBytes(32);
  return Buffer.from(hkdfSync('sha256', secretKey, 'redislens', 'key-name-hmac', 32));
}

export class KeyNameHasher {
  constructor(
    private readonly key: Buffer,
    /** Show prefixes up to the first delimiter in clear (the operator opted in). */
    readonly prefixesInClear: boolean,
    private readonly delimiter = ':'
  ) {}

  hash(name: string): string {
    return createHmac('sha256', this.key).update(name).digest('hex').slice(0, 16);
  }

  /** The part before the first delimiter, in clear or hashed; NO_PREFIX when there is none. */
  prefix(name: string): string {
    const at = name.indexOf(this.delimiter);
    if (at <= 0) return NO_PREFIX;
    const prefix = name.slice(0, at);
    return this.prefixesInClear ? prefix : `#${this.hash(prefix)}`;
  }
}
