import React from 'react';
import { Combobox, InlineField, Input, Stack } from '@grafana/ui';
import type { RedisLensVariableQuery, VariableKind } from '../variables';
import { testIds } from './testIds';

const KIND_LABELS: Record<VariableKind, string> = {
  targets: 'Targets',
  nodes: 'Nodes of a target',
  rules: 'Rule ids',
  categories: 'Rule categories',
};

export function VariableQueryEditor({
  query,
  onChange,
}: {
  query: RedisLensVariableQuery;
  onChange: (query: RedisLensVariableQuery) => void;
}) {
  const kind = query.kind ?? 'targets';
  return (
    <Stack gap={1}>
      <InlineField label="Values" labelWidth={10} htmlFor="redislens-variable-kind">
        <Combobox
          id="redislens-variable-kind"
          data-testid={testIds.variableEditor.kind}
          aria-label="Variable values"
          width={24}
          options={(Object.keys(KIND_LABELS) as VariableKind[]).map((value) => ({ value, label: KIND_LABELS[value] }))}
          value={kind}
          onChange={(o) => onChange({ ...query, kind: o.value })}
        />
      </InlineField>
      {kind === 'nodes' && (
        <InlineField label="Target" labelWidth={10} tooltip="Target id or name; $target works">
          <Input
            data-testid={testIds.variableEditor.target}
            width={24}
            defaultValue={query.target ?? ''}
            placeholder="$target"
            onBlur={(e) => onChange({ ...query, kind, target: e.currentTarget.value || undefined })}
          />
        </InlineField>
      )}
    </Stack>
  );
}
