/** Rows of a data frame as objects keyed by field name: panels read the datasource's frames by field name. */
import type { DataFrame } from '@grafana/data';

export function frameRows(frame: DataFrame): Array<Record<string, unknown>> {
  return Array.from({ length: frame.length }, (_, i) =>
    Object.fromEntries(frame.fields.map((f) => [f.name, f.values[i]]))
  );
}

/** The first frame that has every named field (panels may get other frames from other queries). */
export const findFrame = (series: DataFrame[], fields: string[]): DataFrame | undefined =>
  series.find((f) => fields.every((name) => f.fields.some((field) => field.name === name)));
