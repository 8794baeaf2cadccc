/**
 * The service layer's commands: targets, analyses, anomaly status, rule
 * overrides. Writes need the editor role; reads are StoreReadService's.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { Analysis, AnomalyStatus, Target } from '../domain/records.js';
import type { Severity } from '../rules/rule-schema.js';
import type { Catalog } from '../rules/catalog-loader.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { AnalysisRunner } from '../scheduler/analysis-runner.js';
import { buildTarget, type TargetInput } from '../targets/target-input.js';
import { canWrite, type Identity } from './identity.js';
import { forbidden, notFound, ServiceError } from './service-errors.js';

export interface WriteServiceDeps {
  store: Store;
  scheduler: Scheduler;
  runner: AnalysisRunner;
  catalog: Catalog;
  secretKey?: string;
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
    const target = buildTarget(input, {
      id: randomUUID(),
      tenantId: identity.tenantId,
      provisioned: false,
      now: Date.now(),
      secretKey: this.deps.secretKey,
    });
    await this.deps.store.targets.create(target);
    return target;
  }

  async updateTarget(identity: Identity, id: string, patch: Partial<TargetInput>): Promise<Target> {
    requireEditor(identity);
    const previous = await this.target(identity, id);
    if (previous.provisioned)
      throw new ServiceError('conflict', `target ${previous.name} is provisioned from a file: change it there`);
    const target = buildTarget(
      { name: previous.name, url: previous.url, ...patch },
      { id, tenantId: identity.tenantId, provisioned: false, now: Date.now(), secretKey: this.deps.secretKey, previous }
    );
    await this.deps.store.targets.update(target);
    return target;
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
    for (const id of ids) {
      if (!(await this.deps.store.anomalies.get(identity.tenantId, id))) throw notFound('anomaly', id);
    }
    return this.deps.store.anomalies.setStatus(identity.tenantId, ids, {
      status,
      actor: identity.actor,
      note,
      at: Date.now(),
    });
  }

  async setRule(identity: Identity, ruleId: string, change: { enabled?: boolean; severity?: Severity | null }) {
    requireEditor(identity);
    if (!this.deps.catalog.rules.some((r) => r.id === ruleId)) throw notFound('rule', ruleId);
    const current = (await this.deps.store.ruleOverrides.list(identity.tenantId)).find((o) => o.ruleId === ruleId);
    const severity = change.severity === null ? undefined : (change.severity ?? current?.severity);
    await this.deps.store.ruleOverrides.set({
      tenantId: identity.tenantId,
      ruleId,
      enabled: change.enabled ?? current?.enabled ?? true,
      ...(severity ? { severity } : {}),
    });
  }
}
