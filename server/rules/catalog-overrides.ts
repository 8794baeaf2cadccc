/** A tenant's view of the catalog: rules it disabled are gone, re-graded rules carry its severity. */
import type { Catalog } from './catalog-loader.js';
import type { RuleOverride } from '../domain/records.js';

export function withOverrides(catalog: Catalog, overrides: RuleOverride[]): Catalog {
  if (overrides.length === 0) return catalog;
  const byId = new Map(overrides.map((o) => [o.ruleId, o]));
  return {
    ...catalog,
    rules: catalog.rules.flatMap((rule) => {
      const o = byId.get(rule.id);
      if (!o) return [rule];
      if (!o.enabled) return [];
      return [
        {
          ...rule,
          ...(o.severity ? { severity: o.severity } : {}),
          ...(o.params ? { params: { ...rule.params, ...o.params } } : {}),
        },
      ];
    }),
  };
}
