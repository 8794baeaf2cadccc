/**
 * Data.QueryData: every query of the request runs on its own; a bad query
 * or a failing service call becomes that refId's DataResponse.error with a
 * status, never a failed RPC, so one broken panel query does not blank the
 * others (and an alert rule sees exactly which query failed).
 */
import type { GrafanaService } from './grafana-service.js';
import { INVALID_TOKEN_MESSAGE, resolveIdentity } from './grafana-caller.js';
import { encodeFrame } from './frames/arrow-file.js';
import type { GrafanaLogger } from './logger.js';
import type { DataQuery, DataResponse, QueryDataRequest, QueryDataResponse } from './proto/messages.js';
import { effectiveInterval, type QueryContext } from './queries/query-context.js';
import { QueryError } from './queries/query-error.js';
import { parseQuery } from './queries/query-model.js';
import { runQuery } from './queries/registry.js';
import type { Identity } from '../service/identity.js';

const DEFAULT_RANGE_MS = 60 * 60 * 1000;

/** The one place errors become DataResponses. */
function errorResponse(error: unknown, refId: string, logger: GrafanaLogger): DataResponse {
  if (error instanceof QueryError) return { frames: [], error: error.message, status: 400, errorSource: 'downstream' };
  logger.error(
    { refId, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) },
    'query failed'
  );
  return {
    frames: [],
    error: `the sidecar could not answer this query: ${error instanceof Error ? error.message : String(error)}`,
    status: 500,
    errorSource: 'plugin',
  };
}

async function answer(service: GrafanaService, identity: Identity, query: DataQuery): Promise<DataResponse> {
  const to = query.timeRange?.toEpochMS || Date.now();
  const from = query.timeRange?.fromEpochMS || to - DEFAULT_RANGE_MS;
  const parsed = parseQuery(query.json, query.queryType);
  const ctx: QueryContext = {
    refId: query.refId,
    identity,
    service,
    from,
    to,
    intervalMs: effectiveInterval(from, to, query.intervalMS, query.maxDataPoints),
    maxDataPoints: query.maxDataPoints,
  };
  const frames = await runQuery(ctx, parsed);
  return { frames: frames.map(encodeFrame), status: 200 };
}

export async function queryData(
  service: GrafanaService,
  request: QueryDataRequest,
  logger: GrafanaLogger
): Promise<QueryDataResponse> {
  const caller = await resolveIdentity(request.pluginContext, (token) => service.authenticate(token));
  const responses: QueryDataResponse['responses'] = {};
  await Promise.all(
    (request.queries ?? []).map(async (query) => {
      if (!caller.ok) {
        responses[query.refId] = {
          frames: [],
          error: `${INVALID_TOKEN_MESSAGE}: set the datasource's API token`,
          status: 401,
          errorSource: 'downstream',
        };
        return;
      }
      try {
        responses[query.refId] = await answer(service, caller.identity, query);
      } catch (error) {
        responses[query.refId] = errorResponse(error, query.refId, logger);
      }
    })
  );
  return { responses };
}
