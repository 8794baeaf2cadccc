/** ReadService over the store and the catalog: what dashboards, pages and alert rules read. */
import { BUCKET_MS, type Store } from '../store/store.js';
import type { Analysis, AnalysisProgress, Anomaly, SnapshotMeta, Target } from '../domain/records.js';
import type { FleetSnapshot } from '../collect/snapshot.js';
import { configChanges } from '../analysis/config-drift.js';
import type { Catalog } from '../rules/catalog-loader.js';
import { SEVERITY_RANK, type Severity } from '../rules/rule-schema.js';
import type { Identity } from './identity.js';
import { notFound, ServiceError } from './service-errors.js';
import { formatConfigValue } from './config-format.js';
import type {
  ConfigRow,
  InstanceRow,
  MetricSeries,
  ReadService,
  RuleRow,
  SnapshotDiff,
  TopologyEdge,
  TopologyGraph,
} from './read-service.js';

const MAX_BUCKETS = 2000;

export class StoreReadService implements ReadService {
  constructor(
    private readonly store: Store,
    private readonly catalog: Catalog,
    /** Where a running analysis's live progress comes from (the runner); without it, the stored progress. */
    private readonly progress?: { progressOf(analysisId: string): AnalysisProgress | undefined }
  ) {}

  listTargets(identity: Identity): Promise<Target[]> {
    return this.store.targets.list(identity.tenantId);
  }

  async target(identity: Identity, id: string): Promise<Target> {
    const target = await this.store.targets.get(identity.tenantId, id);
    if (!target) throw notFound('target', id);
    return target;
  }

  /** An analysis with live progress while it runs. */
  async analysis(identity: Identity, id: string): Promise<Analysis> {
    const analysis = await this.store.analyses.get(identity.tenantId, id);
    if (!analysis) throw notFound('analysis', id);
    const live = this.progress?.progressOf(id);
    return live ? { ...analysis, progress: live } : analysis;
  }

  async analyses(identity: Identity, targetId: string, limit: number): Promise<Analysis[]> {
    await this.target(identity, targetId);
    return this.store.analyses.list(identity.tenantId, targetId, limit);
  }

  async analysisReport(identity: Identity, id: string): Promise<unknown> {
    const analysis = await this.analysis(identity, id);
    const report = await this.store.analyses.report(identity.tenantId, id);
    if (!report)
      throw new ServiceError(
        'conflict',
        analysis.status === 'succeeded'
          ? `the report of analysis ${id} was not kept: a run of scheduled analyses with the same findings keeps the reports of its first and its latest analysis (this one's summary stays)`
          : `analysis ${id} has no report (status ${analysis.status})`
      );
    return report;
  }

  async snapshots(identity: Identity, targetId: string, limit: number): Promise<SnapshotMeta[]> {
    await this.target(identity, targetId);
    return this.store.snapshots.list(identity.tenantId, targetId, limit);
  }

  async snapshot(identity: Identity, id: string): Promise<SnapshotMeta & { fleet: FleetSnapshot }> {
    const snapshot = await this.store.snapshots.get(identity.tenantId, id);
    if (!snapshot) throw notFound('snapshot', id);
    return snapshot;
  }

  async snapshotDiff(identity: Identity, fromId: string, toId: string): Promise<SnapshotDiff> {
    const [from, to] = await Promise.all([this.snapshot(identity, fromId), this.snapshot(identity, toId)]);
    if (from.targetId !== to.targetId)
      throw new ServiceError('invalid', 'both snapshots must belong to the same target');
    const before = new Set(from.fleet.nodes.map((n) => n.address));
    const after = new Set(to.fleet.nodes.map((n) => n.address));
    return {
      from: { id: from.id, collectedAt: from.collectedAt },
      to: { id: to.id, collectedAt: to.collectedAt },
      nodesAdded: [...after].filter((a) => !before.has(a)),
      nodesRemoved: [...before].filter((a) => !after.has(a)),
      configChanges: configChanges(from.fleet, to.fleet),
    };
  }

  listAnomalies(identity: Identity, query: Parameters<ReadService['listAnomalies']>[1]) {
    return this.store.anomalies.query(identity.tenantId, query);
  }

  async anomaly(identity: Identity, id: string): Promise<Anomaly> {
    const anomaly = await this.store.anomalies.get(identity.tenantId, id);
    if (!anomaly) throw notFound('anomaly', id);
    return anomaly;
  }

  async anomalyHistory(identity: Identity, id: string) {
    await this.anomaly(identity, id);
    return this.store.anomalies.history(identity.tenantId, id);
  }

  countAnomalies(identity: Identity, { from, to, intervalMs, filter }: Parameters<ReadService['countAnomalies']>[1]) {
    const step = Math.max(intervalMs, Math.ceil((to - from) / MAX_BUCKETS), 1000);
    const instants: number[] = [];
    for (let t = Math.floor(from / step) * step; t <= to; t += step) instants.push(t);
    // The range's end is an instant too: an alert reducing to the last value sees what is open now.
    if (instants.at(-1) !== to) instants.push(to);
    return this.store.anomalies.openAt(identity.tenantId, instants, filter);
  }

  private async openByNode(identity: Identity, targetId: string): Promise<Map<string, Anomaly[]>> {
    const byNode = new Map<string, Anomaly[]>();
    for (const a of await this.store.anomalies.active(identity.tenantId, targetId)) {
      if (a.status !== 'open') continue;
      byNode.set(a.resource, [...(byNode.get(a.resource) ?? []), a]);
    }
    return byNode;
  }

  async listInstances(identity: Identity, options: { targetId?: string } = {}): Promise<InstanceRow[]> {
    const targets = options.targetId
      ? [await this.target(identity, options.targetId)]
      : await this.listTargets(identity);
    const rows: InstanceRow[] = [];
    for (const target of targets) {
      const latest = await this.store.snapshots.latest(identity.tenantId, target.id);
      if (!latest) continue;
      const open = await this.openByNode(identity, target.id);
      for (const node of latest.fleet.nodes) {
        const mine = open.get(node.address) ?? [];
        const count = (s: Severity) => mine.filter((a) => a.severity === s).length;
        rows.push({
          targetId: target.id,
          targetName: target.name,
          address: node.address,
          kind: node.kind,
          role: node.role,
          version: node.version?.text ?? null,
          reachable: node.reachable,
          ...(node.error ? { error: node.error.message } : {}),
          openCritical: count('critical'),
          openWarning: count('warning'),
          openNotice: count('notice'),
          lastAnalysedAt: latest.collectedAt,
        });
      }
    }
    return rows;
  }

  async metricSeries(identity: Identity, options: Parameters<ReadService['metricSeries']>[1]): Promise<MetricSeries[]> {
    const targets = options.targetId
      ? [await this.target(identity, options.targetId)]
      : await this.listTargets(identity);
    const names = new Map(targets.map((t) => [t.id, t.name]));
    const points = await this.store.rollups.series([...names.keys()], options);
    const step = Math.max(
      BUCKET_MS,
      options.intervalMs,
      Math.ceil((options.to - options.from) / (options.maxDataPoints ?? 1000))
    );
    const series = new Map<string, MetricSeries & { acc: Map<number, { sum: number; count: number }> }>();
    for (const p of points) {
      const key = `${p.targetId}\u0000${p.node}\u0000${p.metric}`;
      let s = series.get(key);
      if (!s)
        series.set(
          key,
          (s = {
            targetId: p.targetId,
            targetName: names.get(p.targetId)!,
            node: p.node,
            metric: p.metric,
            points: [],
            acc: new Map(),
          })
        );
      const bucket = Math.floor(p.bucket / step) * step;
      const acc = s.acc.get(bucket) ?? { sum: 0, count: 0 };
      acc.sum += p.sum;
      acc.count += p.count;
      s.acc.set(bucket, acc);
    }
    return [...series.values()].map(({ acc, ...s }) => ({
      ...s,
      points: [...acc.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([time, { sum, count }]) => ({ time, value: sum / count })),
    }));
  }

  async configRows(identity: Identity, options: { targetId: string; node?: string }): Promise<ConfigRow[]> {
    await this.target(identity, options.targetId);
    const latest = await this.store.snapshots.latest(identity.tenantId, options.targetId);
    if (!latest) return [];
    const table = this.catalog.data.redis_config_defaults as
      { defaults?: Record<string, string>; aliases?: Record<string, string> } | undefined;
    const defaults = table?.defaults ?? {};
    const aliases = table?.aliases ?? {};
    // A finding highlights exactly the directives its rule judges (the rule's `directives`, as data).
    const judged = new Map(this.catalog.rules.map((r) => [r.id, new Set(r.directives)]));
    const open = await this.openByNode(identity, options.targetId);
    const rows: ConfigRow[] = [];
    for (const node of latest.fleet.nodes) {
      if (!node.config || (options.node && node.address !== options.node)) continue;
      const findings = open.get(node.address) ?? [];
      for (const [directive, value] of Object.entries(node.config).sort(([a], [b]) => a.localeCompare(b))) {
        const canonical = aliases[directive] ?? directive;
        const severity = findings
          .filter((a) => judged.get(a.ruleId)?.has(canonical))
          .reduce<Severity | null>(
            (best, a) => (best && SEVERITY_RANK[best] >= SEVERITY_RANK[a.severity] ? best : a.severity),
            null
          );
        rows.push({
          targetId: options.targetId,
          node: node.address,
          directive,
          value: formatConfigValue(value),
          defaultValue: defaults[directive] ?? null,
          severity,
        });
      }
    }
    return rows;
  }

  async topology(identity: Identity, options: { targetId: string }): Promise<TopologyGraph> {
    await this.target(identity, options.targetId);
    const latest = await this.store.snapshots.latest(identity.tenantId, options.targetId);
    if (!latest) return { nodes: [], edges: [] };
    const open = await this.openByNode(identity, options.targetId);
    const { fleet } = latest;
    const nodes = fleet.nodes.map((n) => ({
      id: n.address,
      title: n.address,
      subTitle: `${n.kind === 'sentinel' ? 'sentinel' : n.role}${n.version ? ` ${n.version.text}` : ''}`,
      role: n.kind === 'sentinel' ? 'sentinel' : n.role,
      reachable: n.reachable,
      mainStat: (open.get(n.address) ?? []).length,
      secondaryStat: n.reachable ? 'up' : (n.error?.code ?? 'down'),
    }));
    const edges: TopologyEdge[] = [];
    const add = (source: string, target: string, kind: TopologyEdge['kind']) =>
      edges.push({ id: `${kind}:${source}->${target}`, source, target, kind });
    for (const g of fleet.groups) {
      if (g.master) for (const r of g.replicas) add(r, g.master, 'replication');
      if (g.master) for (const s of g.sentinels) add(s, g.master, 'monitors');
    }
    const clusterNodes = fleet.nodes.find((n) => n.cluster)?.cluster?.nodes ?? [];
    const byId = new Map(clusterNodes.map((c) => [c.id, c.address]));
    for (const c of clusterNodes)
      if (c.masterId && byId.has(c.masterId)) add(c.address, byId.get(c.masterId)!, 'cluster');
    return { nodes, edges };
  }

  async listRules(identity: Identity): Promise<RuleRow[]> {
    const overrides = new Map((await this.store.ruleOverrides.list(identity.tenantId)).map((o) => [o.ruleId, o]));
    return this.catalog.rules.map((r) => {
      const o = overrides.get(r.id);
      return {
        id: r.id,
        title: r.title,
        category: r.category,
        severity: o?.severity ?? r.severity,
        scope: r.scope,
        requires: r.requires,
        enabled: o?.enabled ?? true,
        condition: r.when,
        rationale: r.rationale,
        recommendation: r.recommendation,
        references: r.references,
        directives: r.directives,
        params: { ...r.params, ...o?.params },
      };
    });
  }

  events(identity: Identity, options: Parameters<ReadService['events']>[1]) {
    return this.store.events.list(identity.tenantId, options);
  }
}
