import type { RuleOverrideRepository } from '../store.js';
import type { RuleOverride } from '../../domain/records.js';
import type { Db } from './database.js';

export function ruleOverrideRepository(db: Db): RuleOverrideRepository {
  const list = db.prepare(
    'SELECT tenant_id AS tenantId, rule_id AS ruleId, enabled, severity, params FROM rule_overrides WHERE tenant_id = ?'
  );
  const upsert = db.prepare(
    `INSERT INTO rule_overrides (tenant_id, rule_id, enabled, severity, params)
     VALUES (@tenantId, @ruleId, @enabled, @severity, @params)
     ON CONFLICT (tenant_id, rule_id) DO UPDATE SET enabled = excluded.enabled, severity = excluded.severity,
       params = excluded.params`
  );
  return {
    list: async (tenantId) =>
      (
        list.all(tenantId) as {
          tenantId: string;
          ruleId: string;
          enabled: number;
          severity: RuleOverride['severity'] | null;
          params: string | null;
        }[]
      ).map((r) => ({
        tenantId: r.tenantId,
        ruleId: r.ruleId,
        enabled: r.enabled === 1,
        ...(r.severity ? { severity: r.severity } : {}),
        ...(r.params ? { params: JSON.parse(r.params) as RuleOverride['params'] } : {}),
      })),
    set: async (o) =>
      void upsert.run({
        ...o,
        enabled: o.enabled ? 1 : 0,
        severity: o.severity ?? null,
        params: o.params && Object.keys(o.params).length > 0 ? JSON.stringify(o.params) : null,
      }),
  };
}
