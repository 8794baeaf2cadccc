/** queryType -> handler. Adding a query type is one file and one line here. */
import type { Frame } from '../frames/frame.js';
import { anomaliesQuery } from './anomalies.js';
import { annotationsQuery } from './annotations.js';
import { anomalyCountsQuery } from './anomaly-counts.js';
import { configQuery } from './config.js';
import { instancesQuery } from './instances.js';
import { metricsQuery } from './metrics.js';
import type { QueryContext } from './query-context.js';
import type { ParsedQuery, QueryModel, QueryType } from './query-model.js';
import { rulesQuery } from './rules.js';
import { targetHealthQuery } from './target-health.js';
import { topologyQuery } from './topology.js';

const handlers: { [T in QueryType]: (ctx: QueryContext, model: QueryModel<T>) => Promise<Frame[]> } = {
  anomalies: anomaliesQuery,
  anomalyCounts: anomalyCountsQuery,
  instances: instancesQuery,
  metrics: metricsQuery,
  config: configQuery,
  topology: topologyQuery,
  rules: rulesQuery,
  annotations: annotationsQuery,
  targetHealth: targetHealthQuery,
};

export function runQuery(ctx: QueryContext, query: ParsedQuery): Promise<Frame[]> {
  const handler = handlers[query.queryType] as (ctx: QueryContext, model: ParsedQuery['model']) => Promise<Frame[]>;
  return handler(ctx, query.model);
}
