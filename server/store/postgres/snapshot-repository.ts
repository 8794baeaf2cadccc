/** Snapshots as in store/sqlite: a row per analysis, the fleet body stored again only when it changed. */
import { gzipSync, gunzipSync } from 'node:zlib';
import type pg from 'pg';
import type { SnapshotRepository } from '../store.js';
import type { SnapshotMeta } from '../../domain/records.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import { sha256Hex } from '../../domain/sha256.js';
import { storedFleet, type StoredFleet } from '../stored-fleet.js';
import { transaction } from './database.js';
import type { Partitions } from './partitions.js';

interface Row {
  id: string;
  tenant_id: string;
  target_id: string;
  analysis_id: string;
  collected_at: number;
  content_hash: string;
}

const meta = (r: Row): SnapshotMeta => ({
  id: r.id,
  tenantId: r.tenant_id,
  targetId: r.target_id,
  analysisId: r.analysis_id,
  collectedAt: r.collected_at,
  contentHash: r.content_hash,
});

const withFleet = (row: (Row & { body: Buffer }) | undefined) =>
  row && { ...meta(row), fleet: JSON.parse(gunzipSync(row.body).toString('utf8')) as FleetSnapshot };

/** The repository, and for a caller's transaction (store.recordAnalysis) `prepareSave` then `saveIn`. */
export function snapshotRepository(
  pool: pg.Pool,
  partitions: Partitions
): SnapshotRepository & {
  prepareSave: (m: Omit<SnapshotMeta, 'contentHash'>) => Promise<void>;
  saveIn: typeof saveIn;
} {
  // The day's partition, in a transaction of its own (DDL under a lock: never inside a writer's).
  const prepareSave = (m: Omit<SnapshotMeta, 'contentHash'>) => partitions.ensure('snapshots', [m.collectedAt]);
  return {
    save: async (m, fleet, options) => {
      await prepareSave(m);
      return transaction(pool, (client) => saveIn(client, m, storedFleet(fleet), options));
    },
    prepareSave,
    saveIn,
    get: async (tenantId, id) =>
      withFleet(
        (
          await pool.query<Row & { body: Buffer }>(
            'SELECT s.*, b.body FROM snapshots s JOIN snapshot_bodies b ON b.hash = s.content_hash WHERE s.tenant_id = $1 AND s.id = $2',
            [tenantId, id]
          )
        ).rows[0]
      ),
    latest: async (tenantId, targetId) =>
      withFleet(
        (
          await pool.query<Row & { body: Buffer }>(
            `SELECT s.*, b.body FROM snapshots s JOIN snapshot_bodies b ON b.hash = s.content_hash
             WHERE s.tenant_id = $1 AND s.target_id = $2 ORDER BY s.collected_at DESC LIMIT 1`,
            [tenantId, targetId]
          )
        ).rows[0]
      ),
    list: async (tenantId, targetId, limit) =>
      (
        await pool.query<Row>(
          'SELECT * FROM snapshots WHERE tenant_id = $1 AND target_id = $2 ORDER BY collected_at DESC LIMIT $3',
          [tenantId, targetId, limit]
        )
      ).rows.map(meta),
  };
}

/** Inside the caller's transaction: the previous body is read and the new row (and body) written together. */
async function saveIn(
  client: pg.PoolClient,
  m: Omit<SnapshotMeta, 'contentHash'>,
  { json: text, configHash }: StoredFleet,
  { fullEverySeconds }: { fullEverySeconds: number }
): Promise<SnapshotMeta> {
  const previous = (
    await client.query<{ hash: string; configHash: string; at: number }>(
      `SELECT s.content_hash AS hash, b.config_hash AS "configHash", s.collected_at AS at
             FROM snapshots s JOIN snapshot_bodies b ON b.hash = s.content_hash
             WHERE s.tenant_id = $1 AND s.target_id = $2 ORDER BY s.collected_at DESC LIMIT 1`,
      [m.tenantId, m.targetId]
    )
  ).rows[0];
  const since = previous
    ? ((
        await client.query<{ since: number | null }>(
          'SELECT MIN(collected_at) AS since FROM snapshots WHERE content_hash = $1',
          [previous.hash]
        )
      ).rows[0].since ?? previous.at)
    : 0;
  const reuse = previous && previous.configHash === configHash && m.collectedAt - since < fullEverySeconds * 1000;
  let contentHash = previous?.hash ?? '';
  if (!reuse) {
    contentHash = sha256Hex(text);
    await client.query(
      'INSERT INTO snapshot_bodies (hash, body, config_hash) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING',
      [contentHash, gzipSync(text), configHash]
    );
  }
  const saved = { ...m, contentHash };
  await client.query(
    'INSERT INTO snapshots (id, tenant_id, target_id, analysis_id, collected_at, content_hash) VALUES ($1, $2, $3, $4, $5, $6)',
    [saved.id, saved.tenantId, saved.targetId, saved.analysisId, saved.collectedAt, saved.contentHash]
  );
  return saved;
}
