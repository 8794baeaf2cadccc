import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { ConfigRow } from '../api/client';
import { SeverityBadge } from './Severity';
import { getTableStyles } from './styles';
import { isChanged } from './configRows';

interface Props {
  rows: ConfigRow[];
  /** The page's extra column: whether the value differs from Redis's default. */
  showChanged?: boolean;
  /** Beside a flagged row's severity badge, e.g. a link to the findings. */
  findingExtra?: (row: ConfigRow) => React.ReactNode;
  testId?: string;
  rowTestId?: (row: ConfigRow) => string;
}

/**
 * Configuration rows with the severity of a finding on each directive, flagged rows marked by a coloured
 * edge: the target page's config tab and the config highlight panel show the same table.
 */
export function ConfigRowsTable({ rows, showChanged, findingExtra, testId, rowTestId }: Props) {
  const s = useStyles2(getStyles);
  return (
    <table className={s.table} data-testid={testId}>
      <thead>
        <tr>
          <th>Finding</th>
          <th>Parameter</th>
          <th>Node</th>
          <th>Value</th>
          <th>Default</th>
          {showChanged && <th>Changed</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={`${r.node}/${r.directive}`}
            data-testid={rowTestId?.(r)}
            data-severity={r.severity ?? ''}
            className={r.severity ? s.flagged[r.severity] : undefined}
          >
            <td>
              {r.severity && (
                <span className={s.finding}>
                  <SeverityBadge severity={r.severity} />
                  {findingExtra?.(r)}
                </span>
              )}
            </td>
            <td>
              <code>{r.directive}</code>
            </td>
            <td>{r.node}</td>
            <td className={s.value}>{r.value}</td>
            <td className={s.value}>{r.defaultValue ?? '—'}</td>
            {showChanged && <td>{isChanged(r) ? 'yes' : ''}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...getTableStyles(theme),
  finding: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(1) }),
  value: css({ fontFamily: theme.typography.fontFamilyMonospace, wordBreak: 'break-all' }),
  flagged: {
    critical: css({ borderLeft: `4px solid ${theme.colors.error.main}`, background: theme.colors.error.transparent }),
    warning: css({
      borderLeft: `4px solid ${theme.colors.warning.main}`,
      background: theme.colors.warning.transparent,
    }),
    notice: css({ borderLeft: `4px solid ${theme.colors.info.main}`, background: theme.colors.info.transparent }),
  },
});
