import type { ConfigRow } from '../api/client';
import { isChanged, visibleConfigRows } from './configRows';

const row = (
  directive: string,
  value: string,
  defaultValue: string | null,
  severity: ConfigRow['severity'] = null,
  node = 'a:1'
) => ({ targetId: 't', node, directive, value, defaultValue, severity }) as ConfigRow;

describe('config-highlight rows', () => {
  const rows = [
    row('appendonly', 'no', 'no'),
    row('maxmemory', '0', '0', 'warning'),
    row('timeout', '300', '0'),
    row('protected-mode', 'no', 'yes', 'critical'),
    row('save', '', '3600 1 300 100 60 10000', null, 'b:2'),
  ];

  it('puts flagged rows first by severity, then changed ones', () => {
    expect(
      visibleConfigRows(rows, { search: '', changedOnly: false, flaggedOnly: false }).map((r) => r.directive)
    ).toEqual(['protected-mode', 'maxmemory', 'save', 'timeout', 'appendonly']);
  });

  it('filters by changed-only, flagged-only, node and search', () => {
    const base = { search: '', changedOnly: false, flaggedOnly: false };
    expect(visibleConfigRows(rows, { ...base, changedOnly: true }).map((r) => r.directive)).toEqual([
      'protected-mode',
      'save',
      'timeout',
    ]);
    expect(visibleConfigRows(rows, { ...base, flaggedOnly: true })).toHaveLength(2);
    expect(visibleConfigRows(rows, { ...base, node: 'b:2' }).map((r) => r.directive)).toEqual(['save']);
    expect(visibleConfigRows(rows, { ...base, search: 'MAXMEM' }).map((r) => r.directive)).toEqual(['maxmemory']);
  });

  it('a directive without a known default is not "changed"', () => {
    expect(isChanged(row('x', '1', null))).toBe(false);
  });
});
