import React from 'react';
import { useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Badge, useStyles2 } from '@grafana/ui';
import { unwrap } from '../api/client';
import { FramesPanel } from '../common/FramesPanel';
import { LoadState } from '../common/LoadState';
import { queryFrames } from '../common/queryData';
import { SeverityBadge } from '../common/Severity';
import { useSidecar } from '../common/SidecarContext';
import { TargetPicker } from '../common/TargetPicker';
import { useTargets } from '../common/useLists';
import { useLoad } from '../common/useLoad';
import { getTableStyles } from '../common/styles';
import { testIds } from '../components/testIds';
import { severityRank, type Severity } from '../datasource/types';

/** The replication / Sentinel / Cluster graph of a target (Grafana's Node Graph over the `topology` frames) and its nodes. */
function Topology() {
  const s = useStyles2(getTableStyles);
  const { client, datasourceUid } = useSidecar();
  const [params, setParams] = useSearchParams();
  const targets = useTargets();
  const targetId = params.get('targetId') ?? targets.value?.[0]?.id;

  const graph = useLoad(async () => {
    if (!targetId) {
      return undefined;
    }
    const path = { params: { path: { id: targetId } } };
    const now = Date.now();
    const [frames, topology, open] = await Promise.all([
      queryFrames(datasourceUid, [{ queryType: 'topology', target: targetId }], { from: now - 3600e3, to: now }),
      unwrap(client.GET('/api/v1/targets/{id}/topology', path)),
      unwrap(
        client.GET('/api/v1/anomalies', { params: { query: { targetId: [targetId], status: ['open'], limit: 500 } } })
      ),
    ]);
    const worst = new Map<string, Severity>();
    for (const a of open.items) {
      const current = worst.get(a.resource);
      if (severityRank(a.severity) > severityRank(current)) {
        worst.set(a.resource, a.severity);
      }
    }
    return { frames, topology, worst };
  }, [client, datasourceUid, targetId]);

  return (
    <PluginPage>
      <div data-testid={testIds.topology.container}>
        {targets.value && (
          <TargetPicker targets={targets.value} value={targetId} onChange={(id) => setParams({ targetId: id })} />
        )}
        <LoadState
          loaded={graph}
          empty={(g) => !g || g.topology.nodes.length === 0}
          emptyMessage="No topology: choose an analysed target"
        >
          {(g) => (
            <>
              <div data-testid={testIds.topology.graph}>
                <FramesPanel pluginId="nodeGraph" title="Topology" height={480} frames={g!.frames} />
              </div>
              <table className={s.table} data-testid={testIds.topology.nodes}>
                <thead>
                  <tr>
                    <th>Node</th>
                    <th>Role</th>
                    <th>State</th>
                    <th>Worst open finding</th>
                    <th>Open</th>
                    <th>Links</th>
                  </tr>
                </thead>
                <tbody>
                  {g!.topology.nodes.map((n) => {
                    const worst = g!.worst.get(n.id);
                    return (
                      <tr
                        key={n.id}
                        data-testid={testIds.topology.node(n.id)}
                        data-reachable={String(n.reachable)}
                        data-severity={worst ?? ''}
                      >
                        <td>{n.title}</td>
                        <td>{n.subTitle}</td>
                        <td>
                          {n.reachable ? (
                            <Badge text="up" color="green" />
                          ) : (
                            <Badge text={`unreachable (${n.secondaryStat})`} color="red" icon="exclamation-triangle" />
                          )}
                        </td>
                        <td>{worst ? <SeverityBadge severity={worst} /> : '—'}</td>
                        <td>{n.mainStat}</td>
                        <td>
                          {g!.topology.edges
                            .filter((e) => e.source === n.id)
                            .map((e) => `${e.kind} → ${e.target}`)
                            .join(', ')}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
        </LoadState>
      </div>
    </PluginPage>
  );
}

export default Topology;
