import type { TargetRepository } from '../store.js';
import type { Target } from '../../domain/records.js';
import { json, type Db } from './database.js';

interface TargetRow {
  id: string;
  tenant_id: string;
  name: string;
  url: string;
  password: string | null;
  labels: string;
  inspect: string | null;
  interval_seconds: number;
  enabled: number;
  provisioned: number;
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
  enabled: r.enabled === 1,
  provisioned: r.provisioned === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toRow = (t: Target) => ({
  id: t.id,
  tenant_id: t.tenantId,
  name: t.name,
  url: t.url,
  password: t.password ? json.write(t.password) : null,
  labels: json.write(t.labels),
  inspect: t.inspect ? json.write(t.inspect) : null,
  interval_seconds: t.intervalSeconds,
  enabled: t.enabled ? 1 : 0,
  provisioned: t.provisioned ? 1 : 0,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
});

/** `purged` is told when a target's history (its anomalies among it) is gone, for readers' shared pages. */
export function targetRepository(db: Db, purged: () => void = () => undefined): TargetRepository {
  const insert = db.prepare(
    `INSERT INTO targets (id, tenant_id, name, url, password, labels, inspect, interval_seconds, enabled, provisioned, created_at, updated_at)
     VALUES (@id, @tenant_id, @name, @url, @password, @labels, @inspect, @interval_seconds, @enabled, @provisioned, @created_at, @updated_at)`
  );
  const update = db.prepare(
    `UPDATE targets SET name = @name, url = @url, password = @password, labels = @labels, inspect = @inspect, interval_seconds = @interval_seconds,
     enabled = @enabled, provisioned = @provisioned, updated_at = @updated_at WHERE id = @id AND tenant_id = @tenant_id`
  );
  // A removed target takes its history with it: nothing of it stays open in lists or /metrics.
  const purge = db.transaction((id: string) => {
    db.prepare('DELETE FROM rollup_points WHERE series_id IN (SELECT id FROM rollup_series WHERE target_id = ?)').run(
      id
    );
    for (const table of ['anomalies', 'target_events', 'analyses', 'snapshots', 'rollup_series'])
      db.prepare(`DELETE FROM ${table} WHERE target_id = ?`).run(id);
    db.prepare('DELETE FROM snapshot_bodies WHERE hash NOT IN (SELECT content_hash FROM snapshots)').run();
    purged();
    return db.prepare('DELETE FROM targets WHERE id = ?').run(id).changes;
  });
  const owned = db.prepare('SELECT id FROM targets WHERE tenant_id = ? AND id = ?');
  const get = db.prepare('SELECT * FROM targets WHERE tenant_id = ? AND id = ?');
  const list = db.prepare('SELECT * FROM targets WHERE tenant_id = ? ORDER BY name');
  const enabled = db.prepare('SELECT * FROM targets WHERE enabled = 1 ORDER BY tenant_id, name');
  const provisioned = db.prepare('SELECT id FROM targets WHERE provisioned = 1');
  return {
    create: async (t) => void insert.run(toRow(t)),
    update: async (t) => void update.run(toRow(t)),
    remove: async (tenantId, id) => (owned.get(tenantId, id) ? purge(id) > 0 : false),
    get: async (tenantId, id) => {
      const row = get.get(tenantId, id) as TargetRow | undefined;
      return row && fromRow(row);
    },
    list: async (tenantId) => (list.all(tenantId) as TargetRow[]).map(fromRow),
    listEnabled: async () => (enabled.all() as TargetRow[]).map(fromRow),
    removeProvisionedExcept: async (keepIds) => {
      const keep = new Set(keepIds);
      let removed = 0;
      db.transaction(() => {
        for (const { id } of provisioned.all() as { id: string }[]) if (!keep.has(id)) removed += purge(id);
      })();
      return removed;
    },
  };
}
