/**
 * Versioned schema migrations, recorded in schema_migrations and applied at
 * start-up under an advisory lock, so sidecars starting together migrate once.
 * Append a new entry to change the schema; never edit a released one.
 *
 * History tables (snapshots, rollups, target_events) are partitioned by day
 * on their time column: retention drops whole partitions (see partitions.ts).
 */
import type pg from 'pg';

export const MIGRATIONS: string[] = [
  `
  CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE api_tokens (
    hash TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), name TEXT NOT NULL, role TEXT NOT NULL
  );
  CREATE TABLE targets (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), name TEXT NOT NULL, url TEXT NOT NULL,
    password TEXT, labels TEXT NOT NULL, interval_seconds INTEGER NOT NULL, enabled BOOLEAN NOT NULL,
    provisioned BOOLEAN NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, name)
  );
  CREATE TABLE analyses (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, target_id TEXT NOT NULL, trigger TEXT NOT NULL, status TEXT NOT NULL,
    queued_at BIGINT NOT NULL, started_at BIGINT, finished_at BIGINT, progress TEXT NOT NULL, summary TEXT,
    error TEXT, snapshot_id TEXT, report BYTEA
  );
  CREATE INDEX analyses_by_target ON analyses (tenant_id, target_id, queued_at DESC);
  CREATE INDEX analyses_unfinished ON analyses (status) WHERE status IN ('queued', 'running');
  CREATE INDEX analyses_by_queued ON analyses (queued_at);
  CREATE TABLE snapshot_bodies (hash TEXT PRIMARY KEY, body BYTEA NOT NULL, config_hash TEXT NOT NULL);
  CREATE TABLE snapshots (
    id TEXT NOT NULL, tenant_id TEXT NOT NULL, target_id TEXT NOT NULL, analysis_id TEXT NOT NULL,
    collected_at BIGINT NOT NULL, content_hash TEXT NOT NULL,
    PRIMARY KEY (id, collected_at)
  ) PARTITION BY RANGE (collected_at);
  CREATE INDEX snapshots_by_target ON snapshots (tenant_id, target_id, collected_at DESC);
  CREATE INDEX snapshots_by_hash ON snapshots (content_hash);
  CREATE TABLE anomalies (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, target_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
    rule_id TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL, severity_rank INTEGER NOT NULL,
    resource TEXT NOT NULL, subject TEXT, title TEXT NOT NULL, message TEXT NOT NULL, recommendation TEXT NOT NULL,
    evidence TEXT NOT NULL, status TEXT NOT NULL, first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL,
    resolved_at BIGINT, occurrences INTEGER NOT NULL,
    UNIQUE (tenant_id, fingerprint)
  );
  CREATE INDEX anomalies_by_last_seen ON anomalies (tenant_id, last_seen DESC, id);
  CREATE INDEX anomalies_by_first_seen ON anomalies (tenant_id, first_seen DESC, id);
  CREATE INDEX anomalies_by_target_status ON anomalies (tenant_id, target_id, status);
  CREATE INDEX anomalies_by_status ON anomalies (tenant_id, status, severity_rank);
  CREATE TABLE anomaly_events (
    id BIGSERIAL PRIMARY KEY, anomaly_id TEXT NOT NULL REFERENCES anomalies(id) ON DELETE CASCADE,
    at BIGINT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL, from_status TEXT, to_status TEXT NOT NULL, note TEXT
  );
  CREATE INDEX anomaly_events_by_anomaly ON anomaly_events (anomaly_id, id);
  CREATE TABLE target_events (
    id BIGSERIAL NOT NULL, tenant_id TEXT NOT NULL, target_id TEXT NOT NULL, at BIGINT NOT NULL,
    kind TEXT NOT NULL, title TEXT NOT NULL, detail TEXT NOT NULL,
    PRIMARY KEY (id, at)
  ) PARTITION BY RANGE (at);
  CREATE INDEX target_events_by_time ON target_events (tenant_id, at);
  CREATE TABLE rollups (
    target_id TEXT NOT NULL, node TEXT NOT NULL, metric TEXT NOT NULL, bucket BIGINT NOT NULL,
    count INTEGER NOT NULL, sum DOUBLE PRECISION NOT NULL, min DOUBLE PRECISION NOT NULL,
    max DOUBLE PRECISION NOT NULL, last DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (target_id, metric, node, bucket)
  ) PARTITION BY RANGE (bucket);
  CREATE TABLE rule_overrides (
    tenant_id TEXT NOT NULL, rule_id TEXT NOT NULL, enabled BOOLEAN NOT NULL, severity TEXT, params TEXT,
    PRIMARY KEY (tenant_id, rule_id)
  );
  `,
  // Opt-in inspections per target (JSON object; NULL: none), as in the SQLite store.
  `ALTER TABLE targets ADD COLUMN inspect TEXT;`,
  // Hourly folding of rollups: where the last pass stopped, and an hour's rows found without reading the day.
  `
  CREATE TABLE history_marks (name TEXT PRIMARY KEY, at BIGINT NOT NULL);
  CREATE INDEX rollups_by_bucket ON rollups (bucket);
  `,
];

/** Any fixed 64-bit number, the same in every sidecar: the lock migrations are applied under. */
const MIGRATION_LOCK = 7_245_019_332;

export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())'
      );
      const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
      const current = rows[0].v ?? 0;
      if (current > MIGRATIONS.length)
        throw new Error(
          `the database was written by a newer RedisLens (schema ${current}, this build knows ${MIGRATIONS.length})`
        );
      for (let version = current; version < MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(MIGRATIONS[version]);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
