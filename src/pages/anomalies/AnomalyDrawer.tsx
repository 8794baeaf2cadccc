import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, ClipboardButton, Drawer, Stack, Text, useStyles2 } from '@grafana/ui';
import { unwrap, type Rule } from '../../api/client';
import { EditorOnly } from '../../common/EditorOnly';
import { LoadState } from '../../common/LoadState';
import { SeverityBadge, StatusBadge } from '../../common/Severity';
import { useSidecar } from '../../common/SidecarContext';
import { useLoad } from '../../common/useLoad';
import { formatTime } from '../../common/time';
import { getTableStyles } from '../../common/styles';
import { testIds } from '../../components/testIds';
import { statusLabel, type AnomalyStatus } from '../../datasource/types';
import { ACTION_ORDER, STATUS_ACTIONS } from './actions';
import { StatusChangeModal } from './StatusChangeModal';

/** One anomaly: message, evidence, recommendation with a copy button, the rule's rationale and its audit trail. */
export function AnomalyDrawer({
  id,
  rules,
  targetName,
  onClose,
  onChanged,
}: {
  id: string;
  rules: Rule[];
  targetName: (targetId: string) => string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const s = useStyles2(getStyles);
  const { client } = useSidecar();
  const detail = useLoad(
    () => unwrap(client.GET('/api/v1/anomalies/{id}', { params: { path: { id } } })),
    [client, id]
  );
  const [action, setAction] = useState<AnomalyStatus | undefined>();

  return (
    <Drawer title={detail.value?.title ?? 'Anomaly'} onClose={onClose} size="md">
      <div data-testid={testIds.anomalies.drawer}>
        <LoadState loaded={detail}>
          {(a) => {
            const rule = rules.find((r) => r.id === a.ruleId);
            return (
              <>
                <Stack gap={1} alignItems="center" wrap="wrap">
                  <SeverityBadge severity={a.severity} />
                  <StatusBadge status={a.status} />
                  <Text color="secondary">
                    {a.ruleId} · {targetName(a.targetId)} · {a.resource}
                    {a.subject ? ` · ${a.subject}` : ''}
                  </Text>
                </Stack>
                <p className={s.message}>{a.message}</p>
                <Stack gap={1} wrap="wrap">
                  {ACTION_ORDER.filter((st) => STATUS_ACTIONS[st].from.includes(a.status)).map((st) => (
                    <EditorOnly key={st}>
                      {(disabled) => (
                        <Button
                          size="sm"
                          variant="secondary"
                          icon={STATUS_ACTIONS[st].icon}
                          disabled={disabled}
                          onClick={() => setAction(st)}
                        >
                          {STATUS_ACTIONS[st].label}
                        </Button>
                      )}
                    </EditorOnly>
                  ))}
                </Stack>

                <h4 className={s.heading}>Recommendation</h4>
                <div data-testid={testIds.anomalies.drawerRecommendation} className={s.recommendation}>
                  <pre className={s.pre}>{a.recommendation}</pre>
                  <ClipboardButton size="sm" variant="secondary" icon="copy" getText={() => a.recommendation}>
                    Copy
                  </ClipboardButton>
                </div>

                <h4 className={s.heading}>Why it matters</h4>
                <p data-testid={testIds.anomalies.drawerRationale}>
                  {rule?.rationale ?? 'The rule is no longer in the catalog.'}
                </p>

                <h4 className={s.heading}>Evidence</h4>
                <table className={s.table} data-testid={testIds.anomalies.drawerEvidence}>
                  <tbody>
                    {Object.entries(a.evidence).map(([k, v]) => (
                      <tr key={k}>
                        <th scope="row">{k}</th>
                        <td>
                          <code>{typeof v === 'string' ? v : JSON.stringify(v)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>

                <h4 className={s.heading}>Seen</h4>
                <p>
                  First {formatTime(a.firstSeen)}, last {formatTime(a.lastSeen)}, {a.occurrences} time
                  {a.occurrences === 1 ? '' : 's'}
                  {a.resolvedAt ? `; resolved ${formatTime(a.resolvedAt)}` : ''}
                </p>

                <h4 className={s.heading}>History</h4>
                <table className={s.table} data-testid={testIds.anomalies.drawerHistory}>
                  <thead>
                    <tr>
                      <th>When</th>
                      <th>Who</th>
                      <th>Change</th>
                      <th>Note</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.history.map((e) => (
                      <tr key={e.id}>
                        <td>{formatTime(e.at)}</td>
                        <td>{e.actor}</td>
                        <td>
                          {e.fromStatus ? `${statusLabel(e.fromStatus)} → ` : ''}
                          {statusLabel(e.toStatus)} ({e.kind.replace('_', ' ')})
                        </td>
                        <td>{e.note ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {action && (
                  <StatusChangeModal
                    status={action}
                    anomalies={[a]}
                    onDismiss={() => setAction(undefined)}
                    onDone={() => {
                      setAction(undefined);
                      detail.reload();
                      onChanged();
                    }}
                  />
                )}
              </>
            );
          }}
        </LoadState>
      </div>
    </Drawer>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  ...getTableStyles(theme),
  message: css({ margin: theme.spacing(2, 0) }),
  heading: css({ marginTop: theme.spacing(2) }),
  recommendation: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'flex-start' }),
  pre: css({ flexGrow: 1, whiteSpace: 'pre-wrap', margin: 0 }),
});
