/**
 * The shared PostgreSQL store (`--store postgres://...`): several sidecars
 * read and write one database, so any replica answers the same.
 */
import type { Store } from '../store.js';
import { createPool, transaction } from './database.js';
import { migrate } from './migrations.js';
import { DAY_MS, PARTITIONED, Partitions, type PartitionedTable } from './partitions.js';
import { targetRepository, tenantRepository } from './tenant-target-repositories.js';
import { analysisRepository } from './analysis-repository.js';
import { snapshotRepository } from './snapshot-repository.js';
import { anomalyRepository } from './anomaly-repository.js';
import { eventRepository, rollupRepository, ruleOverrideRepository } from './history-repositories.js';

/** Only one sidecar prunes at a time; the others skip that round. */
const PRUNE_LOCK = 7_245_019_334;

export async function openPostgresStore(url: string, options: { poolSize?: number } = {}): Promise<Store> {
  const pool = createPool(url, options.poolSize);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const partitions = new Partitions(pool);
  const now = Date.now();
  for (const table of Object.keys(PARTITIONED) as PartitionedTable[])
    await partitions.ensure(table, [now, now + DAY_MS]);
  const analyses = analysisRepository(pool);
  const snapshots = snapshotRepository(pool, partitions);
  const anomalies = anomalyRepository(pool, partitions);
  const events = eventRepository(pool, partitions);
  const rollups = rollupRepository(pool, partitions);
  const pruneHistory = (olderThan: number, options?: { summariesBefore?: number }) =>
    transaction(pool, async (client) => {
      const { rows } = await client.query<{ got: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS got', [
        PRUNE_LOCK,
      ]);
      if (!rows[0].got) return 0;
      let removed = 0;
      // Summaries of unchanged runs go with their snapshot rows, except the first row of each body (its age
      // decides when the next full body is stored). The sub-statements all see the rows as they were.
      removed += (
        await client.query<{ n: number }>(
          `WITH gone AS (
             DELETE FROM analyses WHERE queued_at < $1 AND report IS NULL AND trigger = 'schedule' AND status = 'succeeded'
             RETURNING snapshot_id
           ), pointers AS (
             DELETE FROM snapshots s USING gone WHERE s.id = gone.snapshot_id
               AND s.collected_at > (SELECT MIN(f.collected_at) FROM snapshots f WHERE f.content_hash = s.content_hash)
             RETURNING 1
           )
           SELECT ((SELECT COUNT(*) FROM gone) + (SELECT COUNT(*) FROM pointers))::int AS n`,
          [Math.max(olderThan, options?.summariesBefore ?? olderThan)]
        )
      ).rows[0].n;
      removed += await partitions.dropBefore(client, 'rollups', olderThan);
      removed +=
        (
          await client.query(`DELETE FROM analyses WHERE queued_at < $1 AND status NOT IN ('queued', 'running')`, [
            olderThan,
          ])
        ).rowCount ?? 0;
      removed += await partitions.dropBefore(client, 'snapshots', olderThan);
      removed +=
        (
          await client.query(
            'DELETE FROM snapshot_bodies b WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.content_hash = b.hash)'
          )
        ).rowCount ?? 0;
      removed += await partitions.dropBefore(client, 'target_events', olderThan);
      // Resolved anomalies age out with their events; open ones stay whatever their age.
      removed +=
        (
          await client.query(
            `DELETE FROM anomalies WHERE status IN ('resolved', 'false_positive') AND last_seen < $1`,
            [olderThan]
          )
        ).rowCount ?? 0;
      return removed;
    });
  return {
    tenants: tenantRepository(pool),
    targets: targetRepository(pool),
    analyses,
    snapshots,
    anomalies,
    events,
    rollups,
    ruleOverrides: ruleOverrideRepository(pool),
    recordAnalysis: async (o) => {
      // Partitions first: DDL runs in transactions of its own, never inside a writer's.
      await snapshots.prepareSave(o.snapshot.meta);
      await events.prepareAdd(o.events);
      await rollups.prepareRecord(o.rollups);
      if (o.anomalies) await anomalies.prepareApply(o.anomalies);
      await transaction(pool, async (client) => {
        await snapshots.saveIn(client, o.snapshot.meta, o.snapshot.fleet, {
          fullEverySeconds: o.snapshot.fullEverySeconds,
        });
        for (const e of o.events) await events.addIn(client, e);
        await rollups.recordIn(client, o.rollups);
        if (o.anomalies) await anomalies.applyIn(client, o.anomalies);
        await analyses.finishIn(client, o.analysisId, o.result);
        if (o.supersedes) await analyses.dropReportIn(client, o.supersedes);
      });
    },
    prune: async (olderThan, options) =>
      (await pruneHistory(olderThan, options)) +
      (options?.hourlyBefore === undefined
        ? 0
        : await rollups.foldHourly({ since: olderThan, before: options.hourlyBefore }, PRUNE_LOCK)),
    exclusively: async (name, work) => {
      // A session lock on its own connection, held for the whole of `work` (which uses other connections).
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [`redislens:${name}`]);
        try {
          return await work();
        } finally {
          await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`redislens:${name}`]);
        }
      } finally {
        client.release();
      }
    },
    ping: async () => void (await pool.query('SELECT 1')),
    close: () => pool.end(),
  };
}
