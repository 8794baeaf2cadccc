import { PanelPlugin } from '@grafana/data';
import { ConfigHighlightPanel, type ConfigHighlightOptions } from './ConfigHighlightPanel';

export const plugin = new PanelPlugin<ConfigHighlightOptions>(ConfigHighlightPanel).setPanelOptions((builder) =>
  builder
    .addBooleanSwitch({ path: 'changedOnly', name: 'Changed from default only', defaultValue: false })
    .addBooleanSwitch({ path: 'flaggedOnly', name: 'Flagged only', defaultValue: false })
);
