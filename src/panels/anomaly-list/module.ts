import { PanelPlugin } from '@grafana/data';
import { AnomalyListPanel } from './AnomalyListPanel';
import { COLUMN_LABELS, COLUMNS, type AnomalyListOptions } from './types';

export const plugin = new PanelPlugin<AnomalyListOptions>(AnomalyListPanel).setPanelOptions((builder) =>
  builder
    .addMultiSelect({
      path: 'columns',
      name: 'Columns',
      defaultValue: ['severity', 'status', 'title', 'age', 'target', 'resource'],
      // MultiSelect's settings type wants SelectableValue<string[]> per option though each holds one value.
      settings: { options: COLUMNS.map((value) => ({ value, label: COLUMN_LABELS[value] })) as never },
    })
    .addRadio({
      path: 'groupBy',
      name: 'Group by',
      defaultValue: 'none',
      settings: {
        options: [
          { value: 'none', label: 'None' },
          { value: 'target', label: 'Target' },
          { value: 'ruleId', label: 'Rule' },
        ],
      },
    })
    .addBooleanSwitch({
      path: 'allowAcknowledge',
      name: 'Editors may acknowledge',
      description: 'Show an Acknowledge button on open anomalies (Viewers see it disabled)',
      defaultValue: false,
    })
);
