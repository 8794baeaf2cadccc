import React from 'react';
import { css } from '@emotion/css';
import { PanelProps } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';
import type { ConfigRow } from '../../api/client';
import { ConfigRowsTable } from '../../common/ConfigRowsTable';
import { visibleConfigRows } from '../../common/configRows';
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
      <ConfigRowsTable rows={visible} />
    </div>
  );
}

const getStyles = () => ({
  wrapper: css({ overflow: 'auto' }),
});
