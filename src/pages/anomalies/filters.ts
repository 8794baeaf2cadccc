/**
 * The triage filter lives in the URL (shareable, and what an alert notification deep-links to):
 * ?severity=critical&status=open&category=memory&targetId=<uuid>&ruleId=MEM-004&since=24h&sort=lastSeen&order=desc
 * Lists repeat their key. One parser for every filter, one writer back.
 */
import { ANOMALY_STATUSES, SEVERITIES, type AnomalyStatus, type Severity } from '../../datasource/types';
import type { SidecarPaths } from '../../api/client';

export type ApiAnomalyQuery = NonNullable<SidecarPaths['/api/v1/anomalies']['get']['parameters']['query']>;
export type SortKey = NonNullable<ApiAnomalyQuery['sort']>;
export type SortOrder = NonNullable<ApiAnomalyQuery['order']>;

export const SINCE_OPTIONS = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 } as const;
export type Since = keyof typeof SINCE_OPTIONS;

export interface AnomalyFilters {
  severity: Severity[];
  status: AnomalyStatus[];
  category: string[];
  targetId: string[];
  ruleId: string[];
  /** Only anomalies seen within this long before now. */
  since?: Since;
  sort: SortKey;
  order: SortOrder;
}

const SORTS: SortKey[] = ['lastSeen', 'firstSeen', 'severity'];
const RULE_ID = /^[A-Z]+-\d{3}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function values<T extends string>(params: URLSearchParams, key: string, valid: (v: string) => v is T): T[] {
  const all = params.getAll(key).flatMap((v) => v.split(','));
  return [...new Set(all.map((v) => v.trim()).filter(valid))];
}
const oneOf =
  <T extends string>(list: readonly T[]) =>
  (v: string): v is T =>
    (list as readonly string[]).includes(v);
const matching =
  (re: RegExp) =>
  (v: string): v is string =>
    re.test(v);

/** Unknown values are dropped rather than failing the page: a stale link still opens. */
export function parseFilters(params: URLSearchParams): AnomalyFilters {
  const since = params.get('since');
  const sort = params.get('sort');
  return {
    severity: values(params, 'severity', oneOf(SEVERITIES)),
    status: values(params, 'status', oneOf(ANOMALY_STATUSES)),
    category: values(params, 'category', matching(/^[a-z][a-z0-9_-]*$/)),
    targetId: values(params, 'targetId', matching(UUID)),
    ruleId: values(params, 'ruleId', matching(RULE_ID)),
    since: since && since in SINCE_OPTIONS ? (since as Since) : undefined,
    sort: sort && oneOf(SORTS)(sort) ? sort : 'lastSeen',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

export function filtersToParams(
  filters: AnomalyFilters,
  extra: Record<string, string | undefined> = {}
): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['severity', 'status', 'category', 'targetId', 'ruleId'] as const) {
    filters[key].forEach((v) => params.append(key, v));
  }
  if (filters.since) {
    params.set('since', filters.since);
  }
  if (filters.sort !== 'lastSeen') {
    params.set('sort', filters.sort);
  }
  if (filters.order !== 'desc') {
    params.set('order', filters.order);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value) {
      params.set(key, value);
    }
  }
  return params;
}

const nonEmpty = <T>(list: T[]) => (list.length ? list : undefined);

/** The REST query for one page of the filter. */
export function toApiQuery(filters: AnomalyFilters, now: number, cursor?: string, limit = 50): ApiAnomalyQuery {
  return {
    severity: nonEmpty(filters.severity),
    status: nonEmpty(filters.status),
    category: nonEmpty(filters.category),
    targetId: nonEmpty(filters.targetId),
    ruleId: nonEmpty(filters.ruleId),
    from: filters.since ? now - SINCE_OPTIONS[filters.since] : undefined,
    sort: filters.sort,
    order: filters.order,
    cursor,
    limit,
  };
}
