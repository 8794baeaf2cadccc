/** The status actions of triage, in one typed map so a button and its target status cannot drift apart. */
import type { Anomaly } from '../../api/client';
import type { AnomalyStatus } from '../../datasource/types';

export interface StatusAction {
  label: string;
  icon: 'check' | 'check-circle' | 'ban' | 'history';
  /** Which current statuses the action applies to. */
  from: AnomalyStatus[];
}

export const STATUS_ACTIONS: Record<AnomalyStatus, StatusAction> = {
  acknowledged: { label: 'Acknowledge', icon: 'check', from: ['open'] },
  resolved: { label: 'Resolve', icon: 'check-circle', from: ['open', 'acknowledged'] },
  false_positive: { label: 'Mark false positive', icon: 'ban', from: ['open', 'acknowledged'] },
  open: { label: 'Reopen', icon: 'history', from: ['acknowledged', 'resolved', 'false_positive'] },
};

export const ACTION_ORDER: AnomalyStatus[] = ['acknowledged', 'resolved', 'false_positive', 'open'];

/** The selected anomalies an action would change (others are already there or cannot go there). */
export const applicable = (status: AnomalyStatus, selected: Anomaly[]): Anomaly[] =>
  selected.filter((a) => STATUS_ACTIONS[status].from.includes(a.status));
