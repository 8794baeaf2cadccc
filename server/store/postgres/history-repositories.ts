/** Target events and metric rollups: the partitioned history tables besides snapshots. */
import type pg from 'pg';
import {
  BUCKET_MS,
  HOURLY_BUCKET_MS,
  type EventRepository,
  type RollupRepository,
  type RollupSample,
  type RuleOverrideRepository,
} from '../store.js';
import type { RollupPoint, RuleOverride, TargetEvent } from '../../domain/records.js';
import { json, transaction, type Queryable } from './database.js';
import type { Partitions } from './partitions.js';

type NewEvent = Omit<TargetEvent, 'id'>;

/** The repository, and for a caller's transaction (store.recordAnalysis) `prepareAdd` then `addIn`. */
export function eventRepository(
  pool: pg.Pool,
  partitions: Partitions
): EventRepository & {
  prepareAdd: (events: NewEvent[]) => Promise<void>;
  addIn: (q: Queryable, e: NewEvent) => Promise<void>;
} {
  const prepareAdd = (events: NewEvent[]) =>
    partitions.ensure(
      'target_events',
      events.map((e) => e.at)
    );
  const addIn = async (q: Queryable, e: NewEvent) =>
    void (await q.query(
      'INSERT INTO target_events (tenant_id, target_id, at, kind, title, detail) VALUES ($1, $2, $3, $4, $5, $6)',
      [e.tenantId, e.targetId, e.at, e.kind, e.title, json.write(e.detail)]
    ));
  return {
    add: async (e) => {
      await prepareAdd([e]);
      await addIn(pool, e);
    },
    prepareAdd,
    addIn,
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

type RollupRow = { targetId: string; node: string; metric: string; bucket: number; values: number[] };

/** Samples folded per (target, metric, node, bucket): ON CONFLICT may touch a row once per statement. */
function foldRollups(samples: RollupSample[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const s of samples) {
    const bucket = Math.floor(s.time / BUCKET_MS) * BUCKET_MS;
    const key = JSON.stringify([s.targetId, s.metric, s.node, bucket]);
    const row = rows.get(key) ?? { targetId: s.targetId, node: s.node, metric: s.metric, bucket, values: [] };
    row.values.push(s.value);
    rows.set(key, row);
  }
  return [...rows.values()];
}

/** The repository, and for a caller's transaction (store.recordAnalysis) `prepareRecord` then `recordIn`. */
export function rollupRepository(
  pool: pg.Pool,
  partitions: Partitions
): RollupRepository & {
  prepareRecord: (samples: RollupSample[]) => Promise<void>;
  recordIn: (q: Queryable, samples: RollupSample[]) => Promise<void>;
  foldHourly: (window: { since: number; before: number }, lock: number) => Promise<number>;
} {
  const prepareRecord = (samples: RollupSample[]) =>
    partitions.ensure(
      'rollups',
      samples.map((s) => Math.floor(s.time / BUCKET_MS) * BUCKET_MS)
    );
  const recordIn = async (q: Queryable, samples: RollupSample[]) => {
    const list = foldRollups(samples);
    if (list.length === 0) return;
    // One statement for the whole analysis.
    await q.query(
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
  };
  /**
   * Folds the next whole hour before `before` (from history_marks, or the oldest bucket; never before `since`)
   * into one row per series, in a transaction under the prune lock; undefined when there is none left, or
   * another replica holds the lock.
   */
  const foldNextHour = ({ since, before }: { since: number; before: number }, lock: number) =>
    transaction(pool, async (client) => {
      const got = await client.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [lock]);
      if (!got.rows[0].got) return undefined;
      const from =
        (await client.query<{ at: number }>(`SELECT at FROM history_marks WHERE name = 'rollups_hourly_before'`))
          .rows[0]?.at ??
        (await client.query<{ at: number | null }>('SELECT MIN(bucket) AS at FROM rollups')).rows[0].at;
      if (from === null) return undefined;
      const hour = Math.floor(Math.max(from, since) / HOURLY_BUCKET_MS) * HOURLY_BUCKET_MS;
      const end = hour + HOURLY_BUCKET_MS;
      if (end > before) return undefined;
      const rowsOfHour = async () =>
        (
          await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM rollups WHERE bucket >= $1 AND bucket < $2', [
            hour,
            end,
          ])
        ).rows[0].n;
      const rows = await rowsOfHour();
      let removed = 0;
      if (rows > 0) {
        // Replaces the 5-minute row at the hour's start (the statement reads the rows as they were before it).
        await client.query(
          `INSERT INTO rollups (target_id, node, metric, bucket, count, sum, min, max, last)
           SELECT target_id, node, metric, $1, SUM(count), SUM(sum), MIN(min), MAX(max),
             (ARRAY_AGG(last ORDER BY bucket DESC))[1]
           FROM rollups WHERE bucket >= $1 AND bucket < $2
           GROUP BY target_id, metric, node HAVING COUNT(*) > 1 OR MIN(bucket) <> $1
           ON CONFLICT (target_id, metric, node, bucket) DO UPDATE SET count = excluded.count, sum = excluded.sum,
             min = excluded.min, max = excluded.max, last = excluded.last`,
          [hour, end]
        );
        await client.query('DELETE FROM rollups WHERE bucket > $1 AND bucket < $2', [hour, end]);
        removed = rows - (await rowsOfHour());
      }
      await client.query(
        `INSERT INTO history_marks (name, at) VALUES ('rollups_hourly_before', $1)
         ON CONFLICT (name) DO UPDATE SET at = excluded.at`,
        [end]
      );
      return removed;
    });
  return {
    record: async (samples) => {
      await prepareRecord(samples);
      await recordIn(pool, samples);
    },
    prepareRecord,
    recordIn,
    foldHourly: async (window, lock) => {
      let removed = 0;
      for (let step = await foldNextHour(window, lock); step !== undefined; step = await foldNextHour(window, lock))
        removed += step;
      return removed;
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
