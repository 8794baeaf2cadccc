import { defineRoute } from '../route.js';
import { responses } from '../response-schemas.js';
import { formatQuery, idParams, limitQuery } from '../schemas.js';
import { findingsCsv } from '../csv-export.js';
import type { AnalysisReport } from '../../analysis/analysis-report.js';

export const analysisRoutes = [
  defineRoute({
    method: 'post',
    path: '/targets/:id/analyses',
    tag: 'analyses',
    status: 202,
    params: idParams,
    summary:
      'Start an analysis now; answers at once with the job (the running one if the target is already being analysed)',
    response: responses.analysis,
    handler: async ({ identity, params, services }) => ({
      status: 202,
      body: await services.write.startAnalysis(identity, params.id),
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/targets/:id/analyses',
    tag: 'analyses',
    summary: 'Analyses of a target, newest first',
    params: idParams,
    query: limitQuery,
    response: responses.analyses,
    handler: async ({ identity, params, query, services }) => ({
      body: { items: await services.read.analyses(identity, params.id, query.limit) },
    }),
  }),
  defineRoute({
    method: 'get',
    path: '/analyses/:id',
    tag: 'analyses',
    summary: 'An analysis: status, progress per node, summary',
    params: idParams,
    response: responses.analysis,
    handler: async ({ identity, params, services }) => ({ body: await services.read.analysis(identity, params.id) }),
  }),
  defineRoute({
    method: 'get',
    path: '/analyses/:id/export',
    tag: 'exports',
    summary: 'Findings of an analysis as CSV or JSON',
    params: idParams,
    query: formatQuery,
    handler: async ({ identity, params, query, services }) => {
      const report = (await services.read.analysisReport(identity, params.id)) as AnalysisReport;
      return query.format === 'csv'
        ? {
            body: findingsCsv(report.findings),
            contentType: 'text/csv; charset=utf-8',
            filename: `analysis-${params.id}.csv`,
          }
        : { body: report, contentType: 'application/json', filename: `analysis-${params.id}.json` };
    },
  }),
];
