/**
 * Shared by both stores (SQLite and PostgreSQL accept the same row-value comparison; PostgreSQL numbers the ? marks).
 * SQL for the anomaly list: filters, sort orders and keyset (cursor)
 * pagination, so page N costs the same as page 1 at any table size.
 */
import { InvalidCursorError, type AnomalyFilter, type AnomalyQuery } from '../domain/queries.js';

const SORTS = {
  lastSeen: ['last_seen', 'id'],
  firstSeen: ['first_seen', 'id'],
  severity: ['severity_rank', 'last_seen', 'id'],
} as const;

export function filterSql(tenantId: string, filter: AnomalyFilter): { where: string; params: unknown[] } {
  const clauses = ['tenant_id = ?'];
  const params: unknown[] = [tenantId];
  const anyOf = (column: string, values?: readonly string[]) => {
    if (!values?.length) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  anyOf('severity', filter.severity);
  anyOf('status', filter.status);
  anyOf('category', filter.category);
  anyOf('target_id', filter.targetId);
  anyOf('rule_id', filter.ruleId);
  if (filter.from !== undefined) {
    clauses.push('last_seen >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    clauses.push('first_seen <= ?');
    params.push(filter.to);
  }
  return { where: clauses.join(' AND '), params };
}

export function listSql(
  tenantId: string,
  query: AnomalyQuery
): { sql: string; params: unknown[]; columns: readonly string[] } {
  const { where, params } = filterSql(tenantId, query);
  const columns = SORTS[query.sort ?? 'lastSeen'];
  const desc = (query.order ?? 'desc') === 'desc';
  let keyset = '';
  if (query.cursor) {
    let values: unknown;
    try {
      values = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    } catch {
      throw new InvalidCursorError();
    }
    // Only what cursorFor writes: strings and finite numbers, one per sort column.
    const scalar = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
    if (!Array.isArray(values) || values.length !== columns.length || !values.every(scalar))
      throw new InvalidCursorError();
    keyset = ` AND (${columns.join(', ')}) ${desc ? '<' : '>'} (${columns.map(() => '?').join(', ')})`;
    params.push(...values);
  }
  const order = columns.map((c) => `${c} ${desc ? 'DESC' : 'ASC'}`).join(', ');
  return { sql: `SELECT * FROM anomalies WHERE ${where}${keyset} ORDER BY ${order} LIMIT ?`, params, columns };
}

export function cursorFor(row: Record<string, unknown>, columns: readonly string[]): string {
  return Buffer.from(JSON.stringify(columns.map((c) => row[c]))).toString('base64url');
}
