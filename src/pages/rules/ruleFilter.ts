import type { Rule } from '../../api/client';
import type { Severity } from '../../datasource/types';

export interface RuleFilter {
  search: string;
  category: string[];
  severity: Severity[];
}

/** Search matches id, title, condition, rationale and recommendation, case-insensitively. */
export function filterRules(rules: Rule[], f: RuleFilter): Rule[] {
  const q = f.search.trim().toLowerCase();
  return rules.filter(
    (r) =>
      (!f.category.length || f.category.includes(r.category)) &&
      (!f.severity.length || f.severity.includes(r.severity)) &&
      (!q || [r.id, r.title, r.condition, r.rationale, r.recommendation].some((t) => t.toLowerCase().includes(q)))
  );
}
