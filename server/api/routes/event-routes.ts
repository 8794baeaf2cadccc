import { defineRoute } from '../route.js';
import { responses } from '../response-schemas.js';
import { anomalyFilterQuery, epochMs, intervalMs, orderedRange, RANGE_MESSAGE, timeRangeQuery } from '../schemas.js';

export const eventRoutes = [
  defineRoute({
    method: 'get',
    path: '/events',
    tag: 'events',
    summary: 'Timeline events (anomaly opened/resolved, configuration changed) for annotations',
    query: timeRangeQuery,
    response: responses.events,
    handler: async ({ identity, query, services }) => ({
      body: { items: await services.read.events(identity, query) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/anomaly-counts',
    tag: 'anomalies',
    summary: 'Anomalies open at each interval, by severity (what alert rules count)',
    query: anomalyFilterQuery
      .extend({
        from: epochMs,
        to: epochMs,
        intervalMs: intervalMs.default(60000),
      })
      .strict()
      .refine(orderedRange, RANGE_MESSAGE),
    response: responses.countBuckets,
    handler: async ({ identity, query, services }) => {
      const { from, to, intervalMs, ...filter } = query;
      return { body: { items: await services.read.countAnomalies(identity, { from, to, intervalMs, filter }) } };
    },
  }),
];
