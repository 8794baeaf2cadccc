/**
 * A GrafanaService over plain arrays, for protocol tests until the real
 * sidecar exists. It is not a Redis mock: nothing in server/grafana talks
 * to Redis. It keeps the service contract's semantics that the protocol
 * layer relies on: tenant isolation by identity, filters, time ranges,
 * cursor pages and bucketed counts.
 */
import type { Identity } from '../../service/identity.js';
import type {
  AnomalyCountBucket,
  ConfigRow,
  InstanceRow,
  MetricSeries,
  RuleRow,
  TopologyGraph,
} from '../../service/read-service.js';
import type { AnomalyQuery, Page } from '../../domain/queries.js';
import type { Anomaly, Target, TargetEvent } from '../../domain/records.js';
import type { GrafanaService } from '../grafana-service.js';
import { notFound } from '../../service/service-errors.js';

export interface Fixture {
  tokens: Record<string, Identity>;
  targets: Target[];
  anomalies: Anomaly[];
  instances: (InstanceRow & { tenantId: string })[];
  metrics: (MetricSeries & { tenantId: string })[];
  config: (ConfigRow & { tenantId: string })[];
  topology: Record<string, TopologyGraph>;
  rules: RuleRow[];
  healthy?: boolean;
}

const byTenant = <T extends { tenantId: string }>(rows: T[], identity: Identity): T[] =>
  rows.filter((r) => r.tenantId === identity.tenantId);
const within = <T>(list: T[] | undefined, value: T): boolean => !list || list.includes(value);

export function arrayReadService(fixture: Fixture): GrafanaService & { calls: { method: string; args: unknown }[] } {
  const calls: { method: string; args: unknown }[] = [];
  const record = (method: string, args: unknown) => calls.push({ method, args });
  const ownTarget = (identity: Identity, id: string) => byTenant(fixture.targets, identity).some((t) => t.id === id);

  return {
    calls,
    authenticate: async (token) => fixture.tokens[token],
    health: async () =>
      fixture.healthy === false ? { ok: false, message: 'store closed' } : { ok: true, message: 'store open' },
    listTargets: async (identity) => byTenant(fixture.targets, identity),
    target: async (identity, id) => {
      const target = byTenant(fixture.targets, identity).find((t) => t.id === id);
      if (!target) throw notFound('target', id);
      return target;
    },
    anomaly: async (identity, id) => {
      const anomaly = byTenant(fixture.anomalies, identity).find((a) => a.id === id);
      if (!anomaly) throw notFound('anomaly', id);
      return anomaly;
    },
    // The fixture holds no analyses or snapshots: lists are empty for an own target, single ones not found.
    analyses: async (identity, targetId) => {
      if (!ownTarget(identity, targetId)) throw notFound('target', targetId);
      return [];
    },
    snapshots: async (identity, targetId) => {
      if (!ownTarget(identity, targetId)) throw notFound('target', targetId);
      return [];
    },
    analysis: async (_identity, id) => {
      throw notFound('analysis', id);
    },
    analysisReport: async (_identity, id) => {
      throw notFound('analysis', id);
    },
    snapshot: async (_identity, id) => {
      throw notFound('snapshot', id);
    },
    snapshotDiff: async (_identity, fromId) => {
      throw notFound('snapshot', fromId);
    },
    listAnomalies: async (identity, query: AnomalyQuery): Promise<Page<Anomaly>> => {
      record('listAnomalies', query);
      const rows = byTenant(fixture.anomalies, identity)
        .filter(
          (a) =>
            within(query.severity, a.severity) &&
            within(query.status, a.status) &&
            within(query.category, a.category) &&
            within(query.targetId, a.targetId) &&
            within(query.ruleId, a.ruleId) &&
            (query.from === undefined || a.lastSeen >= query.from) &&
            (query.to === undefined || a.firstSeen <= query.to)
        )
        .sort((a, b) => b.lastSeen - a.lastSeen);
      const start = query.cursor ? Number(query.cursor) : 0;
      const limit = query.limit ?? 100;
      const items = rows.slice(start, start + limit);
      return { items, nextCursor: start + limit < rows.length ? String(start + limit) : undefined };
    },
    anomalyHistory: async () => [],
    countAnomalies: async (identity, range): Promise<AnomalyCountBucket[]> => {
      record('countAnomalies', range);
      const rows = byTenant(fixture.anomalies, identity).filter(
        (a) =>
          a.status !== 'false_positive' &&
          a.status !== 'acknowledged' &&
          within(range.filter?.targetId, a.targetId) &&
          within(range.filter?.category, a.category) &&
          within(range.filter?.ruleId, a.ruleId)
      );
      const buckets: AnomalyCountBucket[] = [];
      for (
        let time = Math.floor(range.from / range.intervalMs) * range.intervalMs;
        time <= range.to;
        time += range.intervalMs
      ) {
        const open = rows.filter((a) => a.firstSeen <= time && (a.resolvedAt === undefined || a.resolvedAt > time));
        buckets.push({
          time,
          critical: open.filter((a) => a.severity === 'critical').length,
          warning: open.filter((a) => a.severity === 'warning').length,
          notice: open.filter((a) => a.severity === 'notice').length,
        });
      }
      return buckets;
    },
    listInstances: async (identity, options) =>
      byTenant(fixture.instances, identity).filter((r) => !options?.targetId || r.targetId === options.targetId),
    metricSeries: async (identity, options) => {
      record('metricSeries', options);
      return byTenant(fixture.metrics, identity)
        .filter(
          (s) =>
            options.metrics.includes(s.metric) &&
            (!options.targetId || s.targetId === options.targetId) &&
            (!options.node || s.node === options.node)
        )
        .map((s) => ({ ...s, points: s.points.filter((p) => p.time >= options.from && p.time <= options.to) }));
    },
    configRows: async (identity, options) =>
      byTenant(fixture.config, identity).filter(
        (r) => r.targetId === options.targetId && (!options.node || r.node === options.node)
      ),
    topology: async (identity, options) => {
      if (!ownTarget(identity, options.targetId)) throw new Error(`no target ${options.targetId}`);
      return fixture.topology[options.targetId] ?? { nodes: [], edges: [] };
    },
    listRules: async () => fixture.rules,
    events: async (): Promise<TargetEvent[]> => [],
  };
}
