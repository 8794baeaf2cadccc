/** Frame meta shared by the table-shaped query types. */
import type { FrameMeta } from '../frames/frame.js';

export const TABLE_META: FrameMeta = { preferredVisualisationType: 'table' };

/** Severity colours as Grafana's palette names them, for value mappings. */
export const SEVERITY_COLOURS = { critical: 'red', warning: 'orange', notice: 'blue' } as const;

/** A field config colouring a severity column's cells. */
export const severityCellConfig = {
  mappings: [
    {
      type: 'value',
      options: Object.fromEntries(
        Object.entries(SEVERITY_COLOURS).map(([severity, color], index) => [severity, { color, index }])
      ),
    },
  ],
  custom: { cellOptions: { type: 'color-text' } },
};
