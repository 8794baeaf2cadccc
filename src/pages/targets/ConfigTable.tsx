import React, { useId, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Checkbox, Combobox, Input, Stack, TextLink, useStyles2 } from '@grafana/ui';
import type { ConfigRow } from '../../api/client';
import { SeverityBadge } from '../../common/Severity';
import { getTableStyles } from '../../common/styles';
import { testIds } from '../../components/testIds';
import { ROUTES } from '../../constants';
import { appLink } from '../../utils/utils.routing';
import { isChanged, visibleConfigRows } from './configRows';

/** Every parameter per node with value, default, changed-from-default and the severity of a finding on it. */
export function ConfigTable({ rows, targetId }: { rows: ConfigRow[]; targetId: string }) {
  const s = useStyles2(getStyles);
  const nodeLabelId = useId();
  const [search, setSearch] = useState('');
  const [changedOnly, setChangedOnly] = useState(false);
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [node, setNode] = useState<string | undefined>();
  const nodes = useMemo(() => [...new Set(rows.map((r) => r.node))].sort(), [rows]);
  const visible = visibleConfigRows(rows, { search, changedOnly, flaggedOnly, node });

  return (
    <>
      <Stack gap={2} alignItems="center" wrap="wrap">
        <Input
          data-testid={testIds.configTable.search}
          aria-label="Search parameters"
          placeholder="Search parameter or value"
          prefix={<span aria-hidden>⌕</span>}
          width={32}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        {/* Combobox ignores aria-label: its input is named by this label. */}
        <span id={nodeLabelId}>Node</span>
        <Combobox
          aria-labelledby={nodeLabelId}
          data-testid={testIds.configTable.node}
          width={30}
          options={[{ value: '', label: 'All nodes' }, ...nodes.map((n) => ({ value: n, label: n }))]}
          value={node ?? ''}
          onChange={(o) => setNode(o?.value || undefined)}
        />
        <Checkbox
          data-testid={testIds.configTable.changedOnly}
          label="Changed from default only"
          value={changedOnly}
          onChange={() => setChangedOnly((v) => !v)}
        />
        <Checkbox
          data-testid={testIds.configTable.flaggedOnly}
          label="Flagged only"
          value={flaggedOnly}
          onChange={() => setFlaggedOnly((v) => !v)}
        />
        <span>
          {visible.length}/{rows.length}
        </span>
      </Stack>
      <table className={s.table} data-testid={testIds.configTable.table}>
        <thead>
          <tr>
            <th>Finding</th>
            <th>Parameter</th>
            <th>Node</th>
            <th>Value</th>
            <th>Default</th>
            <th>Changed</th>
          </tr>
        </thead>
        <tbody>
          {visible.map((r) => (
            <tr
              key={`${r.node}/${r.directive}`}
              data-testid={testIds.configTable.row(r.node, r.directive)}
              data-severity={r.severity ?? ''}
              className={r.severity ? s.flagged[r.severity] : undefined}
            >
              <td>
                {r.severity ? (
                  <Stack gap={1} alignItems="center">
                    <SeverityBadge severity={r.severity} />
                    <TextLink
                      href={appLink(ROUTES.Anomalies, { targetId, status: ['open', 'acknowledged'] })}
                      aria-label={`findings on ${r.directive}`}
                    >
                      findings
                    </TextLink>
                  </Stack>
                ) : null}
              </td>
              <td>
                <code>{r.directive}</code>
              </td>
              <td>{r.node}</td>
              <td className={s.value}>{r.value}</td>
              <td className={s.value}>{r.defaultValue ?? '—'}</td>
              <td>{isChanged(r) ? 'yes' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...getTableStyles(theme),
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
