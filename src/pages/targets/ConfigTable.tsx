import React, { useId, useMemo, useState } from 'react';
import { Checkbox, Combobox, Input, Stack, TextLink } from '@grafana/ui';
import type { ConfigRow } from '../../api/client';
import { ConfigRowsTable } from '../../common/ConfigRowsTable';
import { testIds } from '../../components/testIds';
import { ROUTES } from '../../constants';
import { appLink } from '../../utils/utils.routing';
import { visibleConfigRows } from '../../common/configRows';

/** Every parameter per node with value, default, changed-from-default and the severity of a finding on it. */
export function ConfigTable({ rows, targetId }: { rows: ConfigRow[]; targetId: string }) {
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
      <ConfigRowsTable
        rows={visible}
        showChanged
        testId={testIds.configTable.table}
        rowTestId={(r) => testIds.configTable.row(r.node, r.directive)}
        findingExtra={(r) => (
          <TextLink
            href={appLink(ROUTES.Anomalies, { targetId, status: ['open', 'acknowledged'] })}
            aria-label={`findings on ${r.directive}`}
          >
            findings
          </TextLink>
        )}
      />
    </>
  );
}
