/**
 * How the sidecar serves Grafana: its read service, token authentication
 * and readiness as a GrafanaService; its REST app as the CallResource
 * target, with the Grafana context resolver put first so Grafana users are
 * capped by their role. startSidecar (server/sidecar.ts) calls this when
 * grpcListen is set.
 */
import type { IdentityResolver } from '../api/authentication.js';
import type { Identity } from '../service/identity.js';
import type { ReadService } from '../service/read-service.js';
import type { GrafanaService } from './grafana-service.js';
import type { GrafanaLogger } from './logger.js';
import type { ResourceHandler } from './resource-bridge.js';
import { grafanaContextResolver } from './rest-resolver.js';
import { startGrafanaServer, type GrafanaServer } from './server.js';

export interface SidecarParts {
  read: ReadService;
  authenticate(token: string): Promise<Identity | undefined>;
  /** Store open (and scheduler running): what /readyz checks. */
  ready(): Promise<{ ok: boolean; checks: Record<string, string> }>;
  /** The REST layer's identity resolvers; the Grafana one is inserted first. */
  resolvers: IdentityResolver[];
  httpHandler: ResourceHandler;
}

export function grafanaServiceFor(parts: Pick<SidecarParts, 'read' | 'authenticate' | 'ready'>): GrafanaService {
  const { read } = parts;
  return {
    listTargets: (...args) => read.listTargets(...args),
    target: (...args) => read.target(...args),
    analysis: (...args) => read.analysis(...args),
    analyses: (...args) => read.analyses(...args),
    analysisReport: (...args) => read.analysisReport(...args),
    snapshots: (...args) => read.snapshots(...args),
    snapshot: (...args) => read.snapshot(...args),
    snapshotDiff: (...args) => read.snapshotDiff(...args),
    listAnomalies: (...args) => read.listAnomalies(...args),
    anomaly: (...args) => read.anomaly(...args),
    anomalyHistory: (...args) => read.anomalyHistory(...args),
    countAnomalies: (...args) => read.countAnomalies(...args),
    listInstances: (...args) => read.listInstances(...args),
    metricSeries: (...args) => read.metricSeries(...args),
    configRows: (...args) => read.configRows(...args),
    topology: (...args) => read.topology(...args),
    listRules: (...args) => read.listRules(...args),
    events: (...args) => read.events(...args),
    authenticate: (token) => parts.authenticate(token),
    health: async () => {
      const { ok, checks } = await parts.ready();
      return {
        ok,
        message: Object.entries(checks)
          .map(([name, state]) => `${name} ${state}`)
          .join(', '),
      };
    },
  };
}

export function serveGrafana(
  parts: SidecarParts,
  options: { listen: string; logger?: GrafanaLogger }
): Promise<GrafanaServer> {
  parts.resolvers.unshift(grafanaContextResolver((token) => parts.authenticate(token)));
  return startGrafanaServer({
    listen: options.listen,
    service: grafanaServiceFor(parts),
    resourceHandler: parts.httpHandler,
    logger: options.logger,
  });
}
