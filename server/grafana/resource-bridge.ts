/**
 * Resource.CallResource: the app's pages call
 * /api/datasources/uid/<uid>/resources/<path>; Grafana forwards that here
 * and this replays it into the sidecar's own REST app (the same express
 * handlers, not a copy), then streams the answer back: the first message
 * carries status and headers, body chunks follow.
 *
 * The replay goes over a private HTTP server on a Unix socket in a 0700
 * directory, not through an in-process injector: light-my-request, the
 * usual one, detects express apps and re-parents express's *shared*
 * request/response prototypes onto its own mocks, after which the real
 * REST port's error responses crash (found by sidecar.contract.test.ts).
 * A real socket gives express a real IncomingMessage and ServerResponse.
 *
 * Identity: browser headers are not trusted. Authorization and the
 * Grafana context header are removed from the forwarded request and set
 * from PluginContext only (see grafana-context-header.ts and README.md).
 */
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  // The hop is in-process: the sidecar answers it uncompressed, and Grafana compresses for the browser as it is set to.
  'accept-encoding',
]);
/** Response headers of the in-process hop, meaningless to Grafana's client. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'x-powered-by',
]);

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

function responseHeaders(headers: IncomingHttpHeaders): Record<string, StringList> {
  const out: Record<string, StringList> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name.toLowerCase())) continue;
    out[name] = { values: Array.isArray(value) ? value : [value] };
  }
  return out;
}

const jsonError = (code: number, message: string): CallResourceResponse => ({
  code,
  headers: { 'content-type': { values: ['application/json; charset=utf-8'] } },
  body: Buffer.from(JSON.stringify({ error: { message } })),
});

export interface ResourceBridge {
  /** Replays one CallResource request; `send` receives each message of the response stream in order. */
  call(request: CallResourceRequest, send: (message: CallResourceResponse) => void): Promise<void>;
  close(): Promise<void>;
}

export async function openResourceBridge(handler: ResourceHandler): Promise<ResourceBridge> {
  // mkdtemp creates the directory 0700: only this user can reach the socket.
  const dir = mkdtempSync(join(tmpdir(), 'redislens-grafana-'));
  const socketPath = join(dir, 'rest.sock');
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });

  const call = (request: CallResourceRequest, send: (message: CallResourceResponse) => void): Promise<void> => {
    const url = resourceUrl(request);
    if (!url.startsWith(FORWARDED_PREFIX)) {
      send(jsonError(404, `no resource at ${url}: the datasource forwards only ${FORWARDED_PREFIX}...`));
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const body = request.body?.length ? request.body : undefined;
      const headers = { ...forwardedHeaders(request), ...(body ? { 'content-length': String(body.length) } : {}) };
      const outgoing = httpRequest(
        { socketPath, method: (request.method || 'GET').toUpperCase(), path: url, headers },
        (response) => {
          let first: CallResourceResponse | undefined = {
            code: response.statusCode ?? 502,
            headers: responseHeaders(response.headers),
          };
          let pending: Buffer[] = [];
          let pendingBytes = 0;
          const flush = (all: boolean) => {
            let buffered = Buffer.concat(pending);
            while (buffered.length >= BODY_CHUNK_BYTES || (all && (buffered.length > 0 || first))) {
              const chunk = buffered.subarray(0, BODY_CHUNK_BYTES);
              send(first ? { ...first, body: chunk } : { body: chunk });
              first = undefined;
              buffered = buffered.subarray(chunk.length);
            }
            pending = buffered.length ? [buffered] : [];
            pendingBytes = buffered.length;
          };
          response.on('data', (chunk: Buffer) => {
            pending.push(chunk);
            pendingBytes += chunk.length;
            if (pendingBytes >= BODY_CHUNK_BYTES) flush(false);
          });
          response.on('end', () => {
            flush(true);
            resolve();
          });
          response.on('error', reject);
        }
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };

  return {
    call,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}
