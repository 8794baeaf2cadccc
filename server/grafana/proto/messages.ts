/**
 * TypeScript shapes of the protocol messages as @grpc/proto-loader decodes
 * them with protoLoaderOptions (keepCase, longs as numbers, enums as
 * strings, bytes as Buffer, defaults filled). Hand-written to match
 * pluginv2.proto; only the fields the sidecar reads or writes.
 */

export interface DataSourceInstanceSettings {
  id: number;
  name: string;
  url: string;
  uid: string;
  jsonData: Buffer;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: number;
}

export interface GrafanaUser {
  login: string;
  name: string;
  email: string;
  role: string;
}

export interface PluginContext {
  orgId: number;
  pluginId: string;
  /** null when Grafana itself asks (alert evaluation). */
  user: GrafanaUser | null;
  dataSourceInstanceSettings: DataSourceInstanceSettings | null;
  pluginVersion: string;
  userAgent: string;
}

export interface StringList {
  values: string[];
}

export interface CallResourceRequest {
  pluginContext: PluginContext | null;
  path: string;
  method: string;
  url: string;
  headers: Record<string, StringList>;
  body: Buffer;
}

export interface CallResourceResponse {
  code?: number;
  headers?: Record<string, StringList>;
  body?: Buffer;
}

export interface TimeRange {
  fromEpochMS: number;
  toEpochMS: number;
}

export interface DataQuery {
  refId: string;
  maxDataPoints: number;
  intervalMS: number;
  timeRange: TimeRange | null;
  json: Buffer;
  queryType: string;
}

export interface QueryDataRequest {
  pluginContext: PluginContext | null;
  headers: Record<string, string>;
  queries: DataQuery[];
}

export interface DataResponse {
  frames: Buffer[];
  error?: string;
  status?: number;
  errorSource?: string;
}

export interface QueryDataResponse {
  responses: Record<string, DataResponse>;
}

export interface CheckHealthRequest {
  pluginContext: PluginContext | null;
  headers: Record<string, string>;
}

export type HealthStatus = 'UNKNOWN' | 'OK' | 'ERROR';

export interface CheckHealthResponse {
  status: HealthStatus;
  message: string;
  jsonDetails?: Buffer;
}
