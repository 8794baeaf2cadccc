export const COLUMNS = ['severity', 'status', 'title', 'age', 'target', 'resource', 'ruleId'] as const;
export type Column = (typeof COLUMNS)[number];

export interface AnomalyListOptions {
  columns: Column[];
  groupBy: 'none' | 'target' | 'ruleId';
  /** Editors may acknowledge from the panel (Viewers never can). */
  allowAcknowledge: boolean;
}

export const COLUMN_LABELS: Record<Column, string> = {
  severity: 'Severity',
  status: 'Status',
  title: 'Anomaly',
  age: 'Age',
  target: 'Target',
  resource: 'Node',
  ruleId: 'Rule',
};

/** The anomalies frame's fields the panel reads (server/grafana/queries/anomalies.ts). */
export const REQUIRED_FIELDS = ['id', 'severity', 'status', 'title', 'target', 'resource', 'ruleId', 'firstSeen'];
