import React, { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import {
  Button,
  Checkbox,
  Combobox,
  InlineField,
  LinkButton,
  MultiCombobox,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';
import { unwrap, type Anomaly } from '../api/client';
import { EditorOnly } from '../common/EditorOnly';
import { LoadState } from '../common/LoadState';
import { SeverityBadge, StatusBadge } from '../common/Severity';
import { useSidecar } from '../common/SidecarContext';
import { byId, useRules, useTargets } from '../common/useLists';
import { useLoad } from '../common/useLoad';
import { timeAgo } from '../common/time';
import { exportUrl } from '../common/download';
import { getTableStyles } from '../common/styles';
import { testIds } from '../components/testIds';
import { ANOMALY_STATUSES, SEVERITIES, statusLabel, type AnomalyStatus } from '../datasource/types';
import { ACTION_ORDER, applicable, STATUS_ACTIONS } from './anomalies/actions';
import { AnomalyDrawer } from './anomalies/AnomalyDrawer';
import { StatusChangeModal } from './anomalies/StatusChangeModal';
import {
  filtersToParams,
  parseFilters,
  SINCE_OPTIONS,
  toApiQuery,
  type AnomalyFilters,
  type Since,
  type SortKey,
} from './anomalies/filters';

const PAGE_SIZE = 50;
const SORT_OPTIONS: Array<{ value: string; label: string }> = [
  { value: 'lastSeen:desc', label: 'Last seen, newest first' },
  { value: 'firstSeen:desc', label: 'First seen, newest first' },
  { value: 'firstSeen:asc', label: 'First seen, oldest first' },
  { value: 'severity:desc', label: 'Severity, worst first' },
];

function Anomalies() {
  const s = useStyles2(getStyles);
  const { client, datasourceUid } = useSidecar();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const openId = params.get('id') ?? undefined;
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [selected, setSelected] = useState<Map<string, Anomaly>>(new Map());
  const [action, setAction] = useState<AnomalyStatus | undefined>();
  const targets = useTargets();
  const rules = useRules();
  const targetNames = byId(targets.value);
  const cursor = cursors[cursors.length - 1];
  const filterKey = filtersToParams(filters).toString();

  const page = useLoad(async () => {
    // "Seen within" is relative to when the page loads; exports use the same instant.
    const now = Date.now();
    const query = toApiQuery(filters, now, cursor, PAGE_SIZE);
    return { now, ...(await unwrap(client.GET('/api/v1/anomalies', { params: { query } }))) };
  }, [client, filterKey, cursor]);

  const setFilters = (change: Partial<AnomalyFilters>) => {
    setCursors([undefined]);
    setSelected(new Map());
    setParams(filtersToParams({ ...filters, ...change }, { id: openId }));
  };
  const openDrawer = (id?: string) => setParams(filtersToParams(filters, { id }));

  const items = page.value?.items ?? [];
  const allSelected = items.length > 0 && items.every((a) => selected.has(a.id));
  const toggle = (a: Anomaly) =>
    setSelected((prev) => {
      const next = new Map(prev);
      next.has(a.id) ? next.delete(a.id) : next.set(a.id, a);
      return next;
    });
  const exportParams = (format: 'csv' | 'json') => {
    const { cursor: _c, limit: _l, sort: _s, order: _o, ...query } = toApiQuery(filters, page.value?.now ?? 0);
    const p = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(query)) {
      (Array.isArray(v) ? v : v === undefined ? [] : [String(v)]).forEach((x) => p.append(k, String(x)));
    }
    return exportUrl(datasourceUid, '/api/v1/anomalies/export', p);
  };

  return (
    <PluginPage>
      <div data-testid={testIds.anomalies.container}>
        <Stack gap={1} wrap="wrap">
          <InlineField label="Severity" labelWidth={10} htmlFor="rl-anomalies-severity">
            <MultiCombobox
              // MultiCombobox takes no aria-label: its input is named by the field's <label for>.
              id="rl-anomalies-severity"
              data-testid={testIds.anomalies.filterSeverity}
              options={SEVERITIES.map((v) => ({ value: v, label: v }))}
              value={filters.severity}
              placeholder="All"
              width="auto"
              minWidth={16}
              onChange={(o) => setFilters({ severity: o.map((x) => x.value) })}
            />
          </InlineField>
          <InlineField label="Status" labelWidth={10} htmlFor="rl-anomalies-status">
            <MultiCombobox
              // MultiCombobox takes no aria-label: its input is named by the field's <label for>.
              id="rl-anomalies-status"
              data-testid={testIds.anomalies.filterStatus}
              options={ANOMALY_STATUSES.map((v) => ({ value: v, label: statusLabel(v) }))}
              value={filters.status}
              placeholder="All"
              width="auto"
              minWidth={16}
              onChange={(o) => setFilters({ status: o.map((x) => x.value) })}
            />
          </InlineField>
          <InlineField label="Category" labelWidth={10} htmlFor="rl-anomalies-category">
            <MultiCombobox
              // MultiCombobox takes no aria-label: its input is named by the field's <label for>.
              id="rl-anomalies-category"
              data-testid={testIds.anomalies.filterCategory}
              options={[...new Set((rules.value ?? []).map((r) => r.category))]
                .sort()
                .map((v) => ({ value: v, label: v }))}
              value={filters.category}
              placeholder="All"
              width="auto"
              minWidth={16}
              onChange={(o) => setFilters({ category: o.map((x) => x.value) })}
            />
          </InlineField>
          <InlineField label="Target" labelWidth={10} htmlFor="rl-anomalies-target">
            <MultiCombobox
              // MultiCombobox takes no aria-label: its input is named by the field's <label for>.
              id="rl-anomalies-target"
              data-testid={testIds.anomalies.filterTarget}
              options={(targets.value ?? []).map((t) => ({ value: t.id, label: t.name }))}
              value={filters.targetId}
              placeholder="All"
              width="auto"
              minWidth={16}
              onChange={(o) => setFilters({ targetId: o.map((x) => x.value) })}
            />
          </InlineField>
          <InlineField label="Rule" labelWidth={10} htmlFor="rl-anomalies-rule">
            <MultiCombobox
              // MultiCombobox takes no aria-label: its input is named by the field's <label for>.
              id="rl-anomalies-rule"
              data-testid={testIds.anomalies.filterRule}
              options={(rules.value ?? []).map((r) => ({ value: r.id, label: r.id, description: r.title }))}
              value={filters.ruleId}
              placeholder="All"
              width="auto"
              minWidth={16}
              onChange={(o) => setFilters({ ruleId: o.map((x) => x.value) })}
            />
          </InlineField>
          <InlineField label="Seen within" labelWidth={12} htmlFor="rl-anomalies-time">
            <Combobox
              id="rl-anomalies-time"
              data-testid={testIds.anomalies.filterTime}
              aria-label="Seen within"
              options={[
                { value: '', label: 'Any time' },
                ...Object.keys(SINCE_OPTIONS).map((v) => ({ value: v, label: `last ${v}` })),
              ]}
              value={filters.since ?? ''}
              width={16}
              onChange={(o) => setFilters({ since: (o?.value || undefined) as Since | undefined })}
            />
          </InlineField>
          <InlineField label="Sort" labelWidth={8} htmlFor="rl-anomalies-sort">
            <Combobox
              id="rl-anomalies-sort"
              data-testid={testIds.anomalies.sort}
              aria-label="Sort"
              options={SORT_OPTIONS}
              value={`${filters.sort}:${filters.order}`}
              width={30}
              onChange={(o) => {
                const [sort, order] = o.value.split(':') as [SortKey, 'asc' | 'desc'];
                setFilters({ sort, order });
              }}
            />
          </InlineField>
        </Stack>

        <div className={s.toolbar}>
          <Stack gap={1} alignItems="center" wrap="wrap">
            <span data-testid={testIds.anomalies.selectedCount}>
              <Text color="secondary">{selected.size} selected</Text>
            </span>
            {ACTION_ORDER.map((status) => (
              <EditorOnly key={status}>
                {(disabled) => (
                  <Button
                    size="sm"
                    variant={status === 'open' ? 'secondary' : 'primary'}
                    icon={STATUS_ACTIONS[status].icon}
                    data-testid={testIds.anomalies.action(status)}
                    disabled={disabled || applicable(status, [...selected.values()]).length === 0}
                    onClick={() => setAction(status)}
                  >
                    {STATUS_ACTIONS[status].label}
                  </Button>
                )}
              </EditorOnly>
            ))}
            <span className={s.spacer} />
            <LinkButton
              size="sm"
              variant="secondary"
              icon="download-alt"
              href={exportParams('csv')}
              download
              data-testid={testIds.anomalies.exportCsv}
            >
              CSV
            </LinkButton>
            <LinkButton
              size="sm"
              variant="secondary"
              icon="download-alt"
              href={exportParams('json')}
              download
              data-testid={testIds.anomalies.exportJson}
            >
              JSON
            </LinkButton>
          </Stack>
        </div>

        <LoadState loaded={page} empty={(p) => p.items.length === 0} emptyMessage="No anomalies match this filter">
          {(p) => (
            <table className={s.table} data-testid={testIds.anomalies.table}>
              <thead>
                <tr>
                  <th>
                    <Checkbox
                      aria-label="Select all on this page"
                      data-testid={testIds.anomalies.selectAll}
                      value={allSelected}
                      onChange={() =>
                        setSelected(allSelected ? new Map() : new Map(p.items.map((a) => [a.id, a] as const)))
                      }
                    />
                  </th>
                  <th>Severity</th>
                  <th>Status</th>
                  <th>Anomaly</th>
                  <th>Target</th>
                  <th>Node</th>
                  <th>Rule</th>
                  <th>First seen</th>
                  <th>Last seen</th>
                  <th>Seen</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((a) => (
                  <tr
                    key={a.id}
                    data-testid={testIds.anomalies.row(a.id)}
                    className={selected.has(a.id) ? s.selected : undefined}
                  >
                    <td>
                      <Checkbox
                        aria-label={`Select ${a.title} on ${a.resource}`}
                        data-testid={testIds.anomalies.rowSelect(a.id)}
                        value={selected.has(a.id)}
                        onChange={() => toggle(a)}
                      />
                    </td>
                    <td>
                      <SeverityBadge severity={a.severity} />
                    </td>
                    <td>
                      <StatusBadge status={a.status} />
                    </td>
                    <td>
                      <Button
                        fill="text"
                        size="sm"
                        data-testid={testIds.anomalies.rowOpen(a.id)}
                        onClick={() => openDrawer(a.id)}
                      >
                        {a.title}
                      </Button>
                    </td>
                    <td>{targetNames.get(a.targetId)?.name ?? a.targetId}</td>
                    <td>{a.resource}</td>
                    <td>{a.ruleId}</td>
                    <td title={new Date(a.firstSeen).toISOString()}>{timeAgo(a.firstSeen)}</td>
                    <td title={new Date(a.lastSeen).toISOString()}>{timeAgo(a.lastSeen)}</td>
                    <td>{a.occurrences}×</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </LoadState>
        <Stack gap={1} justifyContent="flex-end">
          <Button
            size="sm"
            variant="secondary"
            data-testid={testIds.anomalies.prevPage}
            disabled={cursors.length < 2}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Previous
          </Button>
          <Button
            size="sm"
            variant="secondary"
            data-testid={testIds.anomalies.nextPage}
            disabled={!page.value?.nextCursor}
            onClick={() => setCursors((c) => [...c, page.value?.nextCursor])}
          >
            Next
          </Button>
        </Stack>
      </div>
      {action && (
        <StatusChangeModal
          status={action}
          anomalies={applicable(action, [...selected.values()])}
          onDismiss={() => setAction(undefined)}
          onDone={() => {
            setAction(undefined);
            setSelected(new Map());
            page.reload();
          }}
        />
      )}
      {openId && (
        <AnomalyDrawer
          id={openId}
          rules={rules.value ?? []}
          targetName={(id) => targetNames.get(id)?.name ?? id}
          onClose={() => openDrawer(undefined)}
          onChanged={page.reload}
        />
      )}
    </PluginPage>
  );
}

export default Anomalies;

const getStyles = (theme: GrafanaTheme2) => ({
  ...getTableStyles(theme),
  toolbar: css({ margin: theme.spacing(1, 0) }),
  spacer: css({ flexGrow: 1 }),
});
