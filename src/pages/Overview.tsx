import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Card, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import {
  openCountsOf,
  unwrap,
  type Analysis,
  type OpenCounts,
  type Anomaly,
  type Instance,
  type Target,
} from '../api/client';
import { LoadState } from '../common/LoadState';
import { SeverityBadge } from '../common/Severity';
import { useSidecar } from '../common/SidecarContext';
import { useLoad } from '../common/useLoad';
import { getTableStyles } from '../common/styles';
import { timeAgo } from '../common/time';
import { testIds } from '../components/testIds';
import { ROUTES } from '../constants';
import { ANOMALY_STATUSES, SEVERITIES, severityRank, statusLabel } from '../datasource/types';
import { appLink, targetLink } from '../utils/utils.routing';
import type { ApiAnomalyQuery } from './anomalies/filters';

const COUNT_LIMIT = 500;

interface TargetSummary {
  target: Target;
  instances: Instance[];
  analysis?: Analysis;
  /** Open anomalies by severity on the whole target: its nodes and its groups (a Sentinel set, a cluster). */
  open: OpenCounts;
  /** Open anomalies weighted by severity: the order of "worst". */
  score: number;
}

function Overview() {
  const s = useStyles2(getStyles);
  const { client } = useSidecar();
  const data = useLoad(async () => {
    const now = Date.now();
    const anomalies = (query: ApiAnomalyQuery) => unwrap(client.GET('/api/v1/anomalies', { params: { query } }));
    const [counts, statuses, opened, resolved, targets] = await Promise.all([
      unwrap(
        client.GET('/api/v1/anomaly-counts', { params: { query: { from: now - 60e3, to: now, intervalMs: 60e3 } } })
      ),
      Promise.all(
        ANOMALY_STATUSES.map(async (status) => {
          const page = await anomalies({ status: [status], limit: COUNT_LIMIT });
          return { status, count: page.items.length, more: Boolean(page.nextCursor) };
        })
      ),
      anomalies({ status: ['open'], sort: 'firstSeen', order: 'desc', limit: 5 }),
      anomalies({ status: ['resolved'], sort: 'lastSeen', order: 'desc', limit: 5 }),
      unwrap(client.GET('/api/v1/targets')),
    ]);
    const summaries: TargetSummary[] = await Promise.all(
      targets.items.map(async (target) => {
        const path = { id: target.id };
        const [instances, analyses, open] = await Promise.all([
          unwrap(client.GET('/api/v1/targets/{id}/instances', { params: { path } })),
          unwrap(client.GET('/api/v1/targets/{id}/analyses', { params: { path, query: { limit: 1 } } })),
          openCountsOf(client, target.id, now),
        ]);
        const score = open.critical * 100 + open.warning * 10 + open.notice;
        return { target, instances: instances.items, analysis: analyses.items[0], open, score };
      })
    );
    return { open: counts.items.at(-1), statuses, opened: opened.items, resolved: resolved.items, summaries };
  }, [client]);

  return (
    <PluginPage>
      <div data-testid={testIds.overview.container}>
        <LoadState loaded={data}>
          {(d) => (
            <>
              <Stack gap={2} wrap="wrap">
                {SEVERITIES.map((sev) => (
                  <Card key={sev} className={s.card} data-testid={testIds.overview.severityCount(sev)}>
                    <Card.Heading>
                      <TextLink href={appLink(ROUTES.Anomalies, { severity: sev, status: 'open' })}>
                        {`${d.open?.[sev] ?? 0} open ${sev}`}
                      </TextLink>
                    </Card.Heading>
                  </Card>
                ))}
                {d.statuses.map(({ status, count, more }) => (
                  <Card key={status} className={s.card} data-testid={testIds.overview.statusCount(status)}>
                    <Card.Heading>
                      <TextLink
                        href={appLink(ROUTES.Anomalies, { status })}
                      >{`${count}${more ? '+' : ''} ${statusLabel(status).toLowerCase()}`}</TextLink>
                    </Card.Heading>
                  </Card>
                ))}
              </Stack>

              <div className={s.grid}>
                <section data-testid={testIds.overview.worstTargets}>
                  <h3>Worst targets</h3>
                  <TargetTable rows={[...d.summaries].sort((a, b) => b.score - a.score).slice(0, 10)} />
                </section>
                <section data-testid={testIds.overview.failedTargets}>
                  <h3>Targets not fully analysed</h3>
                  {d.summaries.filter(failed).length === 0 ? (
                    <Text color="secondary">None</Text>
                  ) : (
                    <ul>
                      {d.summaries.filter(failed).map((t) => (
                        <li key={t.target.id}>
                          <TextLink href={targetLink(t.target.id)}>{t.target.name}</TextLink>: {failureReason(t)}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
                <section data-testid={testIds.overview.recentOpened}>
                  <h3>Recently opened</h3>
                  <AnomalyList items={d.opened} when={(a) => a.firstSeen} />
                </section>
                <section data-testid={testIds.overview.recentResolved}>
                  <h3>Recently resolved</h3>
                  <AnomalyList items={d.resolved} when={(a) => a.resolvedAt ?? a.lastSeen} />
                </section>
              </div>
            </>
          )}
        </LoadState>
      </div>
    </PluginPage>
  );
}

/** "succeeded" only when every node answered: an analysis that reached part of the fleet is partial. */
const analysisOutcome = (analysis: Analysis, instances: Instance[]) => {
  const unreachable = instances.filter((i) => !i.reachable).length;
  return analysis.status === 'succeeded' && unreachable > 0
    ? `partial: ${unreachable} of ${instances.length} nodes unreachable`
    : analysis.status;
};

const failed = (t: TargetSummary) => t.analysis?.status === 'failed' || t.instances.some((i) => !i.reachable);
const failureReason = (t: TargetSummary) =>
  t.analysis?.status === 'failed'
    ? (t.analysis.error ?? 'analysis failed')
    : t.instances
        .filter((i) => !i.reachable)
        .map((i) => `${i.address} unreachable${i.error ? ` (${i.error})` : ''}`)
        .join('; ');

function TargetTable({ rows }: { rows: TargetSummary[] }) {
  const s = useStyles2(getTableStyles);
  return (
    <table className={s.table} data-testid={testIds.overview.lastAnalysis}>
      <thead>
        <tr>
          <th>Target</th>
          <th>Open</th>
          <th>Last analysis</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ target, instances, analysis, open }) => (
          <tr key={target.id}>
            <td>
              <TextLink href={targetLink(target.id)}>{target.name}</TextLink>
            </td>
            <td>
              <Stack gap={1}>
                {SEVERITIES.map((sev) => (
                  <TextLink
                    key={sev}
                    href={appLink(ROUTES.Anomalies, { targetId: target.id, severity: sev, status: 'open' })}
                  >
                    {`${open[sev]} ${sev}`}
                  </TextLink>
                ))}
              </Stack>
            </td>
            <td>
              {timeAgo(analysis?.finishedAt ?? analysis?.queuedAt)}{' '}
              {analysis ? `(${analysisOutcome(analysis, instances)})` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AnomalyList({ items, when }: { items: Anomaly[]; when: (a: Anomaly) => number }) {
  if (items.length === 0) {
    return <Text color="secondary">None</Text>;
  }
  return (
    <ul>
      {[...items]
        .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || when(b) - when(a))
        .map((a) => (
          <li key={a.id}>
            <SeverityBadge severity={a.severity} />{' '}
            <TextLink href={appLink(ROUTES.Anomalies, { id: a.id })}>{a.title}</TextLink> on {a.resource},{' '}
            {timeAgo(when(a))}
          </li>
        ))}
    </ul>
  );
}

export default Overview;

const getStyles = (theme: GrafanaTheme2) => ({
  // Card is width: 100% by default; here the counts sit side by side and wrap.
  card: css({ flex: '1 1 160px', width: 'auto', minWidth: 160, marginBottom: 0 }),
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))',
    gap: theme.spacing(3),
    marginTop: theme.spacing(3),
  }),
});
