/**
 * Resource.CallResource: the app's pages call
 * /api/datasources/uid/<uid>/resources/<path>; Grafana forwards that here
 * and this replays it into the sidecar's express app in-process (no
 * socket, no second copy of the REST handlers), then streams the answer
 * back: the first message carries status and headers, body chunks follow.
 *
 * Identity: browser headers are not trusted. Authorization and the
 * Grafana context header are removed from the forwarded request and set
 * from PluginContext only (see grafana-context-header.ts and README.md).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import inject from 'light-my-request';
import { callerFromContext, datasourceToken } from './grafana-caller.js';
import { GRAFANA_CONTEXT_HEADER, signGrafanaContext } from './grafana-context-header.js';
import type { CallResourceRequest, CallResourceResponse, StringList } from './proto/messages.js';

export type ResourceHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Only the REST API is reachable through the datasource: not /metrics (every tenant's counts) or /readyz. */
const FORWARDED_PREFIX = '/api/';

/** gRPC messages stay well below the 4 MiB default receive limit of Grafana's client. */
export const BODY_CHUNK_BYTES = 1 << 20;

/** Request headers that describe Grafana's hop, or that only PluginContext may set. */
const DROPPED_REQUEST_HEADERS = new Set([
  'authorization',
  'cookie',
  GRAFANA_CONTEXT_HEADER,
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'upgrade',
  'te',
  'trailer',
  'proxy-authorization',
]);
/** Response headers of the in-process hop, meaningless to Grafana's client. */
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-powered-by']);

/** Path and query as Grafana's own Go SDK adapter builds them: req.path plus req.url's query string. */
export function resourceUrl(request: Pick<CallResourceRequest, 'path' | 'url'>): string {
  const path = `/${request.path.replace(/^\/+/, '')}`;
  const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  return query ? `${path}?${query}` : path;
}

function forwardedHeaders(request: CallResourceRequest): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, list] of Object.entries(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (DROPPED_REQUEST_HEADERS.has(lower) || !list?.values?.length) continue;
    headers[lower] = list.values.length === 1 ? list.values[0] : list.values;
  }
  const token = datasourceToken(request.pluginContext);
  if (token) headers.authorization = `Bearer ${token}`;
  headers[GRAFANA_CONTEXT_HEADER] = signGrafanaContext(callerFromContext(request.pluginContext));
  return headers;
}

function responseHeaders(headers: Record<string, unknown>): Record<string, StringList> {
  const out: Record<string, StringList> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) continue;
    out[name] = { values: Array.isArray(value) ? value.map(String) : [String(value)] };
  }
  return out;
}

const jsonError = (code: number, message: string): CallResourceResponse[] => [
  {
    code,
    headers: { 'content-type': { values: ['application/json; charset=utf-8'] } },
    body: Buffer.from(JSON.stringify({ error: { message } })),
  },
];

/** The messages CallResource streams back for one request. */
export async function callResource(handler: ResourceHandler, request: CallResourceRequest): Promise<CallResourceResponse[]> {
  const url = resourceUrl(request);
  if (!url.startsWith(FORWARDED_PREFIX)) {
    return jsonError(404, `no resource at ${url}: the datasource forwards only ${FORWARDED_PREFIX}...`);
  }
  const method = (request.method || 'GET').toUpperCase() as 'GET';
  const body = request.body?.length ? request.body : undefined;
  const response = await inject(handler, { method, url, headers: forwardedHeaders(request), payload: body });
  const payload = response.rawPayload;
  const messages: CallResourceResponse[] = [{ code: response.statusCode, headers: responseHeaders(response.headers), body: payload.subarray(0, BODY_CHUNK_BYTES) }];
  for (let offset = BODY_CHUNK_BYTES; offset < payload.length; offset += BODY_CHUNK_BYTES) {
    messages.push({ body: payload.subarray(offset, offset + BODY_CHUNK_BYTES) });
  }
  return messages;
}
