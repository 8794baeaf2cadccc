/** An analyses row as both stores return it (progress and summary as JSON text, times as epoch ms). */
import type { Analysis } from '../domain/records.js';
import { json } from './json-column.js';

export interface AnalysisRow {
  id: string;
  tenant_id: string;
  target_id: string;
  trigger: Analysis['trigger'];
  status: Analysis['status'];
  queued_at: number;
  started_at: number | null;
  finished_at: number | null;
  progress: string;
  summary: string | null;
  error: string | null;
  snapshot_id: string | null;
  /** 0/1 from SQLite, a boolean from PostgreSQL. */
  has_report: number | boolean;
}

export const ANALYSIS_COLUMNS =
  'id, tenant_id, target_id, trigger, status, queued_at, started_at, finished_at, progress, summary, error, snapshot_id, (report IS NOT NULL) AS has_report';

export const analysisFromRow = (r: AnalysisRow): Analysis => ({
  id: r.id,
  tenantId: r.tenant_id,
  targetId: r.target_id,
  trigger: r.trigger,
  status: r.status,
  queuedAt: r.queued_at,
  ...(r.started_at != null ? { startedAt: r.started_at } : {}),
  ...(r.finished_at != null ? { finishedAt: r.finished_at } : {}),
  progress: json.read(r.progress) ?? { done: 0, found: 0 },
  ...(r.summary ? { summary: json.read(r.summary) } : {}),
  ...(r.error ? { error: r.error } : {}),
  ...(r.snapshot_id ? { snapshotId: r.snapshot_id } : {}),
  hasReport: Boolean(r.has_report),
});
