/** Metric history as 5-minute buckets: count, sum, min, max and last value per bucket. */
import { BUCKET_MS, type RollupRepository, type RollupSample } from '../store.js';
import type { RollupPoint } from '../../domain/records.js';
import type { Db } from './database.js';

/** The repository, and `recordNow` for a caller's transaction (store.recordAnalysis). */
export function rollupRepository(db: Db): RollupRepository & { recordNow: (samples: RollupSample[]) => void } {
  const upsert = db.prepare(
    `INSERT INTO rollups (target_id, node, metric, bucket, count, sum, min, max, last) VALUES (@targetId, @node, @metric, @bucket, 1, @value, @value, @value, @value)
     ON CONFLICT (target_id, metric, node, bucket) DO UPDATE SET count = count + 1, sum = sum + excluded.sum,
       min = MIN(min, excluded.min), max = MAX(max, excluded.max), last = excluded.last`
  );
  const recordNow = db.transaction((samples: RollupSample[]) => {
    for (const s of samples) upsert.run({ ...s, bucket: Math.floor(s.time / BUCKET_MS) * BUCKET_MS });
  });
  return {
    record: async (samples) => recordNow(samples),
    recordNow,
    series: async (targetIds, { metrics, node, from, to }) => {
      if (targetIds.length === 0 || metrics.length === 0) return [];
      const marks = (n: number) => Array(n).fill('?').join(', ');
      return db
        .prepare(
          `SELECT target_id AS targetId, node, metric, bucket, count, sum, min, max, last FROM rollups
           WHERE target_id IN (${marks(targetIds.length)}) AND metric IN (${marks(metrics.length)}) AND bucket BETWEEN ? AND ?${node ? ' AND node = ?' : ''}
           ORDER BY target_id, metric, node, bucket`
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
