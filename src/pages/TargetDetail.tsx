import React from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Badge, Button, LinkButton, Stack, Tab, TabContent, TabsBar, TextLink, useStyles2 } from '@grafana/ui';
import { unwrap, type Snapshot } from '../api/client';
import { EditorOnly } from '../common/EditorOnly';
import { FramesPanel } from '../common/FramesPanel';
import { LoadState } from '../common/LoadState';
import { queryFrames } from '../common/queryData';
import { SeverityBadge, StatusBadge } from '../common/Severity';
import { useSidecar } from '../common/SidecarContext';
import { useLoad } from '../common/useLoad';
import { getTableStyles } from '../common/styles';
import { timeAgo } from '../common/time';
import { exportUrl } from '../common/download';
import { testIds } from '../components/testIds';
import { ROUTES } from '../constants';
import { appLink } from '../utils/utils.routing';
import { ClientsTab } from './targets/ClientsTab';
import { CommandsTab } from './targets/CommandsTab';
import { ConfigTable } from './targets/ConfigTable';
import { memoryText, nodeState } from './targets/nodeState';

const TABS = {
  nodes: 'Nodes',
  anomalies: 'Anomalies',
  config: 'Configuration',
  trends: 'Trends',
  commands: 'Commands',
  clients: 'Clients',
} as const;
type TabKey = keyof typeof TABS;
const TREND_METRICS = ['used_memory', 'connected_clients', 'instantaneous_ops_per_sec'];
const DAY = 86400e3;

/**
 * When the shown node state was collected: scheduled analyses reuse the stored state while configuration and
 * topology stay the same (up to an hour), so it can be older than the last analysis.
 */
function CollectedAt({ snapshot }: { snapshot?: Snapshot }) {
  const collected = snapshot ? Date.parse(snapshot.fleet.collectedAt) : NaN;
  return isNaN(collected) || Math.abs(collected - snapshot!.collectedAt) < 60e3 ? null : (
    <>; node state below collected {timeAgo(collected)}</>
  );
}

function TargetDetail() {
  const s = useStyles2(getTableStyles);
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (params.get('tab') as TabKey) in TABS ? (params.get('tab') as TabKey) : 'nodes';
  const { client, datasourceUid } = useSidecar();
  const path = { params: { path: { id } } };

  const target = useLoad(() => unwrap(client.GET('/api/v1/targets/{id}', path)), [client, id]);
  const latest = useLoad(async () => {
    const [analysis] = (
      await unwrap(client.GET('/api/v1/targets/{id}/analyses', { params: { path: { id }, query: { limit: 1 } } }))
    ).items;
    const [meta] = (
      await unwrap(client.GET('/api/v1/targets/{id}/snapshots', { params: { path: { id }, query: { limit: 1 } } }))
    ).items;
    const snapshot = meta
      ? await unwrap(client.GET('/api/v1/snapshots/{id}', { params: { path: { id: meta.id } } }))
      : undefined;
    return { analysis, snapshot };
  }, [client, id]);
  const anomalies = useLoad(
    () =>
      unwrap(
        client.GET('/api/v1/anomalies', {
          params: { query: { targetId: [id], status: ['open', 'acknowledged'], sort: 'severity', limit: 100 } },
        })
      ),
    [client, id, tab]
  );
  const config = useLoad(
    async () => (tab === 'config' ? (await unwrap(client.GET('/api/v1/targets/{id}/config', path))).items : []),
    [client, id, tab]
  );
  const trends = useLoad(async () => {
    if (tab !== 'trends') {
      return [];
    }
    const now = Date.now();
    return queryFrames(datasourceUid, [{ queryType: 'metrics', target: id, metrics: TREND_METRICS }], {
      from: now - DAY,
      to: now,
    });
  }, [datasourceUid, id, tab]);

  const startAnalysis = async () => {
    await unwrap(client.POST('/api/v1/targets/{id}/analyses', path));
    latest.reload();
  };
  const analysisId = latest.value?.analysis?.status === 'succeeded' ? latest.value.analysis.id : undefined;

  return (
    <PluginPage
      pageNav={{ text: target.value?.name ?? 'Target', subTitle: target.value?.url }}
      actions={
        <Stack gap={1}>
          <EditorOnly>
            {(disabled) => (
              <Button
                icon="sync"
                variant="primary"
                disabled={disabled}
                onClick={startAnalysis}
                data-testid={testIds.targetDetail.analyze}
              >
                Analyse now
              </Button>
            )}
          </EditorOnly>
          {analysisId && (
            <>
              <LinkButton
                variant="secondary"
                icon="download-alt"
                download
                data-testid={testIds.targetDetail.exportCsv}
                href={exportUrl(
                  datasourceUid,
                  `/api/v1/analyses/${analysisId}/export`,
                  new URLSearchParams({ format: 'csv' })
                )}
              >
                CSV
              </LinkButton>
              <LinkButton
                variant="secondary"
                icon="download-alt"
                download
                data-testid={testIds.targetDetail.exportJson}
                href={exportUrl(
                  datasourceUid,
                  `/api/v1/analyses/${analysisId}/export`,
                  new URLSearchParams({ format: 'json' })
                )}
              >
                JSON
              </LinkButton>
            </>
          )}
          <LinkButton variant="secondary" icon="sitemap" href={appLink(ROUTES.Topology, { targetId: id })}>
            Topology
          </LinkButton>
          <LinkButton variant="secondary" icon="history" href={appLink(ROUTES.History, { targetId: id })}>
            History
          </LinkButton>
        </Stack>
      }
    >
      <div data-testid={testIds.targetDetail.container}>
        <TabsBar>
          {(Object.keys(TABS) as TabKey[]).map((key) => (
            <Tab
              key={key}
              label={TABS[key]}
              active={tab === key}
              data-testid={testIds.targetDetail.tab(key)}
              onChangeTab={() => setParams({ tab: key })}
            />
          ))}
        </TabsBar>
        <TabContent>
          {tab === 'nodes' && (
            <LoadState loaded={latest} empty={(l) => !l.snapshot} emptyMessage="Not analysed yet">
              {({ analysis, snapshot }) => (
                <>
                  <p>
                    Last analysis {timeAgo(analysis?.finishedAt ?? analysis?.queuedAt)} ({analysis?.status})
                    {analysis?.error ? `: ${analysis.error}` : ''}
                    <CollectedAt snapshot={snapshot} />
                  </p>
                  <table className={s.table} data-testid={testIds.targetDetail.nodes}>
                    <thead>
                      <tr>
                        <th>Node</th>
                        <th>Role</th>
                        <th>Version</th>
                        <th>Memory (used / max)</th>
                        <th>Clients</th>
                        <th>Ops/s</th>
                        <th>Hit ratio</th>
                        <th>Replication</th>
                        <th>Persistence</th>
                      </tr>
                    </thead>
                    <tbody>
                      {snapshot!.fleet.nodes.map(nodeState).map((n) => (
                        <tr
                          key={n.address}
                          data-testid={testIds.targetDetail.node(n.address)}
                          data-reachable={String(n.reachable)}
                        >
                          <td>
                            {n.address}{' '}
                            {!n.reachable && <Badge text={`unreachable${n.error ? `: ${n.error}` : ''}`} color="red" />}
                          </td>
                          <td>{n.role}</td>
                          <td>{n.version}</td>
                          <td>{memoryText(n)}</td>
                          <td>{n.clients ?? '—'}</td>
                          <td>{n.opsPerSec ?? '—'}</td>
                          <td>{n.hitRatio === undefined ? '—' : `${(n.hitRatio * 100).toFixed(1)} %`}</td>
                          <td>{n.replication}</td>
                          <td>{n.persistence}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </LoadState>
          )}
          {tab === 'anomalies' && (
            <LoadState loaded={anomalies} empty={(p) => p.items.length === 0} emptyMessage="No open anomalies">
              {(p) => (
                <table className={s.table} data-testid={testIds.targetDetail.anomalies}>
                  <thead>
                    <tr>
                      <th>Severity</th>
                      <th>Status</th>
                      <th>Anomaly</th>
                      <th>Node</th>
                      <th>Last seen</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.items.map((a) => (
                      <tr key={a.id}>
                        <td>
                          <SeverityBadge severity={a.severity} />
                        </td>
                        <td>
                          <StatusBadge status={a.status} />
                        </td>
                        <td>
                          <TextLink href={appLink(ROUTES.Anomalies, { targetId: id, id: a.id })}>{a.title}</TextLink>
                        </td>
                        <td>{a.resource}</td>
                        <td>{timeAgo(a.lastSeen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </LoadState>
          )}
          {tab === 'config' && (
            <LoadState
              loaded={config}
              empty={(rows) => rows.length === 0}
              emptyMessage="No configuration collected yet"
            >
              {(rows) => <ConfigTable rows={rows} targetId={id} />}
            </LoadState>
          )}
          {tab === 'trends' && (
            <div data-testid={testIds.targetDetail.trends}>
              <LoadState
                loaded={trends}
                empty={(f) => f.length === 0}
                emptyMessage="No metric history in the last 24 hours"
              >
                {(frames) => (
                  <Stack direction="column" gap={2}>
                    {TREND_METRICS.map((m) => (
                      <FramesPanel
                        key={m}
                        pluginId="timeseries"
                        title={m}
                        height={220}
                        frames={frames.filter((f) => f.name === m)}
                      />
                    ))}
                  </Stack>
                )}
              </LoadState>
            </div>
          )}
          {(tab === 'commands' || tab === 'clients') && (
            <LoadState loaded={latest} empty={(l) => !l.snapshot} emptyMessage="Not analysed yet">
              {({ snapshot }) => (
                <>
                  <p>Node state collected {timeAgo(Date.parse(snapshot!.fleet.collectedAt))}.</p>
                  {tab === 'commands' ? (
                    <CommandsTab nodes={snapshot!.fleet.nodes} targetId={id} datasourceUid={datasourceUid} />
                  ) : (
                    <ClientsTab nodes={snapshot!.fleet.nodes} />
                  )}
                </>
              )}
            </LoadState>
          )}
        </TabContent>
      </div>
    </PluginPage>
  );
}

export default TargetDetail;
