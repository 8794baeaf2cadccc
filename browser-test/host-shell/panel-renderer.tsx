/**
 * Grafana installs PanelRenderer (@grafana/runtime) at start to draw its own panels (Node Graph, time
 * series) inside a plugin page. The host has no panel plugins of Grafana's, so it installs this instead:
 * it keeps the size the page asked for, says in a dashed frame which of Grafana's panels would draw there
 * (so a screenshot shows the gap is the host's, not the plugin's), and records what it was given (plugin id,
 * frame count) so specs can check the data reached it. Without it @grafana/runtime's default renders the
 * sentence "PanelRenderer can only be used after Grafana instance has been started."
 */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import type { PanelRendererProps } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';

export function HostPanelRenderer({ pluginId, title, data, width, height }: PanelRendererProps) {
  const styles = useStyles2(getStyles);
  const frames = data?.series.length ?? 0;
  return (
    <div
      className={styles.frame}
      data-testid="host-panel-renderer"
      data-plugin-id={pluginId}
      data-frames={String(frames)}
      aria-label={`${title}: Grafana's ${pluginId} panel (not drawn by the test host)`}
      role="img"
      style={{ width, height }}
    >
      Grafana&apos;s {pluginId} panel draws here in Grafana ({frames} frames); the test host has no core panels.
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  frame: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    border: `1px dashed ${theme.colors.border.medium}`,
    color: theme.colors.text.secondary,
  }),
});
