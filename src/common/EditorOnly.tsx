/**
 * Write controls for Viewers: shown, disabled, with a tooltip saying why (instead of hidden,
 * so a Viewer knows the action exists and whom to ask). The sidecar refuses it anyway.
 */
import React from 'react';
import { Tooltip } from '@grafana/ui';
import { useSidecar } from './SidecarContext';

export const VIEWER_REASON = 'Viewers cannot change anything: this needs the Editor role in Grafana';

export function EditorOnly({ children }: { children: (disabled: boolean) => React.ReactElement }) {
  const { canEdit } = useSidecar();
  if (canEdit) {
    return children(false);
  }
  return (
    <Tooltip content={VIEWER_REASON}>
      <span tabIndex={0}>{children(true)}</span>
    </Tooltip>
  );
}
