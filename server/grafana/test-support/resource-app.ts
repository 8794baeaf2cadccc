/**
 * A tiny express app standing in for the REST layer in protocol tests. It
 * honours the CallResource header contract (README.md) exactly as the real
 * REST layer must: bearer token -> identity, then applyGrafanaContext.
 */
import express from 'express';
import type { GrafanaService } from '../grafana-service.js';
import { applyGrafanaContext, GRAFANA_CONTEXT_HEADER } from '../grafana-context-header.js';
import { canWrite, type Identity } from '../../service/identity.js';

export const BIG_BODY_BYTES = 2.5 * 1024 * 1024;

export function resourceApp(service: GrafanaService): express.Express {
  const app = express();
  app.use(express.json());
  app.use(async (req, res, next) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const tokenIdentity = token ? await service.authenticate(token) : undefined;
    const identity = tokenIdentity && applyGrafanaContext(tokenIdentity, req.headers[GRAFANA_CONTEXT_HEADER]);
    if (!identity) {
      res.status(401).json({ error: { message: 'not authenticated' } });
      return;
    }
    res.locals.identity = identity;
    next();
  });
  app.get('/api/v1/whoami', (req, res) => {
    res.json({
      identity: res.locals.identity as Identity,
      query: req.query,
      forwardedHeader: req.headers['x-test'] ?? null,
    });
  });
  app.post('/api/v1/anomalies/status', (req, res) => {
    if (!canWrite(res.locals.identity as Identity)) {
      res.status(403).json({ error: { message: 'needs the Editor role' } });
      return;
    }
    res
      .status(200)
      .set('x-changed', String(req.body.ids.length))
      .json({ changed: req.body.ids, by: (res.locals.identity as Identity).actor });
  });
  app.get('/api/v1/big', (_req, res) => {
    res.type('application/octet-stream').send(Buffer.alloc(BIG_BODY_BYTES, 7));
  });
  app.get('/metrics', (_req, res) => {
    res.type('text/plain').send('# every tenant');
  });
  return app;
}
