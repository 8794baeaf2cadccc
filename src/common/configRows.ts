/** The config-highlight table's logic: flagged rows first, by severity, then changed-from-default, then name. */
import type { ConfigRow } from '../api/client';
import { severityRank } from '../datasource/types';

export const isChanged = (row: ConfigRow): boolean => row.defaultValue !== null && row.defaultValue !== row.value;

export interface ConfigFilter {
  search: string;
  changedOnly: boolean;
  flaggedOnly: boolean;
  node?: string;
}

export function visibleConfigRows(rows: ConfigRow[], filter: ConfigFilter): ConfigRow[] {
  const q = filter.search.trim().toLowerCase();
  return rows
    .filter(
      (r) =>
        (!filter.node || r.node === filter.node) &&
        (!filter.changedOnly || isChanged(r)) &&
        (!filter.flaggedOnly || r.severity !== null) &&
        (!q || r.directive.toLowerCase().includes(q) || r.value.toLowerCase().includes(q))
    )
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        Number(isChanged(b)) - Number(isChanged(a)) ||
        a.directive.localeCompare(b.directive) ||
        a.node.localeCompare(b.node)
    );
}
