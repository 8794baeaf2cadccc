/**
 * Retention for the embedded store, in slices. At thousands of targets an hour of history is millions of
 * rows (5,000 targets: 300,000 analyses and snapshot rows, 3.6 million rollup rows to fold); one transaction
 * for all of it held the sidecar's only thread for seconds, every hour. Each slice is its own short
 * transaction and the loop turns between slices, so analyses and readers go on. A crash mid-way leaves
 * a consistent store with less pruned; the next run goes on from there.
 */
import { BUCKET_MS, HOURLY_BUCKET_MS, type Store } from '../store.js';
import type { Statement } from 'better-sqlite3';
import { withoutFsync, type Db } from './database.js';

/** Rows per slice: a few milliseconds of work. */
const SLICE_ROWS = 2000;
/** Series per rollup-folding slice (about 60 per node): 12 rows in and 1 out per series, tens of ms. */
const FOLD_SERIES = 300;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function historyRetention(db: Db): Store['prune'] {
  // Retention work is re-done if lost: no fsync per slice (each would block the thread).
  const slice = <T>(work: () => T): T => withoutFsync(db, db.transaction(work));
  /** Runs `work` a slice at a time until it finds fewer rows than a slice; `work` returns rows removed and seen. */
  const inSlices = async (work: () => { removed: number; seen: number }) => {
    let removed = 0;
    for (;;) {
      const done = slice(work);
      removed += done.removed;
      if (done.seen < SLICE_ROWS) return removed;
      await nextTurn();
    }
  };

  // The summaries of unchanged scheduled runs, with their snapshot rows: each points at a body an earlier
  // row stored, except the row that stored it (collected when the body was stored), which stays with it.
  const summaries = db.prepare(
    `SELECT rowid, snapshot_id AS snapshotId FROM analyses
     WHERE queued_at < ? AND report IS NULL AND trigger = 'schedule' AND status = 'succeeded' LIMIT ${SLICE_ROWS}`
  );
  const dropPointer = db.prepare(
    `DELETE FROM snapshots WHERE id = ? AND collected_at <>
       COALESCE((SELECT stored_at FROM snapshot_bodies WHERE hash = snapshots.content_hash), collected_at)`
  );
  const dropAnalysis = db.prepare('DELETE FROM analyses WHERE rowid = ?');
  const pruneSummaries = (before: number) =>
    inSlices(() => {
      const rows = summaries.all(before) as { rowid: number; snapshotId: string | null }[];
      let removed = 0;
      for (const r of rows) {
        if (r.snapshotId) removed += dropPointer.run(r.snapshotId).changes;
        removed += dropAnalysis.run(r.rowid).changes;
      }
      return { removed, seen: rows.length };
    });

  // A DELETE that removes at most a slice of rows, run until it removes fewer.
  const deleteInSlices =
    (statement: Statement) =>
    (...params: unknown[]) =>
      inSlices(() => {
        const n = statement.run(...params).changes;
        return { removed: n, seen: n };
      });
  const byRowid = (table: string, where: string) =>
    deleteInSlices(
      db.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ${SLICE_ROWS})`)
    );
  const oldAnalyses = byRowid('analyses', `queued_at < ? AND status NOT IN ('queued', 'running')`);
  const oldSnapshots = byRowid('snapshots', 'collected_at < ?');
  const orphanBodies = byRowid('snapshot_bodies', 'hash NOT IN (SELECT content_hash FROM snapshots)');
  const oldTargetEvents = byRowid('target_events', 'at < ?');
  // Resolved anomalies age out with their events; open ones stay whatever their age.
  const oldAnomalies = byRowid('anomalies', `status IN ('resolved', 'false_positive') AND last_seen < ?`);
  // Rollup points have no rowid (WITHOUT ROWID): a slice is chosen by their key.
  const oldRollups = deleteInSlices(
    db.prepare(
      `DELETE FROM rollup_points WHERE (series_id, bucket) IN
         (SELECT series_id, bucket FROM rollup_points WHERE bucket < ? LIMIT ${SLICE_ROWS})`
    )
  );

  const foldRollups = rollupFolding(db);

  return async (olderThan, options = {}) => {
    let removed = 0;
    removed += await pruneSummaries(Math.max(olderThan, options.summariesBefore ?? olderThan));
    removed += await oldRollups(olderThan);
    if (options.hourlyBefore !== undefined)
      removed += await foldRollups({ since: olderThan, before: options.hourlyBefore }, slice);
    removed += await oldAnalyses(olderThan);
    removed += await oldSnapshots(olderThan);
    removed += await orphanBodies();
    removed += await oldTargetEvents(olderThan);
    removed += await oldAnomalies(olderThan);
    return removed;
  };
}

/**
 * Folds the 5-minute rollups of each whole hour before `before` into one row at the hour's start, hour by
 * hour from where the last run stopped (history_marks), a few hundred series per slice. Readers see a
 * series' hour either as 12 buckets or as one, never half of it.
 */
function rollupFolding(db: Db) {
  const mark = db.prepare(`SELECT at FROM history_marks WHERE name = 'rollups_hourly_before'`).pluck();
  const setMark = db.prepare(
    `INSERT INTO history_marks (name, at) VALUES ('rollups_hourly_before', ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at`
  );
  const oldest = db.prepare('SELECT MIN(bucket) FROM rollup_points').pluck();
  const lastSeries = db.prepare('SELECT MAX(id) FROM rollup_series').pluck();
  // `bucket IN (...)` rather than a range: twelve seeks into rollup_points_by_bucket (bucket, then series_id)
  // that read only this slice's series, where a range would read the whole hour of every series per slice.
  const buckets = Array.from({ length: HOURLY_BUCKET_MS / BUCKET_MS }, (_, i) => `@hour + ${i * BUCKET_MS}`);
  const inSlice = (list: string[]) => `bucket IN (${list.join(', ')}) AND series_id >= @from AND series_id < @to`;
  const fold = db.prepare(
    `INSERT OR REPLACE INTO rollup_points (series_id, bucket, count, sum, min, max, last)
     SELECT series_id, @hour, SUM(count), SUM(sum), MIN(min), MAX(max),
       (SELECT l.last FROM rollup_points l WHERE l.series_id = r.series_id
          AND l.bucket >= @hour AND l.bucket < @hour + ${HOURLY_BUCKET_MS} ORDER BY l.bucket DESC LIMIT 1)
     FROM rollup_points r WHERE ${inSlice(buckets)}
     GROUP BY series_id HAVING COUNT(*) > 1 OR MIN(bucket) <> @hour`
  );
  const rowsOfHour = db.prepare(`SELECT COUNT(*) FROM rollup_points WHERE ${inSlice(buckets)}`).pluck();
  const dropFolded = db.prepare(`DELETE FROM rollup_points WHERE ${inSlice(buckets.slice(1))}`);

  return async ({ since, before }: { since: number; before: number }, slice: <T>(work: () => T) => T) => {
    const first = (mark.get() as number | undefined) ?? (oldest.get() as number | null);
    if (first === null) return 0;
    const end = ((lastSeries.get() as number | null) ?? 0) + 1;
    let removed = 0;
    const start = Math.floor(Math.max(first, since) / HOURLY_BUCKET_MS) * HOURLY_BUCKET_MS;
    for (let hour = start; hour + HOURLY_BUCKET_MS <= before; hour += HOURLY_BUCKET_MS) {
      for (let from = 0; from < end; from += FOLD_SERIES) {
        const params = { hour, from, to: from + FOLD_SERIES };
        removed += slice(() => {
          if (params.to >= end) setMark.run(hour + HOURLY_BUCKET_MS);
          const rows = rowsOfHour.get(params) as number;
          if (rows === 0) return 0;
          fold.run(params);
          dropFolded.run(params);
          return rows - (rowsOfHour.get(params) as number);
        });
        await nextTurn();
      }
    }
    return removed;
  };
}
