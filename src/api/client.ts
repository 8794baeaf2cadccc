/**
 * The pages' REST client: openapi-fetch over the types generated from the sidecar's OpenAPI
 * document (sidecar-api.gen.ts). Every call goes through the nested datasource's resources
 * (Grafana's CallResource), so the datasource's token and the Grafana user's role apply.
 */
import createClient, { type Client } from 'openapi-fetch';
import { config } from '@grafana/runtime';
import type { components, paths } from './sidecar-api.gen';

export type Schemas = components['schemas'];
export type Anomaly = Schemas['Anomaly'];
export type AnomalyDetail = Schemas['AnomalyDetail'];
export type AnomalyEvent = Schemas['AnomalyEvent'];
export type Target = Schemas['Target'];
export type Analysis = Schemas['Analysis'];
export type Instance = Schemas['Instance'];
export type ConfigRow = Schemas['ConfigRow'];
export type Rule = Schemas['Rule'];
export type SnapshotMeta = Schemas['SnapshotMeta'];
export type Snapshot = Schemas['Snapshot'];
export type NodeSnapshot = Schemas['NodeSnapshot'];
export type SnapshotDiff = Schemas['SnapshotDiff'];
export type TargetEvent = Schemas['TargetEvent'];
export type SidecarClient = Client<paths>;
export type SidecarPaths = paths;

/** Where Grafana serves the datasource's CallResource: /api/datasources/uid/<uid>/resources. */
export function resourcesUrl(datasourceUid: string): string {
  return `${config.appSubUrl ?? ''}/api/datasources/uid/${encodeURIComponent(datasourceUid)}/resources`;
}

export function createSidecarClient(datasourceUid: string): SidecarClient {
  return createClient<paths>({
    baseUrl: resourcesUrl(datasourceUid),
    // Looked up per call: tests and hosts may install fetch after this module loads.
    fetch: (request: Request) => globalThis.fetch(request),
    headers: { Accept: 'application/json' },
    // ?severity=critical&severity=warning, as the sidecar's list parameters read it.
    querySerializer: { array: { style: 'form', explode: true } },
  });
}

/** An error the sidecar (or Grafana on its way) answered: the message is the sidecar's own sentence. */
export class SidecarError extends Error {
  override name = 'SidecarError';
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message);
  }
}

function errorMessage(status: number, body: unknown): string {
  const b = body as { error?: { message?: string } | string; message?: string } | undefined;
  if (b && typeof b.error === 'object' && b.error?.message) {
    return b.error.message;
  }
  if (b && typeof b.message === 'string') {
    return b.message;
  }
  if (status === 502 || status === 503) {
    return 'the RedisLens sidecar is not reachable through the datasource: check its health on the app configuration page';
  }
  return `the sidecar answered HTTP ${status}`;
}

/** The data of an openapi-fetch call, or a SidecarError with the sidecar's message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    throw new SidecarError(response.status, errorMessage(response.status, error));
  }
  return data as T;
}

export type OpenCounts = Record<'critical' | 'warning' | 'notice', number>;

/**
 * Open anomalies of one target by severity, its groups' findings (a Sentinel set, a cluster) included:
 * the per-node counts of /instances leave those out.
 */
export async function openCountsOf(client: SidecarClient, targetId: string, now = Date.now()): Promise<OpenCounts> {
  const counts = await unwrap(
    client.GET('/api/v1/anomaly-counts', {
      params: { query: { targetId: [targetId], from: now - 60e3, to: now, intervalMs: 60e3 } },
    })
  );
  const last = counts.items.at(-1);
  return { critical: last?.critical ?? 0, warning: last?.warning ?? 0, notice: last?.notice ?? 0 };
}
