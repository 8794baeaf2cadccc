/**
 * The query model a panel or alert rule sends as DataQuery.json: the one
 * source of the query types and the fields each reads. The frontend's types
 * (src/datasource/query-model.gen.ts) are generated from these schemas by
 * scripts/generate-frontend-types.ts. Grafana adds its own keys (refId,
 * datasource, intervalMs, ...), so objects are not strict.
 */
import { z } from 'zod';
import { SEVERITIES } from '../../rules/rule-schema.js';
import { QueryError } from './query-error.js';

export const QUERY_TYPES = [
  'anomalies',
  'anomalyCounts',
  'instances',
  'metrics',
  'config',
  'topology',
  'rules',
  'annotations',
  'targetHealth',
] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

const ANOMALY_STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
const EVENT_KINDS = ['anomaly_opened', 'anomaly_resolved', 'anomaly_reopened', 'config_changed'] as const;

/** A list field: the editor may send one value or several; empty means "no filter". */
const list = <T extends z.ZodType<string>>(item: T) =>
  z
    .union([item, z.array(item)])
    .optional()
    .transform((v) => (v === undefined ? undefined : Array.isArray(v) ? (v.length ? v : undefined) : [v]));

/** Target id, name or address; a template variable is already replaced by the frontend. */
const target = z.string().trim().min(1).optional();
const requiredTarget = z.string({ error: 'target is required' }).trim().min(1, 'target is required');

export const querySchemas = {
  anomalies: z.object({
    target,
    severity: list(z.enum(SEVERITIES)),
    status: list(z.enum(ANOMALY_STATUSES)),
    category: list(z.string()),
    ruleId: list(z.string()),
    limit: z.number().int().min(1).max(5000).default(1000),
  }),
  anomalyCounts: z.object({
    target,
    /** Which severity fields the frame carries (an alert rule on criticals asks for ['critical']). */
    severity: list(z.enum(SEVERITIES)),
    category: list(z.string()),
    ruleId: list(z.string()),
    /** 'target': one frame per target, its fields labelled with the target's name (one alert instance per target). */
    groupBy: z.enum(['target']).optional(),
  }),
  instances: z.object({ target }),
  metrics: z.object({
    target,
    node: z.string().trim().min(1).optional(),
    metrics: list(z.string().trim().min(1)).refine(
      (m) => m !== undefined,
      'name at least one INFO field, e.g. used_memory'
    ),
  }),
  config: z.object({ target: requiredTarget, node: z.string().trim().min(1).optional() }),
  topology: z.object({ target: requiredTarget }),
  rules: z.object({ category: list(z.string()), severity: list(z.enum(SEVERITIES)) }),
  annotations: z.object({ target, kind: list(z.enum(EVENT_KINDS)) }),
  targetHealth: z.object({ target }),
} satisfies Record<QueryType, z.ZodType>;

export type QueryModel<T extends QueryType> = z.output<(typeof querySchemas)[T]>;

export type ParsedQuery = { [T in QueryType]: { queryType: T; model: QueryModel<T> } }[QueryType];

function parseJson(json: Buffer): Record<string, unknown> {
  if (!json?.length) return {};
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch (error) {
    throw new QueryError(`the query is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new QueryError('the query must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * The query's type and validated model. DataQuery.queryType is set by
 * Grafana from the model's queryType; either place is accepted.
 */
export function parseQuery(json: Buffer, queryTypeField: string): ParsedQuery {
  const raw = parseJson(json);
  const queryType = (typeof raw.queryType === 'string' && raw.queryType) || queryTypeField;
  if (!(QUERY_TYPES as readonly string[]).includes(queryType)) {
    throw new QueryError(`unknown queryType "${queryType ?? ''}": expected one of ${QUERY_TYPES.join(', ')}`);
  }
  const schema = querySchemas[queryType as QueryType];
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new QueryError(`invalid ${queryType} query: ${issues.join('; ')}`);
  }
  return { queryType, model: result.data } as ParsedQuery;
}
