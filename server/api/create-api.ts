/**
 * The REST API (express): /healthz, /readyz, /metrics, /api/openapi.json
 * and the resources under /api/v1. Every input is validated by the route's
 * schema before a handler runs; errors map to responses in error-response.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import express, { type Request, type Response, type NextFunction } from 'express';
import type { Route, Services } from './route.js';
import type { IdentityResolver } from './authentication.js';
import { openApiDocument } from './openapi.js';
import { errorHandler } from './error-response.js';
import { targetRoutes } from './routes/target-routes.js';
import { analysisRoutes } from './routes/analysis-routes.js';
import { snapshotRoutes } from './routes/snapshot-routes.js';
import { anomalyRoutes } from './routes/anomaly-routes.js';
import { ruleRoutes } from './routes/rule-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { ServiceError } from '../service/service-errors.js';
import type { Identity } from '../service/identity.js';

export const ROUTES: Route[] = [
  ...targetRoutes,
  ...analysisRoutes,
  ...snapshotRoutes,
  ...anomalyRoutes,
  ...ruleRoutes,
  ...eventRoutes,
];

export interface ApiOptions {
  services: Services;
  resolvers: IdentityResolver[];
  /** What /metrics serves (metrics/sidecar-metrics.ts). */
  metrics: { contentType: string; exposition(): Promise<string | Buffer> };
  ready: () => Promise<{ ok: boolean; checks: Record<string, string> }>;
  version: string;
  logError: (error: unknown) => void;
  /** When set, /metrics answers only "Authorization: Bearer <metricsToken>" (it names every tenant and target). */
  metricsToken?: string;
}

const unauthenticated = () =>
  new ServiceError(
    'unauthenticated',
    'send a RedisLens API token as "Authorization: Bearer <token>" (the token names the tenant)'
  );

async function identify(req: Request, resolvers: IdentityResolver[]): Promise<Identity> {
  for (const resolve of resolvers) {
    const result = await resolve(req);
    if (result && 'rejected' in result) throw new ServiceError('unauthenticated', result.rejected);
    if (result) return result;
  }
  throw unauthenticated();
}

/** Bodies are decoded (and decompressed) only for routes that take one, and only after authentication. */
const jsonBody = express.json({ limit: '1mb' });

/** Constant-time comparison of a bearer token (hashes have equal length whatever was sent). */
function bearerMatches(header: string | undefined, expected: string): boolean {
  const sent = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

/**
 * A frozen body is one shared between readers (the store shares a page of the anomaly list between readers
 * asking the same: store/sqlite/anomaly-repository.ts): it is serialized and encoded once, and gzipped once for
 * the clients that accept it (Grafana's Go client asks for gzip by itself, browsers too), so a dashboard's
 * viewers share its bytes as well (encoding a page to UTF-8 for each reader was most of a busy list's cost), and
 * each reader is sent a tenth of them (a 100-anomaly page: ~100 KB, gzipped ~10 KB in ~1 ms once per page).
 */
const shared = new WeakMap<object, { json: Buffer; gzip?: Buffer }>();
function sendJson(req: Request, res: Response, body: unknown): void {
  res.type('application/json; charset=utf-8');
  if (typeof body !== 'object' || body === null || !Object.isFrozen(body)) {
    res.send(JSON.stringify(body));
    return;
  }
  let bytes = shared.get(body);
  if (bytes === undefined) shared.set(body, (bytes = { json: Buffer.from(JSON.stringify(body)) }));
  res.vary('Accept-Encoding');
  if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    bytes.gzip ??= gzipSync(bytes.json);
    res.set('Content-Encoding', 'gzip').send(bytes.gzip);
  } else res.send(bytes.json);
}

function mount(router: express.Router, route: Route, options: ApiOptions): void {
  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.locals.identity = await identify(req, options.resolvers);
      next();
    } catch (error) {
      next(error);
    }
  };
  const readBody = route.body ? [jsonBody] : [];
  router[route.method](
    route.path,
    authenticate,
    ...readBody,
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const identity = res.locals.identity as Identity;
        const params = route.params ? route.params.parse(req.params) : {};
        const query = route.query ? route.query.parse(req.query) : {};
        const body = route.body ? route.body.parse(req.body ?? {}) : undefined;
        const result = await route.handler({ identity, params, query, body, services: options.services });
        res.status(result.status ?? route.status ?? 200);
        if (result.filename) res.attachment(result.filename);
        if (result.body === undefined) res.end();
        else if (result.contentType?.startsWith('text/')) res.type(result.contentType).send(result.body);
        else sendJson(req, res, result.body);
      } catch (error) {
        next(error);
      }
    }
  );
}

export function createApi(options: ApiOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // An ETag is a SHA-1 of every body, and answers change with every analysis: nobody revalidates with one.
  app.disable('etag');

  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', async (_req, res) => {
    const ready = await options.ready();
    res.status(ready.ok ? 200 : 503).json({ status: ready.ok ? 'ready' : 'not ready', checks: ready.checks });
  });
  app.get('/metrics', async (req, res, next) => {
    if (options.metricsToken && !bearerMatches(req.headers.authorization, options.metricsToken)) {
      next(new ServiceError('unauthenticated', 'send the metrics token as "Authorization: Bearer <token>"'));
      return;
    }
    res.type(options.metrics.contentType).send(await options.metrics.exposition());
  });
  const document = openApiDocument(ROUTES, options.version);
  app.get('/api/openapi.json', (_req, res) => void res.json(document));

  const router = express.Router();
  for (const route of ROUTES) mount(router, route, options);
  app.use('/api/v1', router);
  app.use('/api', (req, res) => {
    res.status(404).json({
      error: { code: 'not_found', message: `no route ${req.method} ${req.originalUrl}: see /api/openapi.json` },
    });
  });
  app.use(errorHandler(options.logError));
  return app;
}
