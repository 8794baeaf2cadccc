import { defineRoute } from '../route.js';
import { responses } from '../response-schemas.js';
import {
  anomalyFilterQuery,
  anomalyListQuery,
  bulkStatusBody,
  formatQuery,
  idParams,
  orderedRange,
  RANGE_MESSAGE,
  statusChangeBody,
} from '../schemas.js';
import { anomaliesCsv } from '../csv-export.js';
import type { Anomaly } from '../../domain/records.js';

const EXPORT_LIMIT = 100000;

export const anomalyRoutes = [
  defineRoute({
    method: 'get',
    path: '/anomalies',
    tag: 'anomalies',
    query: anomalyListQuery.refine(orderedRange, RANGE_MESSAGE),
    summary: 'Anomalies, filtered and sorted, one page at a time (pass nextCursor as cursor for the next page)',
    response: responses.anomalyPage,
    handler: async ({ identity, query, services }) => ({ body: await services.read.listAnomalies(identity, query) }),
  }),
  defineRoute({
    method: 'post',
    path: '/anomalies/status',
    tag: 'anomalies',
    body: bulkStatusBody,
    summary: 'Change the status of several anomalies (acknowledged, resolved, false_positive, open) with a note',
    response: responses.anomalies,
    handler: async ({ identity, body, services }) => ({
      body: { items: await services.write.setAnomalyStatus(identity, body.ids, body.status, body.note) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/anomalies/export',
    tag: 'exports',
    summary: 'Anomalies matching the filter as CSV or JSON',
    query: anomalyFilterQuery.extend(formatQuery.shape).strict().refine(orderedRange, RANGE_MESSAGE),
    handler: async ({ identity, query, services }) => {
      const { format, ...filter } = query;
      const items: Anomaly[] = [];
      let cursor: string | undefined;
      do {
        const page = await services.read.listAnomalies(identity, { ...filter, cursor, limit: 500 });
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && items.length < EXPORT_LIMIT);
      return format === 'csv'
        ? { body: anomaliesCsv(items), contentType: 'text/csv; charset=utf-8', filename: 'anomalies.csv' }
        : { body: { items }, contentType: 'application/json', filename: 'anomalies.json' };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/anomalies/:id',
    tag: 'anomalies',
    summary: 'An anomaly with its audit trail',
    params: idParams,
    response: responses.anomalyDetail,
    handler: async ({ identity, params, services }) => ({
      body: {
        ...(await services.read.anomaly(identity, params.id)),
        history: await services.read.anomalyHistory(identity, params.id),
      },
    }),
  }),
  defineRoute({
    method: 'post',
    path: '/anomalies/:id/status',
    tag: 'anomalies',
    summary: 'Change the status of one anomaly',
    params: idParams,
    body: statusChangeBody,
    response: responses.anomalyDetail,
    handler: async ({ identity, params, body, services }) => {
      await services.write.setAnomalyStatus(identity, [params.id], body.status, body.note);
      return {
        body: {
          ...(await services.read.anomaly(identity, params.id)),
          history: await services.read.anomalyHistory(identity, params.id),
        },
      };
    },
  }),
];
