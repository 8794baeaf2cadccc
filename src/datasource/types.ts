import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

import { QUERY_FIELDS, QUERY_TYPES, type QueryModels } from './query-model.gen';

// The query types and the fields each reads come from ONE source, the sidecar's QueryData schemas,
// through the generated query-model.gen.ts (`npm run generate:types`).
export { QUERY_FIELDS, QUERY_TYPES };

export type RedisLensQueryType = (typeof QUERY_TYPES)[number];

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type AllFields = UnionToIntersection<QueryModels[RedisLensQueryType]>;
/** A list field as the editors write it: always an array (the sidecar also takes one value). */
type ListOrValue<T> = [Extract<T, unknown[]>] extends [never] ? T : Extract<T, unknown[]>;

/** Every field some query type reads, as the frontend writes it. */
export type QueryFields = { [K in keyof AllFields]?: ListOrValue<AllFields[K]> };
export type QueryField = keyof QueryFields;

export type Severity = NonNullable<QueryFields['severity']>[number];
export type AnomalyStatus = NonNullable<QueryFields['status']>[number];
export type EventKind = NonNullable<QueryFields['kind']>[number];

// `satisfies Record<...>` makes the compiler flag a value the query model adds or drops.
const SEVERITY_RANK = { critical: 3, warning: 2, notice: 1 } satisfies Record<Severity, number>;
export const SEVERITIES = Object.keys(SEVERITY_RANK) as Severity[];
export const severityRank = (s: Severity | null | undefined): number => (s ? SEVERITY_RANK[s] : 0);

const STATUS_LABELS = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  false_positive: 'False positive',
} satisfies Record<AnomalyStatus, string>;
export const ANOMALY_STATUSES = Object.keys(STATUS_LABELS) as AnomalyStatus[];
export const statusLabel = (s: AnomalyStatus): string => STATUS_LABELS[s];

const EVENT_KIND_LABELS = {
  anomaly_opened: 'Anomaly opened',
  anomaly_resolved: 'Anomaly resolved',
  anomaly_reopened: 'Anomaly reopened',
  config_changed: 'Configuration changed',
} satisfies Record<EventKind, string>;
export const EVENT_KINDS = Object.keys(EVENT_KIND_LABELS) as EventKind[];
export const eventKindLabel = (k: EventKind): string => EVENT_KIND_LABELS[k];

export interface RedisLensQuery extends DataQuery, QueryFields {
  queryType: RedisLensQueryType;
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
