/**
 * Row-shaped data to frame fields, one column declaration per field: the
 * table query types (config, instances, rules, anomalies, ...) describe
 * their columns instead of repeating the field construction for each.
 */
import { booleanField, numberField, stringField, timeField, type Field, type FieldConfig } from './frame.js';

/** A column's Grafana field config, plus whether it may hold nulls (see FieldBase.nullable). */
export type ColumnOptions = FieldConfig & { nullable?: boolean };

/** Builds one field from all rows. */
export type Column<R> = (rows: readonly R[]) => Field;

type Cell<T> = T | null | undefined;

/** Only the keys a column sets, so a column without options builds the same field as a bare xField(). */
function fieldExtra({ nullable, ...config }: ColumnOptions = {}) {
  return {
    ...(nullable ? { nullable } : {}),
    ...(Object.keys(config).length > 0 ? { config } : {}),
  };
}

/** Column builders for rows of type R: `const col = columnsOf<ConfigRow>(); col.string('node', (r) => r.node)`. */
export interface ColumnBuilders<R> {
  string(name: string, pick: (row: R) => Cell<string>, options?: ColumnOptions): Column<R>;
  number(name: string, pick: (row: R) => Cell<number>, options?: ColumnOptions): Column<R>;
  boolean(name: string, pick: (row: R) => Cell<boolean>, options?: ColumnOptions): Column<R>;
  /** Epoch milliseconds in, epoch nanoseconds out (as timeField). */
  time(name: string, pick: (row: R) => Cell<number>, options?: ColumnOptions): Column<R>;
}

export function columnsOf<R>(): ColumnBuilders<R> {
  return {
    string: (name, pick, options) => (rows) => stringField(name, rows.map(pick), fieldExtra(options)),
    number: (name, pick, options) => (rows) => numberField(name, rows.map(pick), fieldExtra(options)),
    boolean: (name, pick, options) => (rows) => booleanField(name, rows.map(pick), fieldExtra(options)),
    time: (name, pick, options) => (rows) => timeField(name, rows.map(pick), fieldExtra(options)),
  };
}

/** The fields of a table: each column applied to every row. */
export function tableFields<R>(rows: readonly R[], columns: readonly Column<R>[]): Field[] {
  return columns.map((build) => build(rows));
}
