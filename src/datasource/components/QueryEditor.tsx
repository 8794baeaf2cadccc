import React, { ChangeEvent } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField, InlineSwitch, Input, MultiCombobox, Stack } from '@grafana/ui';

import { DataSource } from '../datasource';
import {
  ANOMALY_STATUSES,
  AnomalyStatus,
  DEFAULT_QUERY,
  EVENT_KINDS,
  EventKind,
  eventKindLabel,
  QUERY_FIELDS,
  QueryField,
  QUERY_TYPES,
  RedisLensOptions,
  RedisLensQuery,
  RedisLensQueryType,
  SEVERITIES,
  Severity,
  statusLabel,
} from '../types';
import { testIds } from './testIds';

type Props = QueryEditorProps<DataSource, RedisLensQuery, RedisLensOptions>;

// A Record keyed by the union makes the compiler flag a query type added without a label.
const QUERY_TYPE_LABELS: Record<RedisLensQueryType, Omit<ComboboxOption<RedisLensQueryType>, 'value'>> = {
  anomalies: { label: 'Anomalies', description: 'Anomalies with status, severity and target' },
  anomalyCounts: { label: 'Anomaly counts', description: 'Anomaly counts over time by severity, for alert rules' },
  instances: { label: 'Instances', description: 'Instances with health and finding counts' },
  metrics: { label: 'Metrics', description: 'Time series of INFO fields from snapshot history' },
  config: { label: 'Config', description: 'Parameters with value, default and finding severity' },
  topology: { label: 'Topology', description: 'Nodes and edges for the Node Graph panel' },
  rules: { label: 'Rules', description: 'The rule catalog' },
  annotations: { label: 'Annotations', description: 'Anomaly opened/resolved and configuration drift events' },
  targetHealth: { label: 'Target health', description: 'Per target: 1 when its last analysis failed, for alert rules' },
};

const QUERY_TYPE_OPTIONS: Array<ComboboxOption<RedisLensQueryType>> = QUERY_TYPES.map((value) => ({
  value,
  ...QUERY_TYPE_LABELS[value],
}));
const SEVERITY_OPTIONS: Array<ComboboxOption<Severity>> = SEVERITIES.map((value) => ({ value, label: value }));
const STATUS_OPTIONS: Array<ComboboxOption<AnomalyStatus>> = ANOMALY_STATUSES.map((value) => ({
  value,
  label: statusLabel(value),
}));
const KIND_OPTIONS: Array<ComboboxOption<EventKind>> = EVENT_KINDS.map((value) => ({
  value,
  label: eventKindLabel(value),
}));

/** "used_memory, connected_clients" -> ['used_memory', 'connected_clients']; empty means unset. */
export function parseList(text: string): string[] | undefined {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

type FieldEditor = (props: {
  query: RedisLensQuery;
  update: (change: Partial<RedisLensQuery>, run?: boolean) => void;
  onRunQuery: () => void;
}) => React.ReactElement;

/**
 * One editor per field of the query model. The Record is keyed by every field the generated
 * query model has, so a field the sidecar adds does not compile until it gets its editor here.
 */
const FIELD_EDITORS: Record<QueryField, FieldEditor> = {
  target: ({ query, update, onRunQuery }) => (
    <InlineField
      label="Target"
      labelWidth={10}
      tooltip="Target id, name or address; template variables such as $target work"
    >
      <Input
        id="redislens-query-target"
        data-testid={testIds.queryEditor.target}
        value={query.target ?? ''}
        placeholder={query.queryType === 'config' || query.queryType === 'topology' ? 'Required' : 'All targets'}
        onChange={(event: ChangeEvent<HTMLInputElement>) => update({ target: event.target.value })}
        onBlur={onRunQuery}
        width={30}
      />
    </InlineField>
  ),
  severity: ({ query, update }) => (
    <InlineField label="Severity" labelWidth={10}>
      <MultiCombobox
        data-testid={testIds.queryEditor.severity}
        options={SEVERITY_OPTIONS}
        value={query.severity ?? []}
        placeholder="All"
        onChange={(options) => update({ severity: options.length ? options.map((o) => o.value) : undefined }, true)}
        width="auto"
        minWidth={20}
      />
    </InlineField>
  ),
  status: ({ query, update }) => (
    <InlineField label="Status" labelWidth={10} tooltip="Default: open and acknowledged">
      <MultiCombobox
        data-testid={testIds.queryEditor.status}
        options={STATUS_OPTIONS}
        value={query.status ?? []}
        placeholder="Open, acknowledged"
        onChange={(options) => update({ status: options.length ? options.map((o) => o.value) : undefined }, true)}
        width="auto"
        minWidth={20}
      />
    </InlineField>
  ),
  category: ({ query, update }) => (
    <InlineField
      label="Category"
      labelWidth={10}
      tooltip="Rule categories, separated by commas (e.g. memory, persistence)"
    >
      <Input
        data-testid={testIds.queryEditor.category}
        defaultValue={(query.category ?? []).join(', ')}
        placeholder="All"
        onBlur={(event: React.FocusEvent<HTMLInputElement>) =>
          update({ category: parseList(event.target.value) }, true)
        }
        width={24}
      />
    </InlineField>
  ),
  ruleId: ({ query, update }) => (
    <InlineField label="Rule" labelWidth={10} tooltip="Rule ids, separated by commas (e.g. MEM-004); $rule works">
      <Input
        data-testid={testIds.queryEditor.ruleId}
        defaultValue={(query.ruleId ?? []).join(', ')}
        placeholder="All"
        onBlur={(event: React.FocusEvent<HTMLInputElement>) => update({ ruleId: parseList(event.target.value) }, true)}
        width={24}
      />
    </InlineField>
  ),
  metrics: ({ query, update }) => (
    <InlineField label="Metrics" labelWidth={10} tooltip="INFO fields kept as history, separated by commas">
      <Input
        data-testid={testIds.queryEditor.metrics}
        defaultValue={(query.metrics ?? []).join(', ')}
        placeholder="used_memory, connected_clients"
        onBlur={(event: React.FocusEvent<HTMLInputElement>) => update({ metrics: parseList(event.target.value) }, true)}
        width={40}
      />
    </InlineField>
  ),
  node: ({ query, update, onRunQuery }) => (
    <InlineField label="Node" labelWidth={10} tooltip="One node's host:port; empty for every node of the target">
      <Input
        data-testid={testIds.queryEditor.node}
        value={query.node ?? ''}
        placeholder="All nodes"
        onChange={(event: ChangeEvent<HTMLInputElement>) => update({ node: event.target.value || undefined })}
        onBlur={onRunQuery}
        width={24}
      />
    </InlineField>
  ),
  limit: ({ query, update, onRunQuery }) => (
    <InlineField label="Limit" labelWidth={10}>
      <Input
        data-testid={testIds.queryEditor.limit}
        type="number"
        min={1}
        max={5000}
        value={query.limit ?? ''}
        placeholder="1000"
        onChange={(event: ChangeEvent<HTMLInputElement>) =>
          update({ limit: event.target.value ? Number(event.target.value) : undefined })
        }
        onBlur={onRunQuery}
        width={12}
      />
    </InlineField>
  ),
  kind: ({ query, update }) => (
    <InlineField label="Events" labelWidth={10} tooltip="Which events become annotations; empty for all">
      <MultiCombobox
        data-testid={testIds.queryEditor.kind}
        options={KIND_OPTIONS}
        value={query.kind ?? []}
        placeholder="All events"
        onChange={(options) => update({ kind: options.length ? options.map((o) => o.value) : undefined }, true)}
        width="auto"
        minWidth={20}
      />
    </InlineField>
  ),
  groupBy: ({ query, update }) => (
    <InlineField label="Per target" labelWidth={10} tooltip="One series per target: one alert instance per target">
      <InlineSwitch
        data-testid={testIds.queryEditor.groupBy}
        value={query.groupBy === 'target'}
        onChange={(event: React.FormEvent<HTMLInputElement>) =>
          update({ groupBy: event.currentTarget.checked ? 'target' : undefined }, true)
        }
      />
    </InlineField>
  ),
};

export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const queryType = query.queryType ?? DEFAULT_QUERY.queryType!;
  const update = (change: Partial<RedisLensQuery>, run = false) => {
    onChange({ ...query, ...change });
    if (run) {
      onRunQuery();
    }
  };

  return (
    <Stack gap={1} wrap="wrap">
      <InlineField label="Query type" labelWidth={14} htmlFor="redislens-query-type">
        <Combobox
          id="redislens-query-type"
          data-testid={testIds.queryEditor.queryType}
          options={QUERY_TYPE_OPTIONS}
          value={queryType}
          onChange={(option: ComboboxOption<RedisLensQueryType>) => update({ queryType: option.value }, true)}
          width={30}
        />
      </InlineField>
      {QUERY_FIELDS[queryType].map((field) => {
        const Editor = FIELD_EDITORS[field];
        return <Editor key={field} query={{ ...query, queryType }} update={update} onRunQuery={onRunQuery} />;
      })}
    </Stack>
  );
}
