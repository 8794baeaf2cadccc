import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** Every query type the sidecar answers; each returns its own data frames (see design.md). */
export const QUERY_TYPES = [
  'anomalies',
  'anomalyCounts',
  'instances',
  'metrics',
  'config',
  'topology',
  'rules',
] as const;

export type RedisLensQueryType = (typeof QUERY_TYPES)[number];

export const SEVERITIES = ['critical', 'warning', 'notice'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ANOMALY_STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

export interface RedisLensQuery extends DataQuery {
  queryType: RedisLensQueryType;
  /** Target id, name or address; may hold template variables such as `$target`. */
  target?: string;
  severity?: Severity[];
  status?: AnomalyStatus[];
  /** INFO fields kept as history, e.g. used_memory (metrics queries). */
  metrics?: string[];
  /** One node's address (metrics and config queries). */
  node?: string;
  limit?: number;
}

export type QueryField = 'target' | 'severity' | 'status' | 'metrics' | 'node' | 'limit';

/** The fields each query type reads, as the sidecar's query model defines them (server/grafana/queries/query-model.ts). */
export const QUERY_FIELDS: Record<RedisLensQueryType, QueryField[]> = {
  anomalies: ['target', 'severity', 'status', 'limit'],
  anomalyCounts: ['target', 'severity'],
  instances: ['target'],
  metrics: ['target', 'node', 'metrics'],
  config: ['target', 'node'],
  topology: ['target'],
  rules: ['severity'],
};

export const DEFAULT_QUERY: Partial<RedisLensQuery> = {
  queryType: 'anomalies',
};

export function isRedisLensQueryType(value: unknown): value is RedisLensQueryType {
  return typeof value === 'string' && (QUERY_TYPES as readonly string[]).includes(value);
}

/**
 * No per-datasource options: the sidecar address is not set here but in Grafana's own
 * `[plugin.redislens-analyzer-datasource]` config, which reaches the backend as GF_PLUGIN_* variables.
 */
export type RedisLensOptions = DataSourceJsonData;

/**
 * Kept encrypted by Grafana and only ever sent to the backend, never back to the browser.
 * The sidecar authenticates the datasource (and isolates tenants) by this token.
 */
export interface RedisLensSecureJsonData {
  apiToken?: string;
}
