/**
 * Metric history as buckets (5-minute, folded hourly after a day: history-retention.ts) of count, sum, min,
 * max and last value. A series (target, metric, node) is numbered once in rollup_series; its points carry
 * the number.
 */
import { BUCKET_MS, type RollupRepository, type RollupSample } from '../store.js';
import type { RollupPoint } from '../../domain/records.js';
import type { Db } from './database.js';

/** The repository, and `recordNow` for a caller's transaction (store.recordAnalysis). */
export function rollupRepository(db: Db): RollupRepository & { recordNow: (samples: RollupSample[]) => void } {
  const seriesId = db.prepare('SELECT id FROM rollup_series WHERE target_id = ? AND metric = ? AND node = ?').pluck();
  const addSeries = db.prepare('INSERT INTO rollup_series (target_id, metric, node) VALUES (?, ?, ?)');
  const upsert = db.prepare(
    `INSERT INTO rollup_points (series_id, bucket, count, sum, min, max, last) VALUES (@series, @bucket, 1, @value, @value, @value, @value)
     ON CONFLICT (series_id, bucket) DO UPDATE SET count = count + 1, sum = sum + excluded.sum,
       min = MIN(min, excluded.min), max = MAX(max, excluded.max), last = excluded.last`
  );
  const recordNow = db.transaction((samples: RollupSample[]) => {
    for (const s of samples) {
      const series =
        (seriesId.get(s.targetId, s.metric, s.node) as number | undefined) ??
        Number(addSeries.run(s.targetId, s.metric, s.node).lastInsertRowid);
      upsert.run({ series, value: s.value, bucket: Math.floor(s.time / BUCKET_MS) * BUCKET_MS });
    }
  });
  return {
    record: async (samples) => recordNow(samples),
    recordNow,
    series: async (targetIds, { metrics, node, from, to }) => {
      if (targetIds.length === 0 || metrics.length === 0) return [];
      const marks = (n: number) => Array(n).fill('?').join(', ');
      return db
        .prepare(
          `SELECT s.target_id AS targetId, s.node, s.metric, p.bucket, p.count, p.sum, p.min, p.max, p.last
           FROM rollup_series s JOIN rollup_points p ON p.series_id = s.id
           WHERE s.target_id IN (${marks(targetIds.length)}) AND s.metric IN (${marks(metrics.length)})
             AND p.bucket BETWEEN ? AND ?${node ? ' AND s.node = ?' : ''}
           ORDER BY s.target_id, s.metric, s.node, p.bucket`
        )
        .all(
          ...targetIds,
          ...metrics,
          Math.floor(from / BUCKET_MS) * BUCKET_MS,
          to,
          ...(node ? [node] : [])
        ) as RollupPoint[];
    },
  };
}
