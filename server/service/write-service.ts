/**
 * The service layer's commands: targets, analyses, anomaly status, rule
 * overrides. Writes need the editor role; reads are StoreReadService's.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { Analysis, AnomalyStatus, Target } from '../domain/records.js';
import type { ParamValue, Severity } from '../rules/rule-schema.js';
import { typedParam, type Catalog } from '../rules/catalog-loader.js';
import { CatalogError } from '../rules/catalog-error.js';
import type { AnalysisScheduler } from '../scheduler/analysis-scheduler.js';
import type { AnalysisRunner } from '../scheduler/analysis-runner.js';
import { buildTarget, DEFAULT_INTERVAL_SECONDS, type TargetInput } from '../targets/target-input.js';
import type { TargetPolicy } from '../targets/target-policy.js';
import type { SecretRefPolicy } from '../targets/secret-ref.js';
import { canWrite, type Identity } from './identity.js';
import { forbidden, notFound, ServiceError } from './service-errors.js';

export interface WriteServiceDeps {
  store: Store;
  scheduler: AnalysisScheduler;
  runner: AnalysisRunner;
  catalog: Catalog;
  secretKey?: string;
  /** Where API targets may point, how often, how many (provisioned targets are exempt). */
  targetPolicy: TargetPolicy;
  /** Secret references API targets may use. */
  secretRefs: SecretRefPolicy;
}

function requireEditor(identity: Identity): void {
  if (!canWrite(identity)) throw forbidden('this action needs the editor role (Grafana Editor or an editor API token)');
}

export class WriteService {
  constructor(private readonly deps: WriteServiceDeps) {}

  private async target(identity: Identity, id: string): Promise<Target> {
    const target = await this.deps.store.targets.get(identity.tenantId, id);
    if (!target) throw notFound('target', id);
    return target;
  }

  async createTarget(identity: Identity, input: TargetInput): Promise<Target> {
    requireEditor(identity);
    const existing = await this.deps.store.targets.list(identity.tenantId);
    if (existing.some((t) => t.name === input.name))
      throw new ServiceError('conflict', `a target named "${input.name}" already exists`);
    this.deps.targetPolicy.checkCount(existing.length);
    const target = buildTarget(
      { ...input, intervalSeconds: input.intervalSeconds ?? this.defaultInterval() },
      {
        id: randomUUID(),
        tenantId: identity.tenantId,
        provisioned: false,
        now: Date.now(),
        secretKey: this.deps.secretKey,
        secretRefs: this.deps.secretRefs,
      }
    );
    await this.deps.targetPolicy.checkTarget(target);
    await this.deps.store.targets.create(target);
    this.deps.scheduler.targetsChanged?.();
    return target;
  }

  async updateTarget(identity: Identity, id: string, patch: Partial<TargetInput>): Promise<Target> {
    requireEditor(identity);
    const previous = await this.target(identity, id);
    if (previous.provisioned)
      throw new ServiceError('conflict', `target ${previous.name} is provisioned from a file: change it there`);
    const target = buildTarget(
      { name: previous.name, url: previous.url, ...patch },
      {
        id,
        tenantId: identity.tenantId,
        provisioned: false,
        now: Date.now(),
        secretKey: this.deps.secretKey,
        previous,
        secretRefs: this.deps.secretRefs,
      }
    );
    await this.deps.targetPolicy.checkTarget(target);
    await this.deps.store.targets.update(target);
    this.deps.scheduler.targetsChanged?.();
    return target;
  }

  private defaultInterval(): number {
    return Math.max(DEFAULT_INTERVAL_SECONDS, this.deps.targetPolicy.options.minIntervalSeconds);
  }

  async deleteTarget(identity: Identity, id: string): Promise<void> {
    requireEditor(identity);
    const target = await this.target(identity, id);
    if (target.provisioned)
      throw new ServiceError('conflict', `target ${target.name} is provisioned from a file: remove it there`);
    await this.deps.store.targets.remove(identity.tenantId, id);
    this.deps.scheduler.forget(id);
  }

  async startAnalysis(identity: Identity, targetId: string): Promise<Analysis> {
    requireEditor(identity);
    return this.deps.scheduler.enqueue(await this.target(identity, targetId), 'manual');
  }

  async setAnomalyStatus(identity: Identity, ids: string[], status: AnomalyStatus, note?: string) {
    requireEditor(identity);
    const result = await this.deps.store.anomalies.setStatus(identity.tenantId, [...new Set(ids)], {
      status,
      actor: identity.actor,
      note,
      at: Date.now(),
    });
    if ('missing' in result) throw notFound('anomaly', result.missing);
    return result;
  }

  async setRule(
    identity: Identity,
    ruleId: string,
    change: { enabled?: boolean; severity?: Severity | null; params?: Record<string, ParamValue | null> }
  ) {
    requireEditor(identity);
    const rule = this.deps.catalog.rules.find((r) => r.id === ruleId);
    if (!rule) throw notFound('rule', ruleId);
    const current = (await this.deps.store.ruleOverrides.list(identity.tenantId)).find((o) => o.ruleId === ruleId);
    const severity = change.severity === null ? undefined : (change.severity ?? current?.severity);
    // A parameter set to null goes back to the rule's default; a value is typed (and checked) by that default.
    const params = { ...current?.params };
    for (const [name, value] of Object.entries(change.params ?? {})) {
      try {
        if (value === null) {
          typedParam(rule, name, rule.params[name] ?? '');
          delete params[name];
        } else params[name] = typedParam(rule, name, value);
      } catch (error) {
        throw new ServiceError(
          'invalid',
          error instanceof CatalogError ? error.message.replace(/^\(options\): /, '') : String(error)
        );
      }
    }
    await this.deps.store.ruleOverrides.set({
      tenantId: identity.tenantId,
      ruleId,
      enabled: change.enabled ?? current?.enabled ?? true,
      ...(severity ? { severity } : {}),
      ...(Object.keys(params).length > 0 ? { params } : {}),
    });
  }
}
