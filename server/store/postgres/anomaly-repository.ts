/** Anomalies and their audit trail in PostgreSQL; the lifecycle as in store/sqlite, row locks for concurrency. */
import type pg from 'pg';
import type { AnomalyRepository, OpenCount } from '../store.js';
import type { Anomaly, AnomalyEvent, AnomalyStatus } from '../../domain/records.js';
import type { AnomalyPlan } from '../../anomalies/anomaly-plan.js';
import { SEVERITY_RANK } from '../../rules/rule-schema.js';
import { countsAt, openIntervals } from '../open-intervals.js';
import { cursorFor, filterSql, listSql } from '../anomaly-query.js';
import { anomalyFromRow, type AnomalyRow } from '../anomaly-row.js';
import { json, numbered, transaction } from './database.js';
import type { Partitions } from './partitions.js';

const MAX_PAGE = 500;

/** The repository, and for a caller's transaction (store.recordAnalysis) `prepareApply` then `applyIn`. */
export function anomalyRepository(
  pool: pg.Pool,
  partitions: Partitions
): AnomalyRepository & {
  prepareApply: (plan: AnomalyPlan) => Promise<void>;
  applyIn: (client: pg.PoolClient, plan: AnomalyPlan) => Promise<void>;
} {
  const event = (
    client: pg.PoolClient,
    e: {
      anomalyId: string;
      at: number;
      kind: string;
      actor: string;
      from: string | null;
      to: string;
      note: string | null;
    }
  ) =>
    client.query(
      'INSERT INTO anomaly_events (anomaly_id, at, kind, actor, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [e.anomalyId, e.at, e.kind, e.actor, e.from, e.to, e.note]
    );
  const lifecycleEvent = async (
    client: pg.PoolClient,
    plan: AnomalyPlan,
    a: Pick<Anomaly, 'id' | 'ruleId' | 'resource' | 'title'>,
    kind: 'opened' | 'reopened' | 'auto_resolved',
    from: AnomalyStatus | null,
    to: AnomalyStatus
  ) => {
    await event(client, { anomalyId: a.id, at: plan.at, kind, actor: 'redislens', from, to, note: null });
    const targetKind =
      kind === 'opened' ? 'anomaly_opened' : kind === 'reopened' ? 'anomaly_reopened' : 'anomaly_resolved';
    await client.query(
      'INSERT INTO target_events (tenant_id, target_id, at, kind, title, detail) VALUES ($1, $2, $3, $4, $5, $6)',
      [
        plan.tenantId,
        plan.targetId,
        plan.at,
        targetKind,
        `${a.ruleId} ${kind.replace('_', '-')} on ${a.resource}: ${a.title}`,
        json.write({ anomalyId: a.id, ruleId: a.ruleId, resource: a.resource }),
      ]
    );
  };
  const getRow = async (db: pg.Pool | pg.PoolClient, tenantId: string, id: string, lock = false) =>
    (
      await db.query<AnomalyRow>(
        `SELECT * FROM anomalies WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
        [tenantId, id]
      )
    ).rows[0];

  // Lifecycle events land in the day's target_events partition, made sure of in a transaction of its own.
  const prepareApply = async (plan: AnomalyPlan) => {
    if (plan.create.length + plan.reopen.length + plan.resolve.length > 0)
      await partitions.ensure('target_events', [plan.at]);
  };
  const applyIn = async (client: pg.PoolClient, plan: AnomalyPlan) => {
    for (const a of plan.create) {
      await client.query(
        `INSERT INTO anomalies (id, tenant_id, target_id, fingerprint, rule_id, category, severity, severity_rank, resource, subject,
             title, message, recommendation, evidence, status, first_seen, last_seen, resolved_at, occurrences)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, NULL, $18)`,
        [
          a.id,
          a.tenantId,
          a.targetId,
          a.fingerprint,
          a.ruleId,
          a.category,
          a.severity,
          SEVERITY_RANK[a.severity],
          a.resource,
          a.subject ?? null,
          a.title,
          a.message,
          a.recommendation,
          json.write(a.evidence),
          a.status,
          a.firstSeen,
          a.lastSeen,
          a.occurrences,
        ]
      );
      await lifecycleEvent(client, plan, a, 'opened', null, 'open');
    }
    const refresh = (r: AnomalyPlan['refresh'][number], reopen: boolean) =>
      client.query(
        `UPDATE anomalies SET ${reopen ? "status = 'open', resolved_at = NULL, " : ''}severity = $2, severity_rank = $3,
             message = $4, evidence = $5, last_seen = $6, occurrences = occurrences + 1 WHERE id = $1`,
        [r.id, r.severity, SEVERITY_RANK[r.severity], r.message, json.write(r.evidence), r.lastSeen]
      );
    for (const r of plan.refresh) await refresh(r, false);
    for (const r of plan.reopen) {
      await refresh(r, true);
      const row = anomalyFromRow(await getRow(client, plan.tenantId, r.id));
      await lifecycleEvent(client, plan, row, 'reopened', 'resolved', 'open');
    }
    for (const a of plan.resolve) {
      await client.query(`UPDATE anomalies SET status = 'resolved', resolved_at = $1 WHERE id = $2`, [plan.at, a.id]);
      await lifecycleEvent(client, plan, a, 'auto_resolved', a.status, 'resolved');
    }
  };

  return {
    active: async (tenantId, targetId) =>
      (
        await pool.query<AnomalyRow>(
          `SELECT * FROM anomalies WHERE tenant_id = $1 AND target_id = $2 AND status IN ('open', 'acknowledged', 'false_positive')`,
          [tenantId, targetId]
        )
      ).rows.map(anomalyFromRow),
    byFingerprints: async (tenantId, fingerprints) => {
      if (fingerprints.length === 0) return [];
      const { rows } = await pool.query<AnomalyRow>(
        'SELECT * FROM anomalies WHERE tenant_id = $1 AND fingerprint = ANY($2)',
        [tenantId, fingerprints]
      );
      const byPrint = new Map(rows.map((r) => [r.fingerprint, r]));
      return fingerprints.flatMap((f) => (byPrint.has(f) ? [anomalyFromRow(byPrint.get(f)!)] : []));
    },
    apply: async (plan) => {
      await prepareApply(plan);
      await transaction(pool, (client) => applyIn(client, plan));
    },
    prepareApply,
    applyIn,
    get: async (tenantId, id) => {
      const row = await getRow(pool, tenantId, id);
      return row && anomalyFromRow(row);
    },
    query: async (tenantId, query) => {
      const limit = Math.min(query.limit ?? 100, MAX_PAGE);
      const { sql, params, columns } = listSql(tenantId, query);
      const { rows } = await pool.query<AnomalyRow>(numbered(sql), [...params, limit + 1]);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1] as unknown as Record<string, unknown> | undefined;
      return {
        items: page.map(anomalyFromRow),
        ...(rows.length > limit && last ? { nextCursor: cursorFor(last, columns) } : {}),
      };
    },
    // One transaction, rows locked: every id is checked, changed and audited together, or nothing is.
    setStatus: async (tenantId, ids, change) =>
      transaction(pool, async (client) => {
        const rows: AnomalyRow[] = [];
        for (const id of ids) {
          const row = await getRow(client, tenantId, id, true);
          if (!row) return { missing: id };
          rows.push(row);
        }
        const changed: Anomaly[] = [];
        for (const row of rows) {
          const current = await getRow(client, tenantId, row.id);
          if (current.status !== change.status)
            await client.query('UPDATE anomalies SET status = $1, resolved_at = $2 WHERE id = $3', [
              change.status,
              change.status === 'resolved' ? change.at : null,
              row.id,
            ]);
          await event(client, {
            anomalyId: row.id,
            at: change.at,
            kind: 'status_changed',
            actor: change.actor,
            from: current.status,
            to: change.status,
            note: change.note ?? null,
          });
          changed.push(anomalyFromRow(await getRow(client, tenantId, row.id)));
        }
        return changed;
      }),
    history: async (tenantId, id) =>
      (
        await pool.query<AnomalyEvent & { note: string | null; fromStatus: AnomalyStatus | null }>(
          `SELECT e.id, e.anomaly_id AS "anomalyId", e.at, e.kind, e.actor, e.from_status AS "fromStatus", e.to_status AS "toStatus", e.note
           FROM anomaly_events e JOIN anomalies a ON a.id = e.anomaly_id WHERE a.tenant_id = $1 AND a.id = $2 ORDER BY e.id`,
          [tenantId, id]
        )
      ).rows.map((e) => ({ ...e, fromStatus: e.fromStatus ?? undefined, note: e.note ?? undefined })),
    openAt: async (tenantId, instants, filter = {}) => {
      if (instants.length === 0) return [];
      const from = Math.min(...instants);
      const to = Math.max(...instants);
      const { where, params } = filterSql(tenantId, { ...filter, from: undefined, to: undefined });
      const { rows } = await pool.query<{ severity: Anomaly['severity']; f: number; r: number | null }>(
        numbered(
          `SELECT severity, first_seen AS f, resolved_at AS r FROM anomalies WHERE ${where} AND status NOT IN ('false_positive', 'acknowledged')
           AND first_seen <= ? AND (resolved_at IS NULL OR resolved_at > ?)`
        ),
        [...params, to, from]
      );
      return countsAt(openIntervals(rows), instants);
    },
    openCounts: async () =>
      (
        await pool.query<OpenCount>(
          `SELECT tenant_id AS "tenantId", target_id AS "targetId", rule_id AS "ruleId", severity, COUNT(*) AS count
           FROM anomalies WHERE status = 'open' GROUP BY tenant_id, target_id, rule_id, severity`
        )
      ).rows,
  };
}
