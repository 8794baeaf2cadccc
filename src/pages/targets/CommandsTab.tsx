import React, { useState } from 'react';
import { Alert, Stack, useStyles2 } from '@grafana/ui';
import type { NodeSnapshot } from '../../api/client';
import { FramesPanel } from '../../common/FramesPanel';
import { LoadState } from '../../common/LoadState';
import { queryFrames } from '../../common/queryData';
import { getTableStyles } from '../../common/styles';
import { lastDay } from '../../common/time';
import { useLoad } from '../../common/useLoad';
import { testIds } from '../../components/testIds';
import { commandMetric, commandRows, trendedCommands } from './commandRows';
import { NodePicker, redisNodes } from './NodePicker';

/** Commands drawn as trends: the ones that cost the most CPU. */
const TREND_COMMANDS = 5;
/** How many of the busiest commands are asked for, to find TREND_COMMANDS with history (commandRows.ts). */
const TREND_CANDIDATES = 20;
const us = (v: number | undefined) => (v === undefined ? '—' : `${v.toLocaleString()} µs`);
const count = (v: number | undefined) => (v === undefined ? '—' : v.toLocaleString());

/**
 * Per-command calls and CPU time of one node (INFO commandstats, LATENCY HISTOGRAM), and the trends of the
 * busiest commands from the interval rates each analysis records.
 */
export function CommandsTab({
  nodes,
  targetId,
  datasourceUid,
}: {
  nodes: NodeSnapshot[];
  targetId: string;
  datasourceUid: string;
}) {
  const s = useStyles2(getTableStyles);
  const candidates = redisNodes(nodes);
  const [address, setAddress] = useState(candidates[0]?.address ?? '');
  const node = candidates.find((n) => n.address === address) ?? candidates[0];
  const rows = node ? commandRows(node) : [];
  const busiest = rows.slice(0, TREND_CANDIDATES).map((r) => r.command);
  const trends = useLoad(async () => {
    if (!node || busiest.length === 0) {
      return { commands: [], frames: [] };
    }
    const metrics = busiest.flatMap((c) => [commandMetric.callsPerSecond(c), commandMetric.usecPerCall(c)]);
    const frames = await queryFrames(
      datasourceUid,
      [{ queryType: 'metrics', target: targetId, node: node.address, metrics }],
      lastDay()
    );
    return trendedCommands(busiest, frames, TREND_COMMANDS);
  }, [datasourceUid, targetId, node?.address, busiest.join(',')]);

  if (!node) {
    return <Alert title="No reachable Redis node in the latest snapshot" severity="info" />;
  }
  const hasHistogram = rows.some((r) => r.p50 !== undefined);
  return (
    <Stack direction="column" gap={2}>
      <NodePicker
        nodes={candidates}
        value={node.address}
        onChange={setAddress}
        testId={testIds.targetDetail.commandsNode}
      />
      {rows.length === 0 ? (
        <Alert title="No command statistics in the latest snapshot" severity="info">
          INFO commandstats answered nothing for this node (renamed or denied INFO, or no command run since a restart).
        </Alert>
      ) : (
        <>
          <p>
            Counted by Redis since the node started or since <code>CONFIG RESETSTAT</code>, most CPU time first
            {hasHistogram ? '; percentiles from LATENCY HISTOGRAM' : ''}.
          </p>
          <table className={s.table} data-testid={testIds.targetDetail.commands}>
            <thead>
              <tr>
                <th>Command</th>
                <th>Calls</th>
                <th>CPU per call</th>
                <th>Share of CPU</th>
                <th>Failed</th>
                <th>Rejected</th>
                {hasHistogram && (
                  <>
                    <th>p50</th>
                    <th>p99</th>
                    <th>p99.9</th>
                  </>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.command} data-testid={testIds.targetDetail.command(r.command)}>
                  <td>
                    <code>{r.command}</code>
                  </td>
                  <td>{count(r.calls)}</td>
                  <td>{us(r.usecPerCall)}</td>
                  <td>{(r.cpuShare * 100).toFixed(1)} %</td>
                  <td>{count(r.failedCalls)}</td>
                  <td>{count(r.rejectedCalls)}</td>
                  {hasHistogram && (
                    <>
                      <td>{us(r.p50)}</td>
                      <td>{us(r.p99)}</td>
                      <td>{us(r.p999)}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div data-testid={testIds.targetDetail.commandTrends}>
        <LoadState
          loaded={trends}
          empty={(t) => t.frames.length === 0}
          emptyMessage="No per-command history in the last 24 hours: rates need two analyses of this node, and what only RedisLens sends (INFO, CONFIG GET, ...) has none"
        >
          {({ commands, frames }) => (
            <Stack direction="column" gap={2}>
              <FramesPanel
                pluginId="timeseries"
                title={`Calls per second: ${commands.join(', ')}`}
                height={220}
                frames={frames.filter((f) => f.name?.startsWith(commandMetric.callsPerSecond('')))}
              />
              <FramesPanel
                pluginId="timeseries"
                title={`CPU µs per call: ${commands.join(', ')}`}
                height={220}
                frames={frames.filter((f) => f.name?.startsWith(commandMetric.usecPerCall('')))}
              />
            </Stack>
          )}
        </LoadState>
      </div>
    </Stack>
  );
}
