/**
 * The panel option editors Grafana registers at start-up (core's getAllOptionEditors, not exported by the
 * @grafana 12 packages). PanelOptionsEditorBuilder looks every editor up by id while a panel plugin is
 * being loaded, so without them a panel fails before it renders. The host shows panels, not their options
 * pane, so each editor is the plain @grafana/ui control for its value type.
 */
import type { SelectableValue, StandardEditorProps, StandardEditorsRegistryItem } from '@grafana/data';
import { ColorPicker, Input, MultiSelect, RadioButtonGroup, Select, Switch, UnitPicker } from '@grafana/ui';
import React from 'react';

type Options = { settings?: { options?: Array<SelectableValue<unknown>> } };

const text = ({ value, onChange }: StandardEditorProps<string>) => (
  <Input value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value)} />
);
const number = ({ value, onChange }: StandardEditorProps<number>) => (
  <Input type="number" value={value ?? ''} onChange={(e) => onChange(Number(e.currentTarget.value))} />
);
const strings = ({ value, onChange }: StandardEditorProps<string[]>) => (
  <Input value={(value ?? []).join(', ')} onChange={(e) => onChange(e.currentTarget.value.split(/,\s*/))} />
);
const boolean = ({ value, onChange }: StandardEditorProps<boolean>) => (
  <Switch value={Boolean(value)} onChange={(e) => onChange(e.currentTarget.checked)} />
);
const select = ({ value, onChange, item }: StandardEditorProps<unknown> & { item: Options }) => (
  <Select value={value as never} options={item.settings?.options ?? []} onChange={(o) => onChange(o.value)} />
);
const multiSelect = ({ value, onChange, item }: StandardEditorProps<unknown[]> & { item: Options }) => (
  <MultiSelect
    value={value as never}
    options={item.settings?.options ?? []}
    onChange={(o) => onChange(o.map((x) => x.value))}
  />
);
const radio = ({ value, onChange, item }: StandardEditorProps<unknown> & { item: Options }) => (
  <RadioButtonGroup value={value} options={item.settings?.options ?? []} onChange={onChange} />
);
const color = ({ value, onChange }: StandardEditorProps<string>) => (
  <ColorPicker color={value ?? ''} onChange={onChange} />
);
const unit = ({ value, onChange }: StandardEditorProps<string>) => <UnitPicker value={value} onChange={onChange} />;

const editors: Record<string, React.ComponentType<never>> = {
  text,
  number,
  slider: number,
  strings,
  boolean,
  select,
  'multi-select': multiSelect,
  radio,
  color,
  unit,
  'field-name': text,
  timezone: text,
  'dashboard-uid': text,
};

export const hostOptionEditors = (): StandardEditorsRegistryItem[] =>
  Object.entries(editors).map(([id, editor]) => ({ id, name: id, editor: editor as never }));
