import React, { ChangeEvent } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { Combobox, ComboboxOption, InlineField, Input, Stack } from '@grafana/ui';

import { DataSource } from '../datasource';
import { DEFAULT_QUERY, QUERY_TYPES, RedisLensOptions, RedisLensQuery, RedisLensQueryType } from '../types';
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
};

const QUERY_TYPE_OPTIONS: Array<ComboboxOption<RedisLensQueryType>> = QUERY_TYPES.map((value) => ({
  value,
  ...QUERY_TYPE_LABELS[value],
}));

export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const queryType = query.queryType ?? DEFAULT_QUERY.queryType;

  const onQueryTypeChange = (option: ComboboxOption<RedisLensQueryType>) => {
    onChange({ ...query, queryType: option.value });
    onRunQuery();
  };

  const onTargetChange = (event: ChangeEvent<HTMLInputElement>) => {
    onChange({ ...query, target: event.target.value });
  };

  return (
    <Stack gap={1} wrap="wrap">
      <InlineField label="Query type" labelWidth={14} htmlFor="redislens-query-type">
        <Combobox
          id="redislens-query-type"
          data-testid={testIds.queryEditor.queryType}
          options={QUERY_TYPE_OPTIONS}
          value={queryType}
          onChange={onQueryTypeChange}
          width={30}
        />
      </InlineField>
      <InlineField label="Target" labelWidth={10} tooltip="Target address; template variables such as $target work">
        <Input
          id="redislens-query-target"
          data-testid={testIds.queryEditor.target}
          value={query.target ?? ''}
          placeholder="All targets"
          onChange={onTargetChange}
          onBlur={onRunQuery}
          width={30}
        />
      </InlineField>
    </Stack>
  );
}
