import React, { useId } from 'react';
import { Combobox, Stack } from '@grafana/ui';
import type { NodeSnapshot } from '../../api/client';

/** The Redis nodes of a snapshot (Sentinels have no clients or commands to show), masters first. */
export function redisNodes(nodes: NodeSnapshot[]): NodeSnapshot[] {
  const rank = (n: NodeSnapshot) => (n.role === 'master' ? 0 : 1);
  return nodes
    .filter((n) => n.kind === 'redis' && n.reachable)
    .sort((a, b) => rank(a) - rank(b) || a.address.localeCompare(b.address));
}

export function NodePicker({
  nodes,
  value,
  onChange,
  testId,
}: {
  nodes: NodeSnapshot[];
  value: string;
  onChange: (address: string) => void;
  testId: string;
}) {
  const labelId = useId();
  return (
    <Stack gap={1} alignItems="center">
      {/* Combobox ignores aria-label: its input is named by this label. */}
      <span id={labelId}>Node</span>
      <Combobox
        aria-labelledby={labelId}
        data-testid={testId}
        width={36}
        options={nodes.map((n) => ({ value: n.address, label: `${n.address} (${n.role})` }))}
        value={value}
        onChange={(o) => o && onChange(o.value)}
      />
    </Stack>
  );
}
