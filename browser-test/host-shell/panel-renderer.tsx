/**
 * Grafana installs PanelRenderer (@grafana/runtime) at start to draw its own panels (Node Graph, time
 * series) inside a plugin page. The host has no panel plugins of Grafana's, so it installs this instead:
 * it draws nothing, keeps the size the page asked for, and records what it was given (plugin id, frame
 * count) so specs can check the data reached it. Without it @grafana/runtime's default renders the
 * sentence "PanelRenderer can only be used after Grafana instance has been started."
 */
import React from 'react';
import type { PanelRendererProps } from '@grafana/runtime';

export function HostPanelRenderer({ pluginId, title, data, width, height }: PanelRendererProps) {
  return (
    <div
      data-testid="host-panel-renderer"
      data-plugin-id={pluginId}
      data-frames={String(data?.series.length ?? 0)}
      aria-label={`${title}: Grafana's ${pluginId} panel (not drawn by the test host)`}
      role="img"
      style={{ width, height }}
    />
  );
}
