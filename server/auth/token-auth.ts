/** API tokens: stored as sha256 hashes, each mapping to one tenant and a role. */
import { sha256Hex } from '../domain/sha256.js';
import type { Store } from '../store/store.js';
import type { Identity } from '../service/identity.js';

export const hashToken = (token: string) => sha256Hex(token);

export async function authenticate(store: Store, token: string | undefined): Promise<Identity | undefined> {
  if (!token) return undefined;
  const found = await store.tenants.tokenByHash(hashToken(token));
  return found && { tenantId: found.tenantId, role: found.role, actor: `token:${found.name}` };
}
