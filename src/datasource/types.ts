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

export interface RedisLensQuery extends DataQuery {
  queryType: RedisLensQueryType;
  /** Target address filter; may hold template variables such as `$target`. */
  target?: string;
}

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
