/**
 * The part of Grafana's HTTP API a frontend plugin calls, answered the way
 * Grafana's server answers it: by calling the plugin's backend over gRPC
 * (pluginv2) with a PluginContext built from the signed-in user and the
 * datasource's settings, its secureJsonData decrypted for the backend only.
 *   POST /api/ds/query                         -> Data.QueryData, Arrow -> frame JSON
 *   /api/datasources/uid/<uid>/resources/<p>   -> Resource.CallResource
 *   GET  /api/datasources/uid/<uid>/health     -> Diagnostics.CheckHealth
 *   /api/plugins/<id>/settings                 -> the app's (or a plugin's) settings
 *   GET  /api/datasources[/uid/<uid>]          -> the provisioned datasource
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { dial } from '../../server/grafana/test-support/grafana-host.js';
import type { PluginContext } from '../../server/grafana/proto/messages.js';
import type { Catalog, CatalogEntry } from './plugin-catalog.mjs';
import { frameToJson } from './frame-json.mjs';

export type GrafanaRole = 'Admin' | 'Editor' | 'Viewer';

export interface HostUser {
  login: string;
  role: GrafanaRole;
}

export interface HostDatasource {
  id: number;
  uid: string;
  name: string;
  type: string;
  jsonData: Record<string, unknown>;
  /** Kept server-side like Grafana's encrypted secureJsonData; only its field names reach the browser. */
  secureJsonData: Record<string, string>;
}

type Backend = ReturnType<typeof dial>;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

// Hop-by-hop headers and what Grafana's ClearAuthHeaders / cookie middleware drop before CallResource.
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'cookie',
  'authorization',
  'x-grafana-device-id',
  // the test host's own stand-in for Grafana's session (host-server.mts), not something Grafana forwards
  'x-grafana-host',
]);

/** Go's http.CanonicalHeaderKey, as Grafana's map[string][]string carries header names. */
const canonical = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}

export class GrafanaApi {
  private appSettings = new Map<string, { enabled: boolean; pinned: boolean; jsonData: Record<string, unknown> }>();
  /** API calls the host does not implement: a plugin calling one would break in a way tests must see. */
  readonly unimplemented: string[] = [];

  constructor(
    private catalog: Catalog,
    private backend: Backend,
    private datasource: HostDatasource
  ) {}

  private pluginContext(user: HostUser): PluginContext {
    const ds = this.datasource;
    return {
      orgId: 1,
      pluginId: ds.type,
      user: { login: user.login, name: user.login, email: `${user.login}@example.com`, role: user.role },
      dataSourceInstanceSettings: {
        id: ds.id,
        uid: ds.uid,
        name: ds.name,
        url: '',
        jsonData: Buffer.from(JSON.stringify(ds.jsonData)),
        decryptedSecureJsonData: ds.secureJsonData,
        lastUpdatedMS: 0,
      },
      pluginVersion: this.catalog.app.json.info.version,
      userAgent: 'Grafana/12.4.0 (RedisLens browser host)',
    };
  }

  /** What GET /api/datasources/uid/<uid> answers (no secrets, only which secure fields are set). */
  datasourceDto() {
    const ds = this.datasource;
    return {
      id: ds.id,
      uid: ds.uid,
      orgId: 1,
      name: ds.name,
      type: ds.type,
      typeName: ds.name,
      access: 'proxy',
      url: '',
      basicAuth: false,
      isDefault: true,
      jsonData: ds.jsonData,
      secureJsonFields: Object.fromEntries(Object.keys(ds.secureJsonData).map((k) => [k, true])),
      readOnly: true,
      version: 1,
    };
  }

  pluginSettings(entry: CatalogEntry) {
    const { json } = entry;
    const saved = this.appSettings.get(json.id);
    return {
      id: json.id,
      name: json.name,
      type: json.type,
      info: json.info,
      includes: json.includes ?? [],
      dependencies: json.dependencies,
      module: entry.module.replace(/^\//, ''),
      baseUrl: entry.baseUrl.replace(/^\//, ''),
      enabled: saved?.enabled ?? true,
      pinned: saved?.pinned ?? true,
      autoEnabled: false,
      jsonData: saved?.jsonData ?? {},
      secureJsonFields: {},
      defaultNavUrl: (json.includes ?? []).find((i) => i.defaultNav)?.path,
      hasUpdate: false,
      state: '',
      signature: 'unsigned',
      loadingStrategy: 'script',
    };
  }

  private findPlugin(id: string): CatalogEntry | undefined {
    return [this.catalog.app, ...this.catalog.nested].find((entry) => entry.json.id === id);
  }

  private checkDatasource(uid: string): void {
    if (uid !== this.datasource.uid) throw new HttpError(404, `Data source not found: ${uid}`);
  }

  /** Answers the request if it is Grafana API; false when the path is not under /api/. */
  async handle(request: IncomingMessage, response: ServerResponse, user: HostUser): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://host');
    const path = url.pathname;
    if (!path.startsWith('/api/')) return false;
    const method = request.method ?? 'GET';
    try {
      let match: RegExpMatchArray | null;
      if (path === '/api/ds/query' && method === 'POST') {
        await this.query(request, response, user);
      } else if ((match = path.match(/^\/api\/datasources\/uid\/([^/]+)\/resources(\/.*)?$/))) {
        this.checkDatasource(match[1]);
        await this.resource(request, response, user, (match[2] ?? '/').slice(1), url.search);
      } else if ((match = path.match(/^\/api\/datasources\/uid\/([^/]+)\/health$/)) && method === 'GET') {
        this.checkDatasource(match[1]);
        await this.health(response, user);
      } else if ((match = path.match(/^\/api\/datasources\/uid\/([^/]+)$/)) && method === 'GET') {
        this.checkDatasource(match[1]);
        sendJson(response, 200, this.datasourceDto());
      } else if (path === '/api/datasources' && method === 'GET') {
        sendJson(response, 200, [this.datasourceDto()]);
      } else if ((match = path.match(/^\/api\/plugins\/([^/]+)\/settings$/))) {
        await this.settings(request, response, user, match[1]);
      } else {
        this.unimplemented.push(`${method} ${path}`);
        process.stderr.write(`host: ${method} ${path} is not part of the host's Grafana API\n`);
        sendJson(response, 404, { message: `not implemented by the test host: ${method} ${path}` });
      }
    } catch (error) {
      if (error instanceof HttpError) sendJson(response, error.status, { message: error.message });
      else {
        process.stderr.write(`host: ${method} ${path} failed: ${(error as Error).stack}\n`);
        sendJson(response, 500, { message: (error as Error).message });
      }
    }
    return true;
  }

  private async query(request: IncomingMessage, response: ServerResponse, user: HostUser): Promise<void> {
    const body = JSON.parse((await readBody(request)).toString() || '{}') as {
      queries?: Record<string, unknown>[];
      from?: string;
      to?: string;
    };
    if (!Array.isArray(body.queries) || body.queries.length === 0) throw new HttpError(400, 'no queries found');
    const from = Number(body.from ?? Date.now() - 3600_000);
    const to = Number(body.to ?? Date.now());
    for (const query of body.queries) {
      const ds = (query.datasource ?? {}) as { uid?: string };
      this.checkDatasource(ds.uid ?? '');
    }
    // Grafana copies queryType, intervalMs and maxDataPoints out of the model and sends the model as JSON.
    const queries = body.queries.map((query) => ({
      refId: String(query.refId ?? 'A'),
      queryType: typeof query.queryType === 'string' ? query.queryType : '',
      json: Buffer.from(JSON.stringify(query)),
      intervalMS: Number(query.intervalMs ?? 60_000),
      maxDataPoints: Number(query.maxDataPoints ?? 1000),
      timeRange: { fromEpochMS: from, toEpochMS: to },
    }));
    const { responses } = await this.backend.queryData({ pluginContext: this.pluginContext(user), queries });
    const results: Record<string, unknown> = {};
    let failed = false;
    for (const [refId, result] of Object.entries(responses)) {
      if (result.error) {
        failed = true;
        results[refId] = {
          status: result.status || 500,
          error: result.error,
          ...(result.errorSource ? { errorSource: result.errorSource } : {}),
          frames: [],
        };
      } else {
        results[refId] = { status: 200, frames: result.frames.map((bytes) => frameToJson(bytes)) };
      }
    }
    // Grafana answers 400 when any query failed (without the datasourceQueryMultiStatus toggle).
    sendJson(response, failed ? 400 : 200, { results });
  }

  private async resource(
    request: IncomingMessage,
    response: ServerResponse,
    user: HostUser,
    path: string,
    search: string
  ): Promise<void> {
    const headers: Record<string, { values: string[] }> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || NOT_FORWARDED.has(name)) continue;
      headers[canonical(name)] = { values: Array.isArray(value) ? value : [value] };
    }
    const result = await this.backend.callResource({
      pluginContext: this.pluginContext(user),
      path: `${path}`,
      method: request.method ?? 'GET',
      url: `${path}${search}`,
      headers,
      body: await readBody(request),
    });
    const out: Record<string, string[]> = {};
    for (const [name, list] of Object.entries(result.headers ?? {})) out[name] = list.values;
    response.writeHead(result.code || 200, out);
    response.end(result.body);
  }

  private async health(response: ServerResponse, user: HostUser): Promise<void> {
    const result = await this.backend.checkHealth({ pluginContext: this.pluginContext(user) });
    const details = result.jsonDetails?.length ? JSON.parse(result.jsonDetails.toString()) : undefined;
    const payload = { status: result.status, message: result.message, ...(details ? { details } : {}) };
    // Grafana answers 400 with the same payload when the check is not OK.
    sendJson(response, result.status === 'OK' ? 200 : 400, payload);
  }

  private async settings(request: IncomingMessage, response: ServerResponse, user: HostUser, id: string) {
    const entry = this.findPlugin(id);
    if (!entry) throw new HttpError(404, 'Plugin not found, no installed plugin with that id');
    if (request.method === 'GET') {
      sendJson(response, 200, this.pluginSettings(entry));
      return;
    }
    if (request.method !== 'POST') throw new HttpError(405, 'method not allowed');
    // Grafana requires plugins.write, i.e. an org Admin, to change a plugin's settings.
    if (user.role !== 'Admin') throw new HttpError(403, 'You do not have permission to update plugin settings');
    const body = JSON.parse((await readBody(request)).toString() || '{}') as {
      enabled?: boolean;
      pinned?: boolean;
      jsonData?: Record<string, unknown>;
    };
    const current = this.pluginSettings(entry);
    this.appSettings.set(id, {
      enabled: body.enabled ?? current.enabled,
      pinned: body.pinned ?? current.pinned,
      jsonData: body.jsonData ?? current.jsonData,
    });
    sendJson(response, 200, { message: 'Plugin settings updated' });
  }
}
