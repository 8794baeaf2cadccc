/**
 * Prometheus metrics: the process, durations and counters on a private registry (prom-client); the
 * point-in-time gauges with a series per target (open anomalies, reachability) computed when scraped and
 * written in slices (gauge-exposition.ts), since at thousands of targets they are most of a scrape.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { gaugeExposition, type GaugeRow } from './gauge-exposition.js';
import type { OpenCount, Store } from '../store/store.js';
import type { AnalysisObserver } from '../scheduler/analysis-runner.js';
import type { Target } from '../domain/records.js';

/** A gauge family's exposition, encoded: kept as bytes until its inputs change. */
const gaugeBytes = async (...args: Parameters<typeof gaugeExposition>) => Buffer.from(await gaugeExposition(...args));

export class SidecarMetrics implements AnalysisObserver {
  private readonly registry = new Registry();
  private readonly targetNames = new Map<string, string>();
  private readonly nodesUp = new Map<string, { target: Target; up: number; total: number }>();
  private readonly duration: Histogram<'status'>;
  private readonly analyses: Counter<'tenant' | 'target' | 'status'>;
  private readonly ruleErrorCount: Counter<'rule'>;
  /** Bumped when a target's name or reachability changes: the cached text of its gauges is stale. */
  private namesVersion = 0;
  private reachabilityVersion = 0;
  /** The per-target gauges as bytes, encoded once when their inputs change (3.9 MB at 5,000 targets). */
  private anomalyGauges?: { counts: readonly OpenCount[]; names: number; bytes: Buffer };
  private reachabilityGauges?: { version: number; bytes: Buffer };

  constructor(private readonly store: Store) {
    collectDefaultMetrics({ register: this.registry, prefix: 'redislens_' });
    // Durations for the whole sidecar, counts per target: a histogram per target was 13 series a target, and
    // at 2,000 targets its scrape held the sidecar's one thread for 180 ms.
    this.duration = new Histogram({
      name: 'redislens_analysis_duration_seconds',
      help: 'Duration of analyses (discovery, collection, rules, storage), all targets',
      labelNames: ['status'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
    });
    this.analyses = new Counter({
      name: 'redislens_analyses_total',
      help: 'Analyses finished, by target and outcome',
      labelNames: ['tenant', 'target', 'status'],
      registers: [this.registry],
    });
    this.ruleErrorCount = new Counter({
      name: 'redislens_rule_evaluation_errors_total',
      help: 'Rule evaluations that failed because of the rule itself (not missing data)',
      labelNames: ['rule'],
      registers: [this.registry],
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /**
   * The whole scrape: prom-client's registry, then the per-target gauges. Bytes, not text: encoding the whole
   * scrape's text on every scrape held the sidecar's thread for ~30 ms at 5,000 targets.
   */
  async exposition(): Promise<Buffer> {
    const registry = Buffer.from(await this.registry.metrics());
    return Buffer.concat([registry, ...(await this.targetGauges())]);
  }

  private async targetGauges(): Promise<Buffer[]> {
    // Read from the (possibly shared) store, labelled by target name: every replica reports the same
    // fleet-wide value, so dashboards aggregate replicas with max, never sum.
    const counts = await this.store.anomalies.openCounts();
    if (counts.some((row) => !this.targetNames.has(row.targetId)))
      for (const target of await this.store.targets.listEnabled()) this.nameTarget(target.id, target.name);
    // Between scrapes little changes: gauges are written again only when their inputs did (the embedded store
    // hands back the same counts until a write changes them).
    const anomalies = this.anomalyGauges;
    if (anomalies?.counts !== counts || anomalies.names !== this.namesVersion)
      this.anomalyGauges = {
        counts,
        names: this.namesVersion,
        bytes: await gaugeBytes(
          {
            name: 'redislens_anomalies_open',
            help: 'Open anomalies by severity, rule and target',
            labelNames: ['tenant', 'target', 'rule', 'severity'],
          },
          counts.map((row) => ({
            labels: [row.tenantId, this.targetNames.get(row.targetId) ?? row.targetId, row.ruleId, row.severity],
            value: row.count,
          }))
        ),
      };
    if (this.reachabilityGauges?.version !== this.reachabilityVersion) {
      const version = this.reachabilityVersion;
      const up = [...this.nodesUp.values()];
      const bytes = Buffer.concat([
        await gaugeBytes(
          {
            name: 'redislens_target_up',
            help: '1 when every node of the target answered in its last analysis, 0 otherwise',
            labelNames: ['tenant', 'target'],
          },
          up.map(({ target, up: reachable, total }) => ({
            labels: [target.tenantId, target.name],
            value: reachable === total ? 1 : 0,
          }))
        ),
        await gaugeBytes(
          {
            name: 'redislens_target_nodes',
            help: 'Nodes found in the last analysis of the target, by reachability',
            labelNames: ['tenant', 'target', 'reachable'],
          },
          up.flatMap(({ target, up: reachable, total }): GaugeRow[] => [
            { labels: [target.tenantId, target.name, 'true'], value: reachable },
            { labels: [target.tenantId, target.name, 'false'], value: total - reachable },
          ])
        ),
      ]);
      this.reachabilityGauges = { version, bytes };
    }
    return [this.anomalyGauges!.bytes, this.reachabilityGauges!.bytes];
  }

  private nameTarget(id: string, name: string): void {
    if (this.targetNames.get(id) === name) return;
    this.targetNames.set(id, name);
    this.namesVersion++;
  }

  private setReachability(target: Target, up: number, total: number): void {
    const before = this.nodesUp.get(target.id);
    if (
      before?.up === up &&
      before.total === total &&
      before.target.name === target.name &&
      before.target.tenantId === target.tenantId
    )
      return;
    this.nodesUp.set(target.id, { target, up, total });
    this.reachabilityVersion++;
  }

  analysisFinished(target: Target, seconds: number, status: 'succeeded' | 'failed'): void {
    this.nameTarget(target.id, target.name);
    this.duration.observe({ status }, seconds);
    this.analyses.inc({ tenant: target.tenantId, target: target.name, status });
    if (status === 'failed' && !this.nodesUp.has(target.id)) this.setReachability(target, 0, 1);
  }

  nodesSeen(target: Target, nodes: { address: string; reachable: boolean }[]): void {
    this.nameTarget(target.id, target.name);
    this.setReachability(target, nodes.filter((n) => n.reachable).length, nodes.length);
  }

  ruleErrors(ruleIds: string[]): void {
    for (const rule of ruleIds) this.ruleErrorCount.inc({ rule });
  }
}
