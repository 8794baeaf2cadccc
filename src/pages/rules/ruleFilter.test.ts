import type { Rule } from '../../api/client';
import { filterRules } from './ruleFilter';

const rule = (id: string, category: string, severity: Rule['severity'], title: string) =>
  ({
    id,
    category,
    severity,
    title,
    rationale: '',
    recommendation: '',
    scope: 'instance',
    requires: [],
    enabled: true,
    references: [],
    condition: 'true',
  }) as Rule;

describe('rules browser filter', () => {
  const rules = [
    rule('MEM-001', 'memory', 'warning', 'No maxmemory'),
    rule('SEC-001', 'security', 'critical', 'No password'),
  ];
  it('searches and filters by category and severity', () => {
    expect(filterRules(rules, { search: 'password', category: [], severity: [] }).map((r) => r.id)).toEqual([
      'SEC-001',
    ]);
    expect(filterRules(rules, { search: '', category: ['memory'], severity: [] }).map((r) => r.id)).toEqual([
      'MEM-001',
    ]);
    expect(filterRules(rules, { search: 'mem-', category: [], severity: ['critical'] })).toEqual([]);
  });
});
