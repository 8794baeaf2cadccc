import type { TenantRepository } from '../store.js';
import type { ApiToken, Tenant } from '../../domain/records.js';
import type { Db } from './database.js';

export function tenantRepository(db: Db): TenantRepository {
  const upsertTenant = db.prepare(
    'INSERT INTO tenants (id, name) VALUES (@id, @name) ON CONFLICT (id) DO UPDATE SET name = excluded.name'
  );
  const upsertToken = db.prepare(
    'INSERT INTO api_tokens (hash, tenant_id, name, role) VALUES (@hash, @tenantId, @name, @role) ON CONFLICT (hash) DO UPDATE SET tenant_id = excluded.tenant_id, name = excluded.name, role = excluded.role'
  );
  const byHash = db.prepare('SELECT hash, tenant_id AS tenantId, name, role FROM api_tokens WHERE hash = ?');
  const list = db.prepare('SELECT id, name FROM tenants ORDER BY id');
  // Every API request looks up its token, and only this repository changes the table (one process owns the
  // file): tokens found are kept in memory until the next upsert. Unknown hashes are not kept (no growth).
  const known = new Map<string, Readonly<ApiToken>>();
  return {
    upsertTenant: async (tenant) => void upsertTenant.run(tenant),
    upsertToken: async (token) => {
      upsertToken.run(token);
      known.clear();
    },
    tokenByHash: async (hash) => {
      let token = known.get(hash);
      if (!token) {
        token = byHash.get(hash) as ApiToken | undefined;
        if (token) known.set(hash, Object.freeze(token));
      }
      return token;
    },
    listTenants: async () => list.all() as Tenant[],
  };
}
