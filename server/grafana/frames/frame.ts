/**
 * A small typed model of a Grafana data frame: what query handlers build
 * and arrow-file.ts encodes. It mirrors grafana-plugin-sdk-go's data.Frame
 * (name, refId, meta; fields with labels and config) with the few value
 * types RedisLens needs.
 */

/** FieldConfig as Grafana reads it from a field's `config` metadata (JSON). */
export interface FieldConfig {
  displayName?: string;
  displayNameFromDS?: string;
  unit?: string;
  decimals?: number;
  description?: string;
  color?: { mode: string; fixedColor?: string };
  /** Value mappings, e.g. a colour per severity. */
  mappings?: Record<string, unknown>[];
  custom?: Record<string, unknown>;
}

/** FrameMeta as Grafana reads it from the schema's `meta` metadata (JSON). */
export interface FrameMeta {
  /** Data plane frame type, e.g. 'timeseries-wide', 'timeseries-multi'. */
  type?: string;
  typeVersion?: [number, number];
  preferredVisualisationType?: 'graph' | 'table' | 'logs' | 'trace' | 'nodeGraph';
  executedQueryString?: string;
  notices?: { severity: 'info' | 'warning' | 'error'; text: string }[];
  custom?: Record<string, unknown>;
}

interface FieldBase {
  name: string;
  labels?: Record<string, string>;
  config?: FieldConfig;
  /**
   * Declare the field nullable even if this frame has no null. Grafana's
   * decoder rejects a null in a field not declared nullable; columns that
   * can be empty (e.g. a version of an unreachable node) say so always so
   * the schema does not change with the data.
   */
  nullable?: boolean;
}

/** Time values are epoch nanoseconds: Grafana reads timestamps as int64 ns. */
export type TimeField = FieldBase & { type: 'time'; values: (bigint | null)[] };
export type NumberField = FieldBase & { type: 'number'; values: (number | null)[] };
export type StringField = FieldBase & { type: 'string'; values: (string | null)[] };
export type BooleanField = FieldBase & { type: 'boolean'; values: (boolean | null)[] };
export type Field = TimeField | NumberField | StringField | BooleanField;

export interface Frame {
  name: string;
  refId?: string;
  meta?: FrameMeta;
  fields: Field[];
}

const NS_PER_MS = 1_000_000n;

/** Epoch milliseconds to epoch nanoseconds, exactly for integer milliseconds. */
export function msToNs(ms: number): bigint {
  return Number.isInteger(ms) ? BigInt(ms) * NS_PER_MS : BigInt(Math.round(ms * 1e6));
}

type Extra = Omit<FieldBase, 'name'>;

export const timeField = (name: string, epochMs: (number | null | undefined)[], extra: Extra = {}): TimeField => ({
  name,
  type: 'time',
  values: epochMs.map((ms) => (ms === null || ms === undefined ? null : msToNs(ms))),
  ...extra,
});

export const numberField = (name: string, values: (number | null | undefined)[], extra: Extra = {}): NumberField => ({
  name,
  type: 'number',
  values: values.map((v) => v ?? null),
  ...extra,
});

export const stringField = (name: string, values: (string | null | undefined)[], extra: Extra = {}): StringField => ({
  name,
  type: 'string',
  values: values.map((v) => v ?? null),
  ...extra,
});

export const booleanField = (
  name: string,
  values: (boolean | null | undefined)[],
  extra: Extra = {}
): BooleanField => ({
  name,
  type: 'boolean',
  values: values.map((v) => v ?? null),
  ...extra,
});
