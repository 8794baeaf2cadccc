import type { AnalysisRepository, AnalysisResult } from '../store.js';
import type { Analysis } from '../../domain/records.js';
import { ANALYSIS_COLUMNS, analysisFromRow, type AnalysisRow } from '../analysis-row.js';
import { json, type Db } from './database.js';
import type { GroupCommit } from './group-commit.js';
import { decodeReport, reportBytes } from '../report-encoding.js';

/**
 * The repository, and `finishNow` for a caller's transaction (store.recordAnalysis). The sidecar's own
 * bookkeeping (a tick's analyses queued, started, their progress and end) goes through `group`: committed
 * with the others of its turn, in order, without an fsync (re-derived after a crash: unfinished analyses are
 * marked interrupted).
 */
export function analysisRepository(
  db: Db,
  group: GroupCommit
): AnalysisRepository & {
  finishNow: (id: string, outcome: AnalysisResult) => void;
  dropReportNow: (id: string) => void;
} {
  const insert = db.prepare(
    `INSERT INTO analyses (id, tenant_id, target_id, trigger, status, queued_at, progress) VALUES (@id, @tenantId, @targetId, @trigger, @status, @queuedAt, @progress)`
  );
  const running = db.prepare(`UPDATE analyses SET status = 'running', started_at = ? WHERE id = ?`);
  const progress = db.prepare('UPDATE analyses SET progress = ? WHERE id = ?');
  const finish = db.prepare(
    'UPDATE analyses SET status = @status, finished_at = @finishedAt, progress = COALESCE(@progress, progress), summary = @summary, error = @error, snapshot_id = @snapshotId, report = @report WHERE id = @id'
  );
  const get = db.prepare(`SELECT ${ANALYSIS_COLUMNS} FROM analyses WHERE tenant_id = ? AND id = ?`);
  const report = db.prepare('SELECT report FROM analyses WHERE tenant_id = ? AND id = ?');
  const list = db.prepare(
    `SELECT ${ANALYSIS_COLUMNS} FROM analyses WHERE tenant_id = ? AND target_id = ? ORDER BY queued_at DESC LIMIT ?`
  );
  const interrupt = db.prepare(
    `UPDATE analyses SET status = 'interrupted', finished_at = ?, error = 'the sidecar stopped before this analysis finished' WHERE status IN ('queued', 'running')`
  );
  const interruptRunning = db.prepare(
    `UPDATE analyses SET status = 'interrupted', finished_at = @now, error = 'the sidecar stopped before this analysis finished'
     WHERE status = 'running' AND (@before IS NULL OR started_at < @before) AND (@target IS NULL OR target_id = @target)`
  );
  const createMany = db.transaction((analyses: Analysis[]) => {
    for (const a of analyses) insert.run({ ...a, progress: json.write(a.progress) });
  });
  const dropReport = db.prepare('UPDATE analyses SET report = NULL WHERE id = ?');
  const finishNow = (id: string, o: AnalysisResult) =>
    void finish.run({
      id,
      status: o.status,
      finishedAt: o.finishedAt,
      progress: o.progress ? json.write(o.progress) : null,
      summary: o.summary ? json.write(o.summary) : null,
      error: o.error ?? null,
      snapshotId: o.snapshotId ?? null,
      report: o.report === undefined ? null : reportBytes(o.report),
    });
  return {
    // An API request's own, synced before it is acknowledged.
    create: async (a) => createMany([a]),
    createMany: (analyses) => group.add(() => createMany(analyses)),
    markRunning: (id, at) => group.add(() => void running.run(at, id)),
    updateProgress: (id, p) => group.add(() => void progress.run(json.write(p), id)),
    finish: (id, o) => group.add(() => finishNow(id, o)),
    finishNow,
    dropReportNow: (id: string) => void dropReport.run(id),
    get: async (tenantId, id) => {
      const row = get.get(tenantId, id) as AnalysisRow | undefined;
      return row && analysisFromRow(row);
    },
    report: async (tenantId, id) => {
      const row = report.get(tenantId, id) as { report: Buffer | null } | undefined;
      return row?.report ? decodeReport(row.report) : undefined;
    },
    list: async (tenantId, targetId, limit) =>
      (list.all(tenantId, targetId, limit) as AnalysisRow[]).map(analysisFromRow),
    interruptUnfinished: async (now, options) =>
      options
        ? interruptRunning.run({ now, before: options.startedBefore ?? null, target: options.targetId ?? null }).changes
        : interrupt.run(now).changes,
  };
}
