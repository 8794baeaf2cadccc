/**
 * GENERATED from the QueryData schemas (server/grafana/queries/query-model.ts): do not edit.
 * Regenerate with `npm run generate:types` (server/scripts/generate-frontend-types.ts).
 */
/* eslint-disable */

export type paths = Record<string, never>;
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    anomalies: {
      target?: string;
      severity?: ('critical' | 'warning' | 'notice') | ('critical' | 'warning' | 'notice')[];
      status?:
        | ('open' | 'acknowledged' | 'resolved' | 'false_positive')
        | ('open' | 'acknowledged' | 'resolved' | 'false_positive')[];
      category?: string | string[];
      ruleId?: string | string[];
      /** @default 1000 */
      limit: number;
    };
    anomalyCounts: {
      target?: string;
      severity?: ('critical' | 'warning' | 'notice') | ('critical' | 'warning' | 'notice')[];
      category?: string | string[];
      ruleId?: string | string[];
      /** @enum {string} */
      groupBy?: 'target';
    };
    instances: {
      target?: string;
    };
    metrics: {
      target?: string;
      node?: string;
      metrics?: string | string[];
    };
    config: {
      target: string;
      node?: string;
    };
    topology: {
      target: string;
    };
    rules: {
      category?: string | string[];
      severity?: ('critical' | 'warning' | 'notice') | ('critical' | 'warning' | 'notice')[];
    };
    annotations: {
      target?: string;
      kind?:
        | ('anomaly_opened' | 'anomaly_resolved' | 'anomaly_reopened' | 'config_changed')
        | ('anomaly_opened' | 'anomaly_resolved' | 'anomaly_reopened' | 'config_changed')[];
    };
    targetHealth: {
      target?: string;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}

/** The fields each query type reads, per query type. */
export type QueryModels = components['schemas'];
export const QUERY_TYPES = [
  'anomalies',
  'anomalyCounts',
  'instances',
  'metrics',
  'config',
  'topology',
  'rules',
  'annotations',
  'targetHealth',
] as const;
export const QUERY_FIELDS = {
  anomalies: ['target', 'severity', 'status', 'category', 'ruleId', 'limit'],
  anomalyCounts: ['target', 'severity', 'category', 'ruleId', 'groupBy'],
  instances: ['target'],
  metrics: ['target', 'node', 'metrics'],
  config: ['target', 'node'],
  topology: ['target'],
  rules: ['category', 'severity'],
  annotations: ['target', 'kind'],
  targetHealth: ['target'],
} as const;
