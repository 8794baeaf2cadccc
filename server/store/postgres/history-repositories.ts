/** Target events and metric rollups: the partitioned history tables besides snapshots. */
import type pg from 'pg';
import { BUCKET_MS, type EventRepository, type RollupRepository, type RuleOverrideRepository } from '../store.js';
import type { RollupPoint, RuleOverride, TargetEvent } from '../../domain/records.js';
import { json } from './database.js';
import type { Partitions } from './partitions.js';

export function eventRepository(pool: pg.Pool, partitions: Partitions): EventRepository {
  return {
    add: async (e) => {
      await partitions.ensure('target_events', [e.at]);
      await pool.query(
        'INSERT INTO target_events (tenant_id, target_id, at, kind, title, detail) VALUES ($1, $2, $3, $4, $5, $6)',
        [e.tenantId, e.targetId, e.at, e.kind, e.title, json.write(e.detail)]
      );
    },
    list: async (tenantId, { from, to, targetId, limit = 1000 }) => {
      const { rows } = await pool.query<Omit<TargetEvent, 'detail'> & { detail: string }>(
        `SELECT id, tenant_id AS "tenantId", target_id AS "targetId", at, kind, title, detail FROM target_events
         WHERE tenant_id = $1 AND at BETWEEN $2 AND $3${targetId ? ' AND target_id = $5' : ''} ORDER BY at, id LIMIT $4`,
        [tenantId, from, to, limit, ...(targetId ? [targetId] : [])]
      );
      return rows.map((r) => ({ ...r, detail: json.read(r.detail) ?? {} }));
    },
  };
}

export function rollupRepository(pool: pg.Pool, partitions: Partitions): RollupRepository {
  return {
    record: async (samples) => {
      if (samples.length === 0) return;
      const rows = new Map<
        string,
        { targetId: string; node: string; metric: string; bucket: number; values: number[] }
      >();
      for (const s of samples) {
        const bucket = Math.floor(s.time / BUCKET_MS) * BUCKET_MS;
        const key = JSON.stringify([s.targetId, s.metric, s.node, bucket]);
        const row = rows.get(key) ?? { targetId: s.targetId, node: s.node, metric: s.metric, bucket, values: [] };
        row.values.push(s.value);
        rows.set(key, row);
      }
      const list = [...rows.values()];
      await partitions.ensure(
        'rollups',
        list.map((r) => r.bucket)
      );
      // One statement for the whole analysis: samples of one bucket folded first (ON CONFLICT touches a row once).
      await pool.query(
        `INSERT INTO rollups (target_id, node, metric, bucket, count, sum, min, max, last)
         SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::float8[], $7::float8[], $8::float8[], $9::float8[])
         ON CONFLICT (target_id, metric, node, bucket) DO UPDATE SET count = rollups.count + excluded.count,
           sum = rollups.sum + excluded.sum, min = LEAST(rollups.min, excluded.min),
           max = GREATEST(rollups.max, excluded.max), last = excluded.last`,
        [
          list.map((r) => r.targetId),
          list.map((r) => r.node),
          list.map((r) => r.metric),
          list.map((r) => r.bucket),
          list.map((r) => r.values.length),
          list.map((r) => r.values.reduce((a, b) => a + b, 0)),
          list.map((r) => Math.min(...r.values)),
          list.map((r) => Math.max(...r.values)),
          list.map((r) => r.values[r.values.length - 1]),
        ]
      );
    },
    series: async (targetIds, { metrics, node, from, to }) => {
      if (targetIds.length === 0 || metrics.length === 0) return [];
      const { rows } = await pool.query<RollupPoint>(
        `SELECT target_id AS "targetId", node, metric, bucket, count, sum, min, max, last FROM rollups
         WHERE target_id = ANY($1) AND metric = ANY($2) AND bucket BETWEEN $3 AND $4${node ? ' AND node = $5' : ''}
         ORDER BY target_id, metric, node, bucket`,
        [targetIds, metrics, Math.floor(from / BUCKET_MS) * BUCKET_MS, to, ...(node ? [node] : [])]
      );
      return rows;
    },
  };
}

export function ruleOverrideRepository(pool: pg.Pool): RuleOverrideRepository {
  return {
    list: async (tenantId) =>
      (
        await pool.query<{
          ruleId: string;
          enabled: boolean;
          severity: RuleOverride['severity'] | null;
          params: string | null;
        }>('SELECT rule_id AS "ruleId", enabled, severity, params FROM rule_overrides WHERE tenant_id = $1', [tenantId])
      ).rows.map((r) => ({
        tenantId,
        ruleId: r.ruleId,
        enabled: r.enabled,
        ...(r.severity ? { severity: r.severity } : {}),
        ...(r.params ? { params: JSON.parse(r.params) as RuleOverride['params'] } : {}),
      })),
    set: async (o) =>
      void (await pool.query(
        `INSERT INTO rule_overrides (tenant_id, rule_id, enabled, severity, params) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, rule_id) DO UPDATE SET enabled = excluded.enabled, severity = excluded.severity,
           params = excluded.params`,
        [
          o.tenantId,
          o.ruleId,
          o.enabled,
          o.severity ?? null,
          o.params && Object.keys(o.params).length > 0 ? JSON.stringify(o.params) : null,
        ]
      )),
  };
}
