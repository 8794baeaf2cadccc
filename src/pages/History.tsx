import React, { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Combobox, InlineField, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { unwrap } from '../api/client';
import { exportUrl } from '../common/download';
import { LoadState } from '../common/LoadState';
import { useSidecar } from '../common/SidecarContext';
import { TargetPicker } from '../common/TargetPicker';
import { useTargets } from '../common/useLists';
import { useLoad } from '../common/useLoad';
import { getTableStyles } from '../common/styles';
import { formatTime } from '../common/time';
import { testIds } from '../components/testIds';

const DRIFT_WINDOW = 30 * 86400e3;
const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** Earlier analyses of a target, the diff of two snapshots and configuration drift. */
function History() {
  const s = useStyles2(getTableStyles);
  const { client, datasourceUid } = useSidecar();
  const [params, setParams] = useSearchParams();
  const targets = useTargets();
  const targetId = params.get('targetId') ?? targets.value?.[0]?.id;
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();

  const history = useLoad(async () => {
    if (!targetId) {
      return undefined;
    }
    const path = { id: targetId };
    const now = Date.now();
    const [analyses, snapshots, events] = await Promise.all([
      unwrap(client.GET('/api/v1/targets/{id}/analyses', { params: { path, query: { limit: 50 } } })),
      unwrap(client.GET('/api/v1/targets/{id}/snapshots', { params: { path, query: { limit: 50 } } })),
      unwrap(client.GET('/api/v1/events', { params: { query: { from: now - DRIFT_WINDOW, to: now, targetId } } })),
    ]);
    return {
      analyses: analyses.items,
      snapshots: snapshots.items,
      drift: events.items.filter((e) => e.kind === 'config_changed'),
    };
  }, [client, targetId]);

  const snapshotsList = history.value?.snapshots ?? [];
  const fromId = from ?? snapshotsList[1]?.id;
  const toId = to ?? snapshotsList[0]?.id;
  const diff = useLoad(
    async () =>
      fromId && toId && fromId !== toId
        ? unwrap(client.GET('/api/v1/snapshots/diff', { params: { query: { from: fromId, to: toId } } }))
        : undefined,
    [client, fromId, toId]
  );
  const options = snapshotsList.map((sn) => ({ value: sn.id, label: formatTime(sn.collectedAt) }));

  return (
    <PluginPage>
      <div data-testid={testIds.history.container}>
        {targets.value && (
          <TargetPicker
            targets={targets.value}
            value={targetId}
            onChange={(id) => {
              setFrom(undefined);
              setTo(undefined);
              setParams({ targetId: id });
            }}
          />
        )}
        <LoadState loaded={history} empty={(h) => !h} emptyMessage="Choose a target">
          {(h) => (
            <>
              <h3>Analyses</h3>
              <table className={s.table} data-testid={testIds.history.analyses}>
                <thead>
                  <tr>
                    <th>Started</th>
                    <th>Trigger</th>
                    <th>Status</th>
                    <th>Critical</th>
                    <th>Warning</th>
                    <th>Notice</th>
                    <th>Not evaluated</th>
                    <th>Nodes (unreachable)</th>
                    <th>Export</th>
                  </tr>
                </thead>
                <tbody>
                  {h!.analyses.map((a) => (
                    <tr key={a.id}>
                      <td>{formatTime(a.startedAt ?? a.queuedAt)}</td>
                      <td>{a.trigger}</td>
                      <td>
                        {a.status}
                        {a.error ? `: ${a.error}` : ''}
                      </td>
                      <td>{a.summary?.critical ?? '—'}</td>
                      <td>{a.summary?.warning ?? '—'}</td>
                      <td>{a.summary?.notice ?? '—'}</td>
                      <td>{a.summary?.notEvaluated ?? '—'}</td>
                      <td>{a.summary ? `${a.summary.nodes} (${a.summary.unreachable})` : '—'}</td>
                      <td>
                        {a.status === 'succeeded' && a.hasReport && (
                          <Stack gap={1}>
                            {(['csv', 'json'] as const).map((format) => (
                              <LinkButton
                                key={format}
                                size="sm"
                                variant="secondary"
                                fill="text"
                                icon="download-alt"
                                download
                                href={exportUrl(
                                  datasourceUid,
                                  `/api/v1/analyses/${a.id}/export`,
                                  new URLSearchParams({ format })
                                )}
                              >
                                {format.toUpperCase()}
                              </LinkButton>
                            ))}
                          </Stack>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>

              <h3 className={s.section}>What changed between two snapshots</h3>
              <Stack gap={1}>
                <InlineField label="From" labelWidth={8} htmlFor="rl-history-diff-from">
                  <Combobox
                    id="rl-history-diff-from"
                    data-testid={testIds.history.diffFrom}
                    aria-label="From snapshot"
                    width={30}
                    options={options}
                    value={fromId ?? null}
                    onChange={(o) => o && setFrom(o.value)}
                  />
                </InlineField>
                <InlineField label="To" labelWidth={8} htmlFor="rl-history-diff-to">
                  <Combobox
                    id="rl-history-diff-to"
                    data-testid={testIds.history.diffTo}
                    aria-label="To snapshot"
                    width={30}
                    options={options}
                    value={toId ?? null}
                    onChange={(o) => o && setTo(o.value)}
                  />
                </InlineField>
              </Stack>
              <div data-testid={testIds.history.diff}>
                <LoadState
                  loaded={diff}
                  empty={(d) => !d}
                  emptyMessage="Pick two different snapshots (a target needs two analyses with changes)"
                >
                  {(d) => (
                    <>
                      <Text color="secondary">
                        Nodes added: {d!.nodesAdded.join(', ') || 'none'}; removed:{' '}
                        {d!.nodesRemoved.join(', ') || 'none'}; {d!.configChanges.length} configuration change(s)
                      </Text>
                      <ChangeTable changes={d!.configChanges} />
                    </>
                  )}
                </LoadState>
              </div>

              <h3 className={s.section}>Configuration drift (last 30 days)</h3>
              <div data-testid={testIds.history.drift}>
                {h!.drift.length === 0 ? (
                  <Text color="secondary">No configuration changes seen</Text>
                ) : (
                  <table className={s.table}>
                    <thead>
                      <tr>
                        <th>When</th>
                        <th>Change</th>
                        <th>Detail</th>
                      </tr>
                    </thead>
                    <tbody>
                      {h!.drift.map((e) => (
                        <tr key={e.id}>
                          <td>{formatTime(e.at)}</td>
                          <td>{e.title}</td>
                          <td>
                            <code>{show(e.detail)}</code>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </div>
            </>
          )}
        </LoadState>
      </div>
    </PluginPage>
  );
}

function ChangeTable({
  changes,
}: {
  changes: Array<{ node: string; directive: string; from?: unknown; to?: unknown }>;
}) {
  const s = useStyles2(getTableStyles);
  if (changes.length === 0) {
    return null;
  }
  return (
    <table className={s.table}>
      <thead>
        <tr>
          <th>Node</th>
          <th>Parameter</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={`${c.node}/${c.directive}`}>
            <td>{c.node}</td>
            <td>
              <code>{c.directive}</code>
            </td>
            <td>{show(c.from)}</td>
            <td>{show(c.to)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default History;
