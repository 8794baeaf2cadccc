/**
 * Schema migrations, applied in order and recorded in PRAGMA user_version.
 * Append a new entry to change the schema; never edit a released one.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE tenants (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE api_tokens (
    hash TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), name TEXT NOT NULL, role TEXT NOT NULL
  );
  CREATE TABLE targets (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), name TEXT NOT NULL, url TEXT NOT NULL,
    password TEXT, labels TEXT NOT NULL, interval_seconds INTEGER NOT NULL, enabled INTEGER NOT NULL,
    provisioned INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, name)
  );
  CREATE TABLE analyses (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, target_id TEXT NOT NULL, trigger TEXT NOT NULL, status TEXT NOT NULL,
    queued_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER, progress TEXT NOT NULL, summary TEXT,
    error TEXT, snapshot_id TEXT, report BLOB
  );
  CREATE INDEX analyses_by_target ON analyses (tenant_id, target_id, queued_at DESC);
  CREATE INDEX analyses_by_status ON analyses (status);
  CREATE TABLE snapshot_bodies (hash TEXT PRIMARY KEY, body BLOB NOT NULL, config_hash TEXT NOT NULL);
  CREATE TABLE snapshots (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, target_id TEXT NOT NULL, analysis_id TEXT NOT NULL,
    collected_at INTEGER NOT NULL, content_hash TEXT NOT NULL REFERENCES snapshot_bodies(hash)
  );
  CREATE INDEX snapshots_by_target ON snapshots (tenant_id, target_id, collected_at DESC);
  CREATE TABLE anomalies (
    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, target_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
    rule_id TEXT NOT NULL, category TEXT NOT NULL, severity TEXT NOT NULL, severity_rank INTEGER NOT NULL,
    resource TEXT NOT NULL, subject TEXT, title TEXT NOT NULL, message TEXT NOT NULL, recommendation TEXT NOT NULL,
    evidence TEXT NOT NULL, status TEXT NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
    resolved_at INTEGER, occurrences INTEGER NOT NULL,
    UNIQUE (tenant_id, fingerprint)
  );
  CREATE INDEX anomalies_by_last_seen ON anomalies (tenant_id, last_seen DESC, id);
  CREATE INDEX anomalies_by_first_seen ON anomalies (tenant_id, first_seen DESC, id);
  CREATE INDEX anomalies_by_target_status ON anomalies (tenant_id, target_id, status);
  CREATE INDEX anomalies_by_status ON anomalies (tenant_id, status, severity_rank);
  CREATE TABLE anomaly_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, anomaly_id TEXT NOT NULL REFERENCES anomalies(id) ON DELETE CASCADE,
    at INTEGER NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL, from_status TEXT, to_status TEXT NOT NULL, note TEXT
  );
  CREATE INDEX anomaly_events_by_anomaly ON anomaly_events (anomaly_id, id);
  CREATE INDEX anomaly_events_by_time ON anomaly_events (at);
  CREATE TABLE target_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL, target_id TEXT NOT NULL, at INTEGER NOT NULL,
    kind TEXT NOT NULL, title TEXT NOT NULL, detail TEXT NOT NULL
  );
  CREATE INDEX target_events_by_time ON target_events (tenant_id, at);
  CREATE TABLE rollups (
    target_id TEXT NOT NULL, node TEXT NOT NULL, metric TEXT NOT NULL, bucket INTEGER NOT NULL,
    count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, last REAL NOT NULL,
    PRIMARY KEY (target_id, metric, node, bucket)
  ) WITHOUT ROWID;
  CREATE INDEX rollups_by_bucket ON rollups (bucket);
  CREATE TABLE rule_overrides (
    tenant_id TEXT NOT NULL, rule_id TEXT NOT NULL, enabled INTEGER NOT NULL, severity TEXT,
    PRIMARY KEY (tenant_id, rule_id)
  );
  `,
  // Per-tenant rule parameters (JSON object), next to enabled and severity.
  `ALTER TABLE rule_overrides ADD COLUMN params TEXT;`,
  // Opt-in inspections per target (JSON object; NULL: none).
  `ALTER TABLE targets ADD COLUMN inspect TEXT;`,
  // When a snapshot body was first stored: the dedup check read MIN(collected_at) over every snapshot row
  // (no index on content_hash), a scan per analysis that grew with history. NULL for bodies stored before.
  `ALTER TABLE snapshot_bodies ADD COLUMN stored_at INTEGER;`,
  // The anomaly list sorted by severity (every target's anomalies) read and sorted the whole table per request.
  `CREATE INDEX anomalies_by_severity ON anomalies (tenant_id, severity_rank, last_seen, id);`,
  // Retention deletes analyses by age (summaries of unchanged runs within a day): no scan of every row.
  `CREATE INDEX analyses_by_queued ON analyses (queued_at);`,
  // Covering indexes for what dashboards and scrapes count: the open intervals (QueryData anomalyCounts) and
  // the open counts (/metrics) read every open anomaly, and through the table's rows (evidence and all) that
  // held the sidecar's thread about 3x and 5x as long at 40,000 anomalies.
  `CREATE INDEX anomalies_open_intervals ON anomalies (tenant_id, resolved_at, status, severity, first_seen);`,
  `CREATE INDEX anomalies_open_counts ON anomalies (status, tenant_id, target_id, rule_id, severity);`,
  // Where work done in passes stopped (rollups folded hourly up to `at`), so the next pass goes on from there.
  `CREATE TABLE history_marks (name TEXT PRIMARY KEY, at INTEGER NOT NULL);`,
  // Rollups keyed by a series number: the target id, node and metric were stored in every row and again in the
  // bucket index, four fifths of the rollups' bytes (the largest part of 30 days of history).
  `
  CREATE TABLE rollup_series (
    id INTEGER PRIMARY KEY, target_id TEXT NOT NULL, metric TEXT NOT NULL, node TEXT NOT NULL,
    UNIQUE (target_id, metric, node)
  );
  CREATE TABLE rollup_points (
    series_id INTEGER NOT NULL, bucket INTEGER NOT NULL,
    count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL, max REAL NOT NULL, last REAL NOT NULL,
    PRIMARY KEY (series_id, bucket)
  ) WITHOUT ROWID;
  CREATE INDEX rollup_points_by_bucket ON rollup_points (bucket);
  INSERT INTO rollup_series (target_id, metric, node) SELECT DISTINCT target_id, metric, node FROM rollups;
  INSERT INTO rollup_points (series_id, bucket, count, sum, min, max, last)
    SELECT s.id, r.bucket, r.count, r.sum, r.min, r.max, r.last
    FROM rollups r JOIN rollup_series s ON s.target_id = r.target_id AND s.metric = r.metric AND s.node = r.node;
  DROP TABLE rollups;
  `,
];
