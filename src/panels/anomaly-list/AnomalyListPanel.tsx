import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { config, getBackendSrv } from '@grafana/runtime';
import { Alert, Button, TextLink, Tooltip, useStyles2 } from '@grafana/ui';
import { lastValueFrom } from 'rxjs';
import { SeverityBadge, StatusBadge } from '../../common/Severity';
import { getTableStyles } from '../../common/styles';
import { timeAgo } from '../../common/time';
import { userCanEdit } from '../../common/SidecarContext';
import { VIEWER_REASON } from '../../common/EditorOnly';
import { ROUTES } from '../../constants';
import type { AnomalyStatus, Severity } from '../../datasource/types';
import { appLink } from '../../utils/utils.routing';
import { findFrame, frameRows } from '../frameRows';
import { COLUMN_LABELS, REQUIRED_FIELDS, type AnomalyListOptions, type Column } from './types';

interface Row {
  id: string;
  severity: Severity;
  status: AnomalyStatus;
  title: string;
  target: string;
  targetId?: string;
  resource: string;
  ruleId: string;
  firstSeen: number;
}

export function AnomalyListPanel({ data, options, width, height, title }: PanelProps<AnomalyListOptions>) {
  const s = useStyles2(getStyles);
  const [acked, setAcked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | undefined>();
  const frame = findFrame(data.series, REQUIRED_FIELDS);
  if (!frame) {
    return <Alert severity="info" title="No anomalies frame: use a RedisLens query of type Anomalies" />;
  }
  const rows = frameRows(frame) as unknown as Row[];
  const datasourceUid = data.request?.targets?.[0]?.datasource?.uid;
  const canAck = options.allowAcknowledge && userCanEdit() && Boolean(datasourceUid);
  const columns: Column[] = options.columns?.length
    ? options.columns
    : ['severity', 'status', 'title', 'age', 'target', 'resource'];
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = options.groupBy === 'none' ? '' : String(row[options.groupBy] ?? '');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }

  const acknowledge = async (row: Row) => {
    try {
      await lastValueFrom(
        getBackendSrv().fetch({
          url: `${config.appSubUrl ?? ''}/api/datasources/uid/${datasourceUid}/resources/api/v1/anomalies/${row.id}/status`,
          method: 'POST',
          data: { status: 'acknowledged', note: 'acknowledged from a dashboard panel' },
          showErrorAlert: false,
        })
      );
      setAcked((prev) => new Set(prev).add(row.id));
    } catch (e) {
      setError((e as { data?: { error?: { message?: string } } }).data?.error?.message ?? 'acknowledging failed');
    }
  };

  const cell = (row: Row, column: Column) => {
    switch (column) {
      case 'severity':
        return <SeverityBadge severity={row.severity} />;
      case 'status':
        return <StatusBadge status={acked.has(row.id) ? 'acknowledged' : row.status} />;
      case 'title':
        return <TextLink href={appLink(ROUTES.Anomalies, { id: row.id })}>{row.title}</TextLink>;
      case 'age':
        return timeAgo(row.firstSeen);
      default:
        return String(row[column] ?? '');
    }
  };

  return (
    // A table taller or wider than the panel scrolls: the region takes keyboard focus so it can be scrolled
    // without a mouse.
    <div className={s.wrapper} style={{ width, height }} tabIndex={0} role="region" aria-label={title || 'Anomalies'}>
      {error && <Alert severity="error" title={error} />}
      <table className={s.table}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{COLUMN_LABELS[c]}</th>
            ))}
            {options.allowAcknowledge && <th>Action</th>}
          </tr>
        </thead>
        {[...groups.entries()].map(([group, list]) => (
          <tbody key={group}>
            {group && (
              <tr>
                <th colSpan={columns.length + 1} className={s.group}>
                  {group} ({list.length})
                </th>
              </tr>
            )}
            {list.map((row) => (
              <tr key={row.id}>
                {columns.map((c) => (
                  <td key={c}>{cell(row, c)}</td>
                ))}
                {options.allowAcknowledge && (
                  <td>
                    {row.status === 'open' && !acked.has(row.id) && (
                      <Tooltip content={canAck ? 'Acknowledge' : VIEWER_REASON}>
                        <span>
                          <Button size="sm" variant="secondary" disabled={!canAck} onClick={() => acknowledge(row)}>
                            Acknowledge
                          </Button>
                        </span>
                      </Tooltip>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...getTableStyles(theme),
  wrapper: css({ overflow: 'auto' }),
  group: css({ background: theme.colors.background.secondary }),
});
