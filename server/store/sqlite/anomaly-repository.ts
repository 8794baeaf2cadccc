import type { AnomalyRepository, OpenCount } from '../store.js';
import type { Anomaly, AnomalyEvent, AnomalyStatus } from '../../domain/records.js';
import type { AnomalyPlan } from '../../anomalies/anomaly-plan.js';
import type { Page } from '../../domain/queries.js';
import type { Statement } from 'better-sqlite3';
import { json, type Db } from './database.js';
import { cursorFor, filterSql, listSql } from '../anomaly-query.js';
import { anomalyFromRow, type AnomalyRow } from '../anomaly-row.js';
import { SEVERITY_RANK } from '../../rules/rule-schema.js';
import { OpenIntervalSet, type OpenRow } from '../open-intervals.js';

const HOUR = 3_600_000;
/** How long a shared page of the list stands without such a write (a refresh's last seen, message, evidence). */
const PAGE_TTL_MS = 1000;

const MAX_PAGE = 500;
/** Past this many changed anomalies, shared open intervals are built again rather than caught up row by row. */
const MAX_CATCH_UP = 2000;
/** The writes remembered for catching up: intervals older than these are built again. */
const CHANGE_LOG_LENGTH = 1000;

/** The repository, and `applyNow` for a caller's transaction (store.recordAnalysis). */
export function anomalyRepository(
  db: Db
): AnomalyRepository & { applyNow: (plan: AnomalyPlan) => void; dropShared: () => void } {
  // List queries differ only in which filters are present: a handful of SQL texts, each prepared once
  // (preparing on every request was a visible share of a busy dashboard's CPU).
  const statements = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 256) statements.clear();
      statements.set(sql, (statement = db.prepare(sql)));
    }
    return statement;
  };
  const active = db.prepare(
    `SELECT * FROM anomalies WHERE tenant_id = ? AND target_id = ? AND status IN ('open', 'acknowledged', 'false_positive')`
  );
  const byFingerprint = db.prepare('SELECT * FROM anomalies WHERE tenant_id = ? AND fingerprint = ?');
  const get = db.prepare('SELECT * FROM anomalies WHERE tenant_id = ? AND id = ?');
  const insert = db.prepare(
    `INSERT INTO anomalies (id, tenant_id, target_id, fingerprint, rule_id, category, severity, severity_rank, resource, subject, title, message,
       recommendation, evidence, status, first_seen, last_seen, resolved_at, occurrences)
     VALUES (@id, @tenantId, @targetId, @fingerprint, @ruleId, @category, @severity, @rank, @resource, @subject, @title, @message,
       @recommendation, @evidence, @status, @firstSeen, @lastSeen, NULL, @occurrences)`
  );
  // A refresh sets the severity columns only when the severity changed: SQLite rewrites the entry of every
  // index holding a column the UPDATE sets, changed or not, and three indexes hold the severity (rewriting them
  // was half of the pages an analysis wrote). So the details first, where the severity is still the same...
  const refresh = db.prepare(
    `UPDATE anomalies SET message = @message, evidence = @evidence, last_seen = @lastSeen, occurrences = occurrences + 1
     WHERE id = @id AND severity = @severity`
  );
  // ...and everything where it is not.
  const regrade = db.prepare(
    `UPDATE anomalies SET severity = @severity, severity_rank = @rank, message = @message, evidence = @evidence, last_seen = @lastSeen,
       occurrences = occurrences + 1 WHERE id = @id`
  );
  const reopen = db.prepare(
    `UPDATE anomalies SET status = 'open', resolved_at = NULL, severity = @severity, severity_rank = @rank, message = @message,
       evidence = @evidence, last_seen = @lastSeen, occurrences = occurrences + 1 WHERE id = @id`
  );
  const resolve = db.prepare(`UPDATE anomalies SET status = 'resolved', resolved_at = ? WHERE id = ?`);
  const setStatus = db.prepare('UPDATE anomalies SET status = ?, resolved_at = ? WHERE id = ?');
  const event = db.prepare(
    'INSERT INTO anomaly_events (anomaly_id, at, kind, actor, from_status, to_status, note) VALUES (@anomalyId, @at, @kind, @actor, @fromStatus, @toStatus, @note)'
  );
  const targetEvent = db.prepare(
    'INSERT INTO target_events (tenant_id, target_id, at, kind, title, detail) VALUES (@tenantId, @targetId, @at, @kind, @title, @detail)'
  );
  const history = db.prepare(
    `SELECT e.id, e.anomaly_id AS anomalyId, e.at, e.kind, e.actor, e.from_status AS fromStatus, e.to_status AS toStatus, e.note
     FROM anomaly_events e JOIN anomalies a ON a.id = e.anomaly_id WHERE a.tenant_id = ? AND a.id = ? ORDER BY e.id`
  );
  const openCounts = db.prepare(
    `SELECT tenant_id AS tenantId, target_id AS targetId, rule_id AS ruleId, severity, COUNT(*) AS count FROM anomalies WHERE status = 'open'
     GROUP BY tenant_id, target_id, rule_id, severity`
  );

  const refreshParams = ({ id, severity, message, evidence, lastSeen }: AnomalyPlan['refresh'][number]) => ({
    id,
    severity,
    message,
    lastSeen,
    rank: SEVERITY_RANK[severity],
    evidence: json.write(evidence),
  });
  const lifecycleEvent = (
    plan: AnomalyPlan,
    a: Pick<Anomaly, 'id' | 'ruleId' | 'resource' | 'title'>,
    kind: 'opened' | 'reopened' | 'auto_resolved',
    from: AnomalyStatus | null,
    to: AnomalyStatus
  ) => {
    event.run({ anomalyId: a.id, at: plan.at, kind, actor: 'redislens', fromStatus: from, toStatus: to, note: null });
    const targetKind =
      kind === 'opened' ? 'anomaly_opened' : kind === 'reopened' ? 'anomaly_reopened' : 'anomaly_resolved';
    targetEvent.run({
      tenantId: plan.tenantId,
      targetId: plan.targetId,
      at: plan.at,
      kind: targetKind,
      title: `${a.ruleId} ${kind.replace('_', '-')} on ${a.resource}: ${a.title}`,
      detail: json.write({ anomalyId: a.id, ruleId: a.ruleId, resource: a.resource }),
    });
  };

  /**
   * Open intervals per (range start, filter), shared by concurrent dashboard queries. A store write that opens,
   * reopens, resolves, re-grades or re-states anomalies is logged with their ids, and a shared set catches up by
   * reading those rows again (with its own filter); removing a target, or more changes than MAX_CATCH_UP, builds
   * it again. A refresh of the details alone (last seen, message, evidence) changes no interval.
   */
  const intervalsCache = new Map<string, { version: number; intervals: OpenIntervalSet }>();
  /**
   * Pages of the list, shared the same way by readers asking the same (a dashboard's viewers, Grafana's
   * refreshes): what an analysis only refreshes (last seen, message, evidence, a severity) shows within
   * PAGE_TTL_MS; anything else at once. Readers never change what they are given (the page is frozen).
   */
  const pageCache = new Map<string, { at: number; version: number; page: Page<Anomaly> }>();
  let writes = 0;
  /** The anomalies each such write changed (undefined: any, e.g. a target's removed), by the version it made. */
  const changeLog: { version: number; ids: readonly string[] | undefined }[] = [];
  const logChange = (ids: readonly string[] | undefined) => {
    if (ids?.length === 0) return;
    writes++;
    changeLog.push({ version: writes, ids });
    if (changeLog.length > CHANGE_LOG_LENGTH) changeLog.shift();
  };
  /** What changed after `version`, or undefined where that is not known any more or too much to catch up on. */
  const changedSince = (version: number): Set<string> | undefined => {
    if (changeLog.length === 0 || changeLog[0].version > version + 1) return undefined;
    const ids = new Set<string>();
    for (const entry of changeLog) {
      if (entry.version <= version) continue;
      if (!entry.ids) return undefined;
      for (const id of entry.ids) ids.add(id);
      if (ids.size > MAX_CATCH_UP) return undefined;
    }
    return ids;
  };
  let openCountsCache: { version: number; rows: readonly OpenCount[] } | undefined;
  const applyNow = db.transaction((plan: AnomalyPlan) => {
    const ids: string[] = [];
    for (const a of plan.create) {
      insert.run({
        ...a,
        rank: SEVERITY_RANK[a.severity],
        subject: a.subject ?? null,
        evidence: json.write(a.evidence),
      });
      lifecycleEvent(plan, a, 'opened', null, 'open');
      ids.push(a.id);
    }
    for (const r of plan.refresh) {
      const params = refreshParams(r);
      if (refresh.run(params).changes === 0) {
        regrade.run(params);
        ids.push(r.id);
      } else if (r.regraded) ids.push(r.id);
    }
    for (const r of plan.reopen) {
      reopen.run(refreshParams(r));
      const row = anomalyFromRow(get.get(plan.tenantId, r.id) as AnomalyRow);
      lifecycleEvent(plan, row, 'reopened', 'resolved', 'open');
      ids.push(r.id);
    }
    for (const a of plan.resolve) {
      resolve.run(plan.at, a.id);
      lifecycleEvent(plan, a, 'auto_resolved', a.status, 'resolved');
      ids.push(a.id);
    }
    // Logged even if the transaction then rolls back: catching up reads the rows as they are.
    logChange(ids);
  });

  return {
    active: async (tenantId, targetId) => (active.all(tenantId, targetId) as AnomalyRow[]).map(anomalyFromRow),
    byFingerprints: async (tenantId, fingerprints) =>
      fingerprints.flatMap((f) => {
        const row = byFingerprint.get(tenantId, f) as AnomalyRow | undefined;
        return row ? [anomalyFromRow(row)] : [];
      }),
    apply: async (plan) => applyNow(plan),
    applyNow,
    dropShared: () => logChange(undefined),
    get: async (tenantId, id) => {
      const row = get.get(tenantId, id) as AnomalyRow | undefined;
      return row && anomalyFromRow(row);
    },
    query: async (tenantId, query) => {
      const limit = Math.min(query.limit ?? 100, MAX_PAGE);
      const { sql, params, columns } = listSql(tenantId, query);
      const key = JSON.stringify([sql, params, limit]);
      const shared = pageCache.get(key);
      if (shared && shared.version === writes && Date.now() - shared.at <= PAGE_TTL_MS) return shared.page;
      const rows = prepared(sql).all(...params, limit + 1) as AnomalyRow[];
      const items = rows.slice(0, limit);
      const last = items[items.length - 1] as unknown as Record<string, unknown> | undefined;
      // Frozen: it is shared, and the REST API serializes a frozen body once for all its readers.
      const page = Object.freeze({
        items: items.map(anomalyFromRow),
        ...(rows.length > limit && last ? { nextCursor: cursorFor(last, columns) } : {}),
      });
      if (pageCache.size >= 256) pageCache.clear();
      pageCache.set(key, { at: Date.now(), version: writes, page });
      return page;
    },
    // One transaction: every id is checked, changed and audited together, or nothing is.
    // Every accepted change is one audit entry, also when the status stays (a new note is news).
    setStatus: async (tenantId, ids, change) =>
      db.transaction(() => {
        logChange(ids);
        const rows = ids.map((id) => get.get(tenantId, id) as AnomalyRow | undefined);
        const missing = ids.find((_, i) => !rows[i]);
        if (missing !== undefined) return { missing };
        const changed: Anomaly[] = [];
        for (const row of rows as AnomalyRow[]) {
          const current = get.get(tenantId, row.id) as AnomalyRow;
          if (current.status !== change.status)
            setStatus.run(change.status, change.status === 'resolved' ? change.at : null, row.id);
          event.run({
            anomalyId: row.id,
            at: change.at,
            kind: 'status_changed',
            actor: change.actor,
            fromStatus: current.status,
            toStatus: change.status,
            note: change.note ?? null,
          });
          changed.push(anomalyFromRow(get.get(tenantId, row.id) as AnomalyRow));
        }
        return changed;
      })(),
    history: async (tenantId, id) =>
      (history.all(tenantId, id) as (AnomalyEvent & { note: string | null; fromStatus: string | null })[]).map((e) => ({
        ...e,
        fromStatus: e.fromStatus ?? undefined,
        note: e.note ?? undefined,
      })) as AnomalyEvent[],
    openAt: async (tenantId, instants, filter = {}) => {
      if (instants.length === 0) return [];
      // Every row resolved after the hour the range starts in: the same intervals answer any range from
      // there to now, so the viewers of one dashboard (each with its own "now") share them.
      const since = Math.floor(Math.min(...instants) / HOUR) * HOUR;
      const { where, params } = filterSql(tenantId, { ...filter, from: undefined, to: undefined });
      const key = JSON.stringify([since, where, params]);
      const counted = `${where} AND status NOT IN ('false_positive', 'acknowledged') AND (resolved_at IS NULL OR resolved_at > ?)`;
      let cached = intervalsCache.get(key);
      if (cached && cached.version !== writes) {
        const ids = changedSince(cached.version);
        if (ids) {
          // Driven by the changed ids, each looked up by its key: left to itself, SQLite walked the tenant's
          // index past every row (1.4 ms at 25,000 rows, 0.03 ms so).
          const current = prepared(
            `SELECT a.id AS id, a.severity AS severity, a.first_seen AS f, a.resolved_at AS r
             FROM json_each(?) AS changed CROSS JOIN anomalies AS a ON a.id = changed.value WHERE ${counted}`
          ).all(JSON.stringify([...ids]), ...params, since) as (OpenRow & { id: string })[];
          cached.intervals.replace(ids, current);
          cached.version = writes;
        } else cached = undefined;
      }
      if (!cached) {
        const rows = prepared(
          `SELECT id, severity, first_seen AS f, resolved_at AS r FROM anomalies WHERE ${counted}`
        ).all(...params, since) as (OpenRow & { id: string })[];
        if (intervalsCache.size >= 64) intervalsCache.clear();
        intervalsCache.set(key, (cached = { version: writes, intervals: new OpenIntervalSet(rows) }));
      }
      // Anomalies first seen after the instants are not open at them: countsAt ignores them.
      return cached.intervals.countsAt(instants);
    },
    // Every scrape of /metrics asks; the counts change only with a write that opens, resolves or re-grades.
    openCounts: async () => {
      if (openCountsCache?.version !== writes)
        openCountsCache = { version: writes, rows: Object.freeze(openCounts.all() as OpenCount[]) };
      return openCountsCache.rows;
    },
  };
}
