import React from 'react';
import { Badge, type BadgeColor } from '@grafana/ui';
import { statusLabel, type AnomalyStatus, type Severity } from '../datasource/types';

export const SEVERITY_COLOURS: Record<Severity, BadgeColor> = { critical: 'red', warning: 'orange', notice: 'blue' };
const STATUS_COLOURS: Record<AnomalyStatus, BadgeColor> = {
  open: 'red',
  acknowledged: 'orange',
  resolved: 'green',
  false_positive: 'darkgrey',
};

export const SeverityBadge = ({ severity }: { severity: Severity }) => (
  <Badge text={severity} color={SEVERITY_COLOURS[severity]} />
);

export const StatusBadge = ({ status }: { status: AnomalyStatus }) => (
  <Badge text={statusLabel(status)} color={STATUS_COLOURS[status]} />
);
