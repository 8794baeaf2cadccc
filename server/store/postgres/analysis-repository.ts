import type pg from 'pg';
import type { AnalysisRepository, AnalysisResult } from '../store.js';
import type { Analysis } from '../../domain/records.js';
import { ANALYSIS_COLUMNS, analysisFromRow, type AnalysisRow } from '../analysis-row.js';
import { json, type Queryable } from './database.js';
import { decodeReport, reportBytes } from '../report-encoding.js';

/** The repository, and `finishIn` for a caller's transaction (store.recordAnalysis). */
export function analysisRepository(pool: pg.Pool): AnalysisRepository & {
  finishIn: (q: Queryable, id: string, outcome: AnalysisResult) => Promise<void>;
  dropReportIn: (q: Queryable, id: string) => Promise<void>;
} {
  const finishIn = async (q: Queryable, id: string, o: AnalysisResult) =>
    void (await q.query(
      'UPDATE analyses SET status = $2, finished_at = $3, summary = $4, error = $5, snapshot_id = $6, report = $7, progress = COALESCE($8, progress) WHERE id = $1',
      [
        id,
        o.status,
        o.finishedAt,
        o.summary ? json.write(o.summary) : null,
        o.error ?? null,
        o.snapshotId ?? null,
        o.report === undefined ? null : reportBytes(o.report),
        o.progress ? json.write(o.progress) : null,
      ]
    ));
  // One statement for any number of rows.
  const createMany = async (analyses: Analysis[]) => {
    if (analyses.length === 0) return;
    await pool.query(
      `INSERT INTO analyses (id, tenant_id, target_id, trigger, status, queued_at, progress)
       SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])`,
      [
        analyses.map((a) => a.id),
        analyses.map((a) => a.tenantId),
        analyses.map((a) => a.targetId),
        analyses.map((a) => a.trigger),
        analyses.map((a) => a.status),
        analyses.map((a) => a.queuedAt),
        analyses.map((a) => json.write(a.progress)),
      ]
    );
  };
  return {
    create: (a) => createMany([a]),
    createMany,
    markRunning: async (id, at) =>
      void (await pool.query(`UPDATE analyses SET status = 'running', started_at = $1 WHERE id = $2`, [at, id])),
    updateProgress: async (id, p) =>
      void (await pool.query('UPDATE analyses SET progress = $1 WHERE id = $2', [json.write(p), id])),
    finish: (id, o) => finishIn(pool, id, o),
    finishIn,
    dropReportIn: async (q, id) => void (await q.query('UPDATE analyses SET report = NULL WHERE id = $1', [id])),
    get: async (tenantId, id) => {
      const { rows } = await pool.query<AnalysisRow>(
        `SELECT ${ANALYSIS_COLUMNS} FROM analyses WHERE tenant_id = $1 AND id = $2`,
        [tenantId, id]
      );
      return rows[0] && analysisFromRow(rows[0]);
    },
    report: async (tenantId, id) => {
      const { rows } = await pool.query<{ report: Buffer | null }>(
        'SELECT report FROM analyses WHERE tenant_id = $1 AND id = $2',
        [tenantId, id]
      );
      return rows[0]?.report ? decodeReport(rows[0].report) : undefined;
    },
    list: async (tenantId, targetId, limit) =>
      (
        await pool.query<AnalysisRow>(
          `SELECT ${ANALYSIS_COLUMNS} FROM analyses WHERE tenant_id = $1 AND target_id = $2 ORDER BY queued_at DESC LIMIT $3`,
          [tenantId, targetId, limit]
        )
      ).rows.map(analysisFromRow),
    interruptUnfinished: async (now, options) =>
      (
        await pool.query(
          options
            ? `UPDATE analyses SET status = 'interrupted', finished_at = $1, error = 'the sidecar stopped before this analysis finished'
               WHERE status = 'running' AND ($2::bigint IS NULL OR started_at < $2) AND ($3::text IS NULL OR target_id = $3)`
            : `UPDATE analyses SET status = 'interrupted', finished_at = $1, error = 'the sidecar stopped before this analysis finished'
               WHERE status IN ('queued', 'running')`,
          options ? [now, options.startedBefore ?? null, options.targetId ?? null] : [now]
        )
      ).rowCount ?? 0,
  };
}
