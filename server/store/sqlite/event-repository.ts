import type { EventRepository } from '../store.js';
import type { TargetEvent } from '../../domain/records.js';
import { json, type Db } from './database.js';

/** The repository, and `addNow` for a caller's transaction (store.recordAnalysis). */
export function eventRepository(db: Db): EventRepository & { addNow: (event: Omit<TargetEvent, 'id'>) => void } {
  const insert = db.prepare(
    'INSERT INTO target_events (tenant_id, target_id, at, kind, title, detail) VALUES (@tenantId, @targetId, @at, @kind, @title, @detail)'
  );
  const addNow = (e: Omit<TargetEvent, 'id'>) => void insert.run({ ...e, detail: json.write(e.detail) });
  return {
    add: async (e) => addNow(e),
    addNow,
    list: async (tenantId, { from, to, targetId, limit = 1000 }) => {
      const rows = db
        .prepare(
          `SELECT id, tenant_id AS tenantId, target_id AS targetId, at, kind, title, detail FROM target_events
           WHERE tenant_id = ? AND at BETWEEN ? AND ?${targetId ? ' AND target_id = ?' : ''} ORDER BY at LIMIT ?`
        )
        .all(...[tenantId, from, to, ...(targetId ? [targetId] : []), limit]) as (Omit<TargetEvent, 'detail'> & {
        detail: string;
      })[];
      return rows.map((r) => ({ ...r, detail: json.read(r.detail) ?? {} }));
    },
  };
}
