import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';
import type { ConfigRow } from '../../api/client';
import { SeverityBadge } from '../../common/Severity';
import { getTableStyles } from '../../common/styles';
import { visibleConfigRows } from '../../pages/targets/configRows';
import type { Severity } from '../../datasource/types';
import { findFrame, frameRows } from '../frameRows';

export interface ConfigHighlightOptions {
  changedOnly: boolean;
  flaggedOnly: boolean;
}

/** The config frame's fields (server/grafana/queries/config.ts). */
const FIELDS = ['node', 'parameter', 'value', 'default', 'severity'];

export function ConfigHighlightPanel({ data, options, width, height, title }: PanelProps<ConfigHighlightOptions>) {
  const s = useStyles2(getStyles);
  const frame = findFrame(data.series, FIELDS);
  if (!frame) {
    return <Alert severity="info" title="No config frame: use a RedisLens query of type Config with a target" />;
  }
  const rows: ConfigRow[] = frameRows(frame).map((r) => ({
    targetId: '',
    node: String(r.node),
    directive: String(r.parameter),
    value: String(r.value ?? ''),
    defaultValue: r.default === null || r.default === undefined ? null : String(r.default),
    severity: (r.severity || null) as Severity | null,
  }));
  const visible = visibleConfigRows(rows, {
    search: '',
    changedOnly: options.changedOnly,
    flaggedOnly: options.flaggedOnly,
  });
  return (
    // A table taller or wider than the panel scrolls: the region takes keyboard focus so it can be scrolled
    // without a mouse.
    <div
      className={s.wrapper}
      style={{ width, height }}
      tabIndex={0}
      role="region"
      aria-label={title || 'Configuration'}
    >
      <table className={s.table}>
        <thead>
          <tr>
            <th>Finding</th>
            <th>Parameter</th>
            <th>Node</th>
            <th>Value</th>
            <th>Default</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((r) => (
            <tr
              key={`${r.node}/${r.directive}`}
              className={r.severity ? s.flagged[r.severity] : undefined}
              data-severity={r.severity ?? ''}
            >
              <td>{r.severity && <SeverityBadge severity={r.severity} />}</td>
              <td>
                <code>{r.directive}</code>
              </td>
              <td>{r.node}</td>
              <td>{r.value}</td>
              <td>{r.defaultValue ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...getTableStyles(theme),
  wrapper: css({ overflow: 'auto' }),
  flagged: {
    critical: css({ borderLeft: `4px solid ${theme.colors.error.main}`, background: theme.colors.error.transparent }),
    warning: css({
      borderLeft: `4px solid ${theme.colors.warning.main}`,
      background: theme.colors.warning.transparent,
    }),
    notice: css({ borderLeft: `4px solid ${theme.colors.info.main}`, background: theme.colors.info.transparent }),
  },
});
