/**
 * Snapshots: every analysis gets a row; the fleet body (full CONFIG and
 * INFO of every node) is stored again only when configuration or topology
 * changed, or when the last stored body is older than fullEverySeconds.
 * In between, a row points at the latest body; rollups keep the metrics.
 */
import { gzipSync, gunzipSync } from 'node:zlib';
import type { SnapshotRepository } from '../store.js';
import type { SnapshotMeta } from '../../domain/records.js';
import type { FleetSnapshot } from '../../collect/snapshot.js';
import type { Db } from './database.js';
import { sha256Hex } from '../../domain/sha256.js';
import { storedFleet, type StoredFleet } from '../stored-fleet.js';

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

/** The repository, and `saveNow` for a caller's transaction (store.recordAnalysis). */
export function snapshotRepository(db: Db): SnapshotRepository & { saveNow: typeof save } {
  const latestBody = db.prepare(
    `SELECT s.content_hash AS hash, b.config_hash AS configHash, s.collected_at AS at, b.stored_at AS storedAt
     FROM snapshots s JOIN snapshot_bodies b ON b.hash = s.content_hash
     WHERE s.tenant_id = ? AND s.target_id = ? ORDER BY s.collected_at DESC LIMIT 1`
  );
  // Only for bodies stored before stored_at existed (a scan; they are replaced within fullEverySeconds).
  const bodyAge = db.prepare(`SELECT MIN(collected_at) AS since FROM snapshots WHERE content_hash = ?`);
  const insertBody = db.prepare(
    'INSERT OR IGNORE INTO snapshot_bodies (hash, body, config_hash, stored_at) VALUES (?, ?, ?, ?)'
  );
  const insert = db.prepare(
    'INSERT INTO snapshots (id, tenant_id, target_id, analysis_id, collected_at, content_hash) VALUES (@id, @tenantId, @targetId, @analysisId, @collectedAt, @contentHash)'
  );
  const get = db.prepare(
    'SELECT s.*, b.body FROM snapshots s JOIN snapshot_bodies b ON b.hash = s.content_hash WHERE s.tenant_id = ? AND s.id = ?'
  );
  const latest = db.prepare(
    'SELECT s.*, b.body FROM snapshots s JOIN snapshot_bodies b ON b.hash = s.content_hash WHERE s.tenant_id = ? AND s.target_id = ? ORDER BY s.collected_at DESC LIMIT 1'
  );
  const list = db.prepare(
    'SELECT * FROM snapshots WHERE tenant_id = ? AND target_id = ? ORDER BY collected_at DESC LIMIT ?'
  );
  const withFleet = (row: (Row & { body: Buffer }) | undefined) =>
    row && { ...meta(row), fleet: JSON.parse(gunzipSync(row.body).toString('utf8')) as FleetSnapshot };

  const save = (
    m: Omit<SnapshotMeta, 'contentHash'>,
    { json: text, configHash }: StoredFleet,
    { fullEverySeconds }: { fullEverySeconds: number }
  ): SnapshotMeta => {
    return db.transaction(() => {
      const previous = latestBody.get(m.tenantId, m.targetId) as
        { hash: string; configHash: string; at: number; storedAt: number | null } | undefined;
      const since = !previous
        ? 0
        : (previous.storedAt ?? (bodyAge.get(previous.hash) as { since: number }).since ?? previous.at);
      const reuse = previous && previous.configHash === configHash && m.collectedAt - since < fullEverySeconds * 1000;
      let contentHash = previous?.hash ?? '';
      if (!reuse) {
        contentHash = sha256Hex(text);
        insertBody.run(contentHash, gzipSync(text), configHash, m.collectedAt);
      }
      const saved = { ...m, contentHash };
      insert.run(saved);
      return saved;
    })();
  };

  return {
    save: async (m, fleet, options) => save(m, storedFleet(fleet), options),
    saveNow: save,
    get: async (tenantId, id) => withFleet(get.get(tenantId, id) as (Row & { body: Buffer }) | undefined),
    latest: async (tenantId, targetId) =>
      withFleet(latest.get(tenantId, targetId) as (Row & { body: Buffer }) | undefined),
    list: async (tenantId, targetId, limit) => (list.all(tenantId, targetId, limit) as Row[]).map(meta),
  };
}
