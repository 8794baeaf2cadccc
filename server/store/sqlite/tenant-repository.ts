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
  return {
    upsertTenant: async (tenant) => void upsertTenant.run(tenant),
    upsertToken: async (token) => void upsertToken.run(token),
    tokenByHash: async (hash) => byHash.get(hash) as ApiToken | undefined,
    listTenants: async () => list.all() as Tenant[],
  };
}
