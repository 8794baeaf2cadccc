/**
 * Retention for the embedded store, in slices. At thousands of targets an hour of history is millions of
 * rows (5,000 targets: 300,000 analyses and snapshot rows, 3.6 million rollup rows to fold); one transaction
 * for all of it held the sidecar's only thread for seconds, every hour. Each slice is its own short
 * transaction and the loop turns between slices, so analyses and readers go on. A crash mid-way leaves
 * a consistent store with less pruned; the next run goes on from there.
 */
import { BUCKET_MS, HOURLY_BUCKET_MS } from '../store.js';
import { withoutFsync, type Db } from './database.js';

/** Rows per slice: a few milliseconds of work. */
const SLICE_ROWS = 2000;
/** Targets per rollup-folding slice: about 60 series each, 12 rows in and 1 out per series (tens of ms). */
const FOLD_TARGETS = 5;
/** Above every target id (ids are compared as UTF-8 bytes). */
const PAST_EVERY_ID = '\u{10FFFF}';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PruneOptions {
  summariesBefore?: number;
  hourlyBefore?: number;
}

export function historyRetention(db: Db): (olderThan: number, options?: PruneOptions) => Promise<number> {
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

  const byRowid = (table: string, where: string) => {
    const statement = db.prepare(
      `DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT ${SLICE_ROWS})`
    );
    return (...params: unknown[]) =>
      inSlices(() => {
        const n = statement.run(...params).changes;
        return { removed: n, seen: n };
      });
  };
  const oldAnalyses = byRowid('analyses', `queued_at < ? AND status NOT IN ('queued', 'running')`);
  const oldSnapshots = byRowid('snapshots', 'collected_at < ?');
  const orphanBodies = byRowid('snapshot_bodies', 'hash NOT IN (SELECT content_hash FROM snapshots)');
  const oldTargetEvents = byRowid('target_events', 'at < ?');
  // Resolved anomalies age out with their events; open ones stay whatever their age.
  const oldAnomalies = byRowid('anomalies', `status IN ('resolved', 'false_positive') AND last_seen < ?`);
  const oldRollupsStatement = db.prepare(
    `DELETE FROM rollups WHERE (target_id, metric, node, bucket) IN
       (SELECT target_id, metric, node, bucket FROM rollups WHERE bucket < ? LIMIT ${SLICE_ROWS})`
  );
  const oldRollups = (before: number) =>
    inSlices(() => {
      const n = oldRollupsStatement.run(before).changes;
      return { removed: n, seen: n };
    });

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
 * hour from where the last run stopped (history_marks), a few targets per slice. Readers see an hour either
 * as 12 buckets or as one: never half of it (a slice folds every series of its targets for that hour).
 */
function rollupFolding(db: Db) {
  const mark = db.prepare(`SELECT at FROM history_marks WHERE name = 'rollups_hourly_before'`);
  const setMark = db.prepare(
    `INSERT INTO history_marks (name, at) VALUES ('rollups_hourly_before', ?) ON CONFLICT (name) DO UPDATE SET at = excluded.at`
  );
  const oldest = db.prepare('SELECT MIN(bucket) AS bucket FROM rollups');
  const targetIds = db.prepare('SELECT id FROM targets ORDER BY id').pluck();
  // `bucket IN (...)` rather than a range: twelve seeks into rollups_by_bucket (bucket, then target_id) that
  // read only this slice's targets, where a range would read the whole hour of every target per slice.
  const buckets = Array.from({ length: HOURLY_BUCKET_MS / BUCKET_MS }, (_, i) => `@hour + ${i * BUCKET_MS}`);
  const fold = db.prepare(
    `INSERT OR REPLACE INTO rollups (target_id, node, metric, bucket, count, sum, min, max, last)
     SELECT target_id, node, metric, @hour, SUM(count), SUM(sum), MIN(min), MAX(max),
       (SELECT l.last FROM rollups l WHERE l.target_id = r.target_id AND l.metric = r.metric AND l.node = r.node
          AND l.bucket >= @hour AND l.bucket < @hour + ${HOURLY_BUCKET_MS} ORDER BY l.bucket DESC LIMIT 1)
     FROM rollups r WHERE bucket IN (${buckets.join(', ')}) AND target_id >= @from AND target_id < @to
     GROUP BY target_id, metric, node HAVING COUNT(*) > 1 OR MIN(bucket) <> @hour`
  );
  const rowsOfHour = db
    .prepare(
      `SELECT COUNT(*) FROM rollups WHERE bucket IN (${buckets.join(', ')}) AND target_id >= @from AND target_id < @to`
    )
    .pluck();
  const dropFolded = db.prepare(
    `DELETE FROM rollups WHERE bucket IN (${buckets.slice(1).join(', ')}) AND target_id >= @from AND target_id < @to`
  );

  return async ({ since, before }: { since: number; before: number }, slice: <T>(work: () => T) => T) => {
    const first = (mark.get() as { at: number } | undefined)?.at ?? (oldest.get() as { bucket: number | null }).bucket;
    if (first === null) return 0;
    // Rollups of targets since removed fold with the slice whose id range holds them.
    const ids = targetIds.all() as string[];
    const bounds = [''];
    for (let i = FOLD_TARGETS; i < ids.length; i += FOLD_TARGETS) bounds.push(ids[i]);
    bounds.push(PAST_EVERY_ID);
    let removed = 0;
    const start = Math.floor(Math.max(first, since) / HOURLY_BUCKET_MS) * HOURLY_BUCKET_MS;
    for (let hour = start; hour + HOURLY_BUCKET_MS <= before; hour += HOURLY_BUCKET_MS) {
      for (let i = 0; i + 1 < bounds.length; i++) {
        const params = { hour, from: bounds[i], to: bounds[i + 1] };
        const last = i + 2 === bounds.length;
        removed += slice(() => {
          if (last) setMark.run(hour + HOURLY_BUCKET_MS);
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
