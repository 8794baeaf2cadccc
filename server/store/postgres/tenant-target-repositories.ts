/** Tenants, API tokens and targets in PostgreSQL (same semantics as store/sqlite). */
import type pg from 'pg';
import type { TargetRepository, TenantRepository } from '../store.js';
import type { ApiToken, Target, Tenant } from '../../domain/records.js';
import { json, transaction } from './database.js';

export function tenantRepository(pool: pg.Pool): TenantRepository {
  return {
    upsertTenant: async (t) =>
      void (await pool.query(
        'INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = excluded.name',
        [t.id, t.name]
      )),
    upsertToken: async (t) =>
      void (await pool.query(
        `INSERT INTO api_tokens (hash, tenant_id, name, role) VALUES ($1, $2, $3, $4) ON CONFLICT (hash)
         DO UPDATE SET tenant_id = excluded.tenant_id, name = excluded.name, role = excluded.role`,
        [t.hash, t.tenantId, t.name, t.role]
      )),
    tokenByHash: async (hash) =>
      (
        await pool.query<ApiToken>('SELECT hash, tenant_id AS "tenantId", name, role FROM api_tokens WHERE hash = $1', [
          hash,
        ])
      ).rows[0],
    listTenants: async () => (await pool.query<Tenant>('SELECT id, name FROM tenants ORDER BY id')).rows,
  };
}

interface TargetRow {
  id: string;
  tenant_id: string;
  name: string;
  url: string;
  password: string | null;
  labels: string;
  inspect: string | null;
  interval_seconds: number;
  enabled: boolean;
  provisioned: boolean;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: TargetRow): Target => ({
  id: r.id,
  tenantId: r.tenant_id,
  name: r.name,
  url: r.url,
  ...(r.password ? { password: json.read(r.password) } : {}),
  labels: json.read(r.labels) ?? {},
  ...(r.inspect ? { inspect: json.read(r.inspect) } : {}),
  intervalSeconds: r.interval_seconds,
  enabled: r.enabled,
  provisioned: r.provisioned,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const values = (t: Target) => [
  t.id,
  t.tenantId,
  t.name,
  t.url,
  t.password ? json.write(t.password) : null,
  json.write(t.labels),
  t.intervalSeconds,
  t.enabled,
  t.provisioned,
  t.createdAt,
  t.updatedAt,
  t.inspect ? json.write(t.inspect) : null,
];

/** A removed target takes its history with it: nothing of it stays open in lists or /metrics. */
async function purge(client: pg.PoolClient, id: string): Promise<number> {
  for (const table of ['anomalies', 'target_events', 'analyses', 'snapshots', 'rollups'])
    await client.query(`DELETE FROM ${table} WHERE target_id = $1`, [id]);
  await client.query(
    'DELETE FROM snapshot_bodies b WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.content_hash = b.hash)'
  );
  return (await client.query('DELETE FROM targets WHERE id = $1', [id])).rowCount ?? 0;
}

export function targetRepository(pool: pg.Pool): TargetRepository {
  return {
    create: async (t) =>
      void (await pool.query(
        `INSERT INTO targets (id, tenant_id, name, url, password, labels, interval_seconds, enabled, provisioned, created_at, updated_at, inspect)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        values(t)
      )),
    update: async (t) =>
      void (await pool.query(
        `UPDATE targets SET name = $3, url = $4, password = $5, labels = $6, interval_seconds = $7, enabled = $8,
         provisioned = $9, updated_at = $10, inspect = $11 WHERE id = $1 AND tenant_id = $2`,
        [...values(t).slice(0, 9), t.updatedAt, t.inspect ? json.write(t.inspect) : null]
      )),
    remove: async (tenantId, id) =>
      transaction(pool, async (client) => {
        const owned = await client.query('SELECT id FROM targets WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [
          tenantId,
          id,
        ]);
        return owned.rowCount ? (await purge(client, id)) > 0 : false;
      }),
    get: async (tenantId, id) => {
      const { rows } = await pool.query<TargetRow>('SELECT * FROM targets WHERE tenant_id = $1 AND id = $2', [
        tenantId,
        id,
      ]);
      return rows[0] && fromRow(rows[0]);
    },
    list: async (tenantId) =>
      (await pool.query<TargetRow>('SELECT * FROM targets WHERE tenant_id = $1 ORDER BY name', [tenantId])).rows.map(
        fromRow
      ),
    listEnabled: async () =>
      (await pool.query<TargetRow>('SELECT * FROM targets WHERE enabled ORDER BY tenant_id, name')).rows.map(fromRow),
    removeProvisionedExcept: async (keepIds) =>
      transaction(pool, async (client) => {
        const keep = new Set(keepIds);
        let removed = 0;
        const { rows } = await client.query<{ id: string }>('SELECT id FROM targets WHERE provisioned');
        for (const { id } of rows) if (!keep.has(id)) removed += await purge(client, id);
        return removed;
      }),
  };
}
