/**
 * How hard an API token is to guess, estimated from its length and the
 * alphabet it draws on: hex counts 4 bits a character, base64 6, other
 * mixes by the character classes present. Generous for human-made strings
 * (it cannot see words), which is why few distinct characters also fail.
 * Generate tokens with `openssl rand -hex 32` (256 bits).
 */
export const MIN_TOKEN_BITS = 128;

export function estimatedTokenBits(token: string): number {
  let alphabet = 16;
  if (!/^[0-9a-f]+$/i.test(token)) {
    alphabet = 0;
    if (/[a-z]/.test(token)) alphabet += 26;
    if (/[A-Z]/.test(token)) alphabet += 26;
    if (/[0-9]/.test(token)) alphabet += 10;
    if (/[^a-zA-Z0-9]/.test(token)) alphabet += 32;
  }
  const distinct = new Set(token).size;
  // A long run of few characters ("aaaa...", "abab...") is not random whatever its length.
  return Math.floor(token.length * Math.log2(Math.max(2, Math.min(alphabet, distinct * 2))));
}

/** Why a token is refused, or undefined when it is strong enough. */
export function weakTokenReason(token: string): string | undefined {
  const bits = estimatedTokenBits(token);
  return bits >= MIN_TOKEN_BITS
    ? undefined
    : `the token carries about ${bits} bits of entropy, fewer than ${MIN_TOKEN_BITS}: use a random one, e.g. openssl rand -hex 32`;
}
