/** Metric trends from the rollups (5-minute for a day, hourly before): the `metrics` query through QueryData, drawn by Grafana's time series panel. */
import React from 'react';
import { AutoSizer } from './AutoSizer';
import { LoadingState, getDefaultTimeRange, type DataFrame } from '@grafana/data';
import { PanelRenderer } from '@grafana/runtime';

export function FramesPanel({
  frames,
  pluginId,
  title,
  height,
  options,
}: {
  frames: DataFrame[];
  pluginId: 'timeseries' | 'nodeGraph';
  title: string;
  height: number;
  options?: Record<string, unknown>;
}) {
  // PanelRenderer is always defined: Grafana replaces @grafana/runtime's placeholder at start (the browser-test
  // host installs an empty one), so there is nothing to test for here.
  const data = { series: frames, state: LoadingState.Done, timeRange: getDefaultTimeRange() };
  return (
    <div style={{ height }}>
      <AutoSizer>
        {(width) => (
          <PanelRenderer
            pluginId={pluginId}
            title={title}
            data={data}
            width={width}
            height={height}
            options={options}
          />
        )}
      </AutoSizer>
    </div>
  );
}
