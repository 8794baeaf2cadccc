/**
 * Runs one analysis job for a target and persists everything it learned in
 * one transaction: collect -> rules -> snapshot, config drift events, metric
 * rollups, anomaly lifecycle, report. Progress per node is kept in memory for readers and
 * written to the store at most once a second.
 */
import type { Logger } from 'pino';
import { inThreadAnalyzer, type Analyzer } from '../analysis/analysis-derivation.js';
import { packFleet, type PackedFleet } from '../analysis/packed-fleet.js';
import { parseTargetUrl } from '../collect/target-url.js';
import { fingerprintOf, planAnomalies, type AnomalyPlan } from '../anomalies/anomaly-plan.js';
import type { Catalog } from '../rules/catalog-loader.js';
import { summarize } from '../rules/results.js';
import type { Store } from '../store/store.js';
import type { Analysis, AnalysisProgress, Target } from '../domain/records.js';
import { resolveSecret, SecretRefPolicy } from '../targets/secret-ref.js';
import type { TargetPolicy } from '../targets/target-policy.js';
import { keyNameHmacKey } from '../collect/inspection/key-names.js';
import { LoopTurns } from './loop-turns.js';

export interface AnalysisObserver {
  analysisFinished(target: Target, seconds: number, status: 'succeeded' | 'failed'): void;
  nodesSeen(target: Target, nodes: { address: string; reachable: boolean }[]): void;
  ruleErrors(ruleIds: string[]): void;
}

export interface RunnerOptions {
  store: Store;
  catalog: Catalog;
  /** Where targets are collected and rules evaluated: the sidecar's worker threads, if any; else this thread. */
  analyzer?: Analyzer;
  logger: Logger;
  secretKey?: string;
  /** Store the full CONFIG + INFO body at least this often even without changes. */
  fullSnapshotEverySeconds: number;
  timeoutMs: number;
  observer?: AnalysisObserver;
  /** Where API targets (and the nodes they lead to) may be reached; provisioned targets are trusted. */
  targetPolicy?: TargetPolicy;
  /** Secret references API targets may use, checked again at use (rows stored before the check existed). */
  secretRefs?: SecretRefPolicy;
}

interface ReportKeep {
  analysisId: string;
  findings: string;
  /** Asked for, or the first with these findings (after a restart nothing is known: kept). */
  keep: boolean;
}

export class AnalysisRunner {
  private readonly progress = new Map<string, AnalysisProgress>();
  /**
   * The last fleet of each target, for history rules and drift; loaded from the store after a restart. Packed
   * (analysis/packed-fleet.ts): as objects thousands of fleets take several times the memory, and as strings
   * (~20 KiB a node, replaced every interval) they were about half of the heap every major collection went
   * through and compacted (in use at 5,000 targets: ~190 MiB, ~90 as JSON in Buffers, less again packed).
   */
  private readonly lastFleet = new Map<string, PackedFleet>();
  /** Each target's last recorded analysis: its findings and whether its report is one worth keeping. */
  private readonly lastReport = new Map<string, ReportKeep>();
  /** Key names are hashed under this install's key (derived from REDISLENS_SECRET_KEY), never shown in clear. */
  private readonly keyNameKey: Buffer;
  private readonly analyzer: Analyzer;
  /** Evaluating and writing are each a few milliseconds of one thread: one at a time, between readers. */
  private readonly turns = new LoopTurns();

  constructor(private readonly options: RunnerOptions) {
    this.keyNameKey = keyNameHmacKey(options.secretKey);
    this.analyzer = options.analyzer ?? inThreadAnalyzer(options.catalog, () => this.turns.next());
  }

  private async packedFromStore(target: Target): Promise<PackedFleet | undefined> {
    const stored = await this.options.store.snapshots.latest(target.tenantId, target.id);
    return stored && packFleet(JSON.stringify(stored.fleet));
  }

  progressOf(analysisId: string): AnalysisProgress | undefined {
    return this.progress.get(analysisId);
  }

  async run(target: Target, analysis: Analysis): Promise<void> {
    const { store, logger } = this.options;
    const started = Date.now();
    await store.analyses.markRunning(analysis.id, started);
    this.progress.set(analysis.id, { done: 0, found: 0 });
    // Readers in this process see live progress (progressOf); the store gets it only for analyses that last
    // (big fleets), at most once a second: most analyses finish well within a second and write none.
    let lastWrite = started;
    try {
      const spec = parseTargetUrl(target.url);
      if (!target.provisioned)
        (this.options.secretRefs ?? new SecretRefPolicy()).assertAllowed(target.password, target.tenantId);
      if (target.password) spec.credentials.password = resolveSecret(target.password, this.options.secretKey);
      const connectGuard = target.provisioned ? undefined : this.options.targetPolicy?.guard;
      const previous = this.lastFleet.get(target.id) ?? (await this.packedFromStore(target));
      const overrides = await store.ruleOverrides.list(target.tenantId);
      const { stored, packed, nodes, seedsReachable, derivation } = await this.analyzer.analyze(
        {
          targets: [spec],
          collect: {
            ...(target.inspect ? { inspect: target.inspect, keyNameKey: this.keyNameKey } : {}),
            connectTimeoutMs: this.options.timeoutMs,
            commandTimeoutMs: this.options.timeoutMs,
          },
          ...(previous ? { previous } : {}),
          labels: target.labels,
          overrides,
        },
        {
          ...(connectGuard ? { connectGuard } : {}),
          onProgress: (p) => {
            const progress = { done: p.done, found: p.found };
            this.progress.set(analysis.id, progress);
            if (Date.now() - lastWrite >= 1000) {
              lastWrite = Date.now();
              void store.analyses.updateProgress(analysis.id, progress).catch(() => undefined);
            }
          },
        }
      );
      const { results, report, findingsKey, changes, samples } = derivation;
      const now = Date.now();
      this.options.observer?.nodesSeen(target, nodes);
      const errors = results.filter((r) => r.ruleError).map((r) => r.ruleId);
      if (errors.length) this.options.observer?.ruleErrors(errors);

      const snapshotId = crypto.randomUUID();
      const events = changes.length
        ? [
            {
              tenantId: target.tenantId,
              targetId: target.id,
              at: now,
              kind: 'config_changed' as const,
              title: `${changes.length} configuration change(s): ${[...new Set(changes.map((c) => c.directive))].slice(0, 5).join(', ')}`,
              detail: { changes },
            },
          ]
        : [];

      let anomalies: AnomalyPlan | undefined;
      if (seedsReachable) {
        const fired = results.filter((r) => r.status === 'fired').map((r) => fingerprintOf(target.id, r));
        const active = await store.anomalies.active(target.tenantId, target.id);
        // What fires again is mostly open already: only the rest (new, or resolved to reopen) is looked up.
        const activeByFingerprint = new Map(active.map((a) => [a.fingerprint, a]));
        const elsewhere = fired.filter((f) => !activeByFingerprint.has(f));
        anomalies = planAnomalies({
          tenantId: target.tenantId,
          targetId: target.id,
          at: now,
          results,
          known: [
            ...fired.flatMap((f) => activeByFingerprint.get(f) ?? []),
            ...(elsewhere.length > 0 ? await store.anomalies.byFingerprints(target.tenantId, elsewhere) : []),
          ],
          active,
        });
      }

      const summary = {
        ...summarize(results),
        nodes: nodes.length,
        unreachable: nodes.filter((n) => !n.reachable).length,
      };
      const status = seedsReachable ? 'succeeded' : 'failed';
      const error = seedsReachable
        ? undefined
        : `could not analyse ${spec.display}: ${nodes.find((n) => n.error)?.error?.message ?? 'no seed reachable'}`;
      const findings = findingsKey;
      const last = this.lastReport.get(target.id);
      // A run of scheduled analyses with the same findings keeps the reports of its first and its latest: the
      // one before this, neither the first nor asked for, adds nothing this one does not say.
      const supersedes = last && !last.keep && last.findings === findings ? last.analysisId : undefined;
      // One transaction for everything the analysis learned: one commit, and nothing half-written on a crash.
      await this.turns.next();
      await store.recordAnalysis({
        analysisId: analysis.id,
        snapshot: {
          meta: {
            id: snapshotId,
            tenantId: target.tenantId,
            targetId: target.id,
            analysisId: analysis.id,
            collectedAt: now,
          },
          fleet: stored,
          // An analysis someone asked for ("Analyse now") stores what it saw, so the pages show the nodes as of now.
          fullEverySeconds: analysis.trigger === 'manual' ? 0 : this.options.fullSnapshotEverySeconds,
        },
        events,
        rollups: samples.map((s) => ({ ...s, targetId: target.id })),
        ...(anomalies ? { anomalies } : {}),
        ...(supersedes ? { supersedes } : {}),
        result: {
          status,
          finishedAt: now,
          progress: this.progress.get(analysis.id) ?? { done: 0, found: 0 },
          summary,
          snapshotId,
          report,
          ...(error ? { error } : {}),
        },
      });
      this.lastFleet.set(target.id, packed);
      this.lastReport.set(target.id, {
        analysisId: analysis.id,
        findings,
        keep: analysis.trigger === 'manual' || last?.findings !== findings,
      });
      this.options.observer?.analysisFinished(target, (now - started) / 1000, status);
      logger.info({ target: target.name, analysis: analysis.id, status, ...summary }, 'analysis finished');
    } catch (error) {
      const message = (error as Error).message;
      await store.analyses.finish(analysis.id, {
        status: 'failed',
        finishedAt: Date.now(),
        error: message,
        ...(this.progress.has(analysis.id) ? { progress: this.progress.get(analysis.id) } : {}),
      });
      this.options.observer?.analysisFinished(target, (Date.now() - started) / 1000, 'failed');
      logger.warn({ target: target.name, analysis: analysis.id, err: message }, 'analysis failed');
    } finally {
      this.progress.delete(analysis.id);
    }
  }
}
