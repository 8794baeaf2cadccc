import React from 'react';
import { Combobox, InlineField } from '@grafana/ui';
import type { Target } from '../api/client';
import { testIds } from '../components/testIds';

export function TargetPicker({
  targets,
  value,
  onChange,
}: {
  targets: Target[];
  value?: string;
  onChange: (targetId: string) => void;
}) {
  return (
    <InlineField label="Target" labelWidth={10} htmlFor="rl-target-picker">
      {/* Combobox names its input through a label's htmlFor (it ignores aria-label). */}
      <Combobox
        id="rl-target-picker"
        data-testid={testIds.common.targetPicker}
        aria-label="Target"
        width={40}
        placeholder="Choose a target"
        options={targets.map((t) => ({ value: t.id, label: t.name, description: t.url }))}
        value={value ?? null}
        onChange={(option) => option && onChange(option.value)}
      />
    </InlineField>
  );
}
