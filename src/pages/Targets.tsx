import React from 'react';
import { PluginPage } from '@grafana/runtime';
import { Badge, LinkButton, Stack, TextLink, useStyles2 } from '@grafana/ui';
import { openCountsOf, unwrap } from '../api/client';
import { LoadState } from '../common/LoadState';
import { useSidecar } from '../common/SidecarContext';
import { useLoad } from '../common/useLoad';
import { getTableStyles } from '../common/styles';
import { timeAgo } from '../common/time';
import { testIds } from '../components/testIds';
import { ROUTES } from '../constants';
import { appLink, prefixRoute, targetLink } from '../utils/utils.routing';

/** Every target with its nodes' health and open anomalies. */
function Targets() {
  const s = useStyles2(getTableStyles);
  const { client } = useSidecar();
  const rows = useLoad(async () => {
    const targets = (await unwrap(client.GET('/api/v1/targets'))).items;
    return Promise.all(
      targets.map(async (t) => {
        const [instances, open] = await Promise.all([
          unwrap(client.GET('/api/v1/targets/{id}/instances', { params: { path: { id: t.id } } })),
          openCountsOf(client, t.id),
        ]);
        return { target: t, instances: instances.items, open };
      })
    );
  }, [client]);

  return (
    <PluginPage
      actions={
        <LinkButton icon="plus" href={prefixRoute(ROUTES.Analyze)} variant="secondary">
          Add or analyse
        </LinkButton>
      }
    >
      <div data-testid={testIds.targets.container}>
        <LoadState
          loaded={rows}
          empty={(r) => r.length === 0}
          emptyMessage="No targets yet: add one on the Analyze page"
        >
          {(list) => (
            <table className={s.table} data-testid={testIds.targets.table}>
              <thead>
                <tr>
                  <th>Target</th>
                  <th>Address</th>
                  <th>Nodes</th>
                  <th>Open anomalies</th>
                  <th>Last analysis</th>
                  <th>Labels</th>
                </tr>
              </thead>
              <tbody>
                {list.map(({ target: t, instances, open }) => {
                  const down = instances.filter((i) => !i.reachable).length;
                  return (
                    <tr key={t.id} data-testid={testIds.targets.row(t.id)}>
                      <td>
                        <TextLink href={targetLink(t.id)}>{t.name}</TextLink>
                        {!t.enabled && <Badge text="paused" color="darkgrey" />}
                      </td>
                      <td>{t.url}</td>
                      <td>
                        {instances.length}
                        {down > 0 && <Badge text={`${down} unreachable`} color="red" icon="exclamation-triangle" />}
                      </td>
                      <td>
                        <Stack gap={1}>
                          {(['critical', 'warning', 'notice'] as const).map((sev) => (
                            <TextLink
                              key={sev}
                              href={appLink(ROUTES.Anomalies, { targetId: t.id, severity: sev, status: 'open' })}
                            >
                              {`${open[sev]} ${sev}`}
                            </TextLink>
                          ))}
                        </Stack>
                      </td>
                      <td>{timeAgo(instances[0]?.lastAnalysedAt)}</td>
                      <td>
                        {Object.entries(t.labels)
                          .map(([k, v]) => `${k}=${v}`)
                          .join(', ')}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </LoadState>
      </div>
    </PluginPage>
  );
}

export default Targets;
