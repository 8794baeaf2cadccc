/**
 * Arrow IPC frames (as a backend plugin returns them in QueryData) to the
 * data frame JSON Grafana's server sends the browser, as
 * grafana-plugin-sdk-go's data.FrameToJSON writes it:
 *   {schema: {name, refId?, meta?, fields: [{name, type, typeInfo: {frame, nullable?}, labels?, config?}]},
 *    data: {values: [[column], ...], nanos?: [...]}}
 * Times become epoch milliseconds (sub-millisecond rest in `nanos`), the
 * field name comes from the field's `name` metadata. An Arrow type Grafana's
 * decoder would not produce fails loudly rather than being guessed at.
 */
import { tableFromIPC, Type, type Field as ArrowField, type Vector } from 'apache-arrow';

export interface FrameJson {
  schema: {
    name?: string;
    refId?: string;
    meta?: unknown;
    fields: {
      name: string;
      type: string;
      typeInfo: { frame: string; nullable?: boolean };
      labels?: Record<string, string>;
      config?: unknown;
    }[];
  };
  data: { values: unknown[][]; nanos?: (number[] | null)[] };
}

const KINDS: Partial<Record<Type, { type: string; frame: string }>> = {
  [Type.Timestamp]: { type: 'time', frame: 'time.Time' },
  [Type.Float]: { type: 'number', frame: 'float64' },
  [Type.Int]: { type: 'number', frame: 'int64' },
  [Type.Utf8]: { type: 'string', frame: 'string' },
  [Type.Bool]: { type: 'boolean', frame: 'bool' },
};

const json = (text: string | undefined) => (text ? JSON.parse(text) : undefined);

function columnValues(field: ArrowField, vector: Vector): { values: unknown[]; nanos?: number[] } {
  const values: unknown[] = [];
  const nanos: number[] = [];
  let subMillisecond = false;
  for (let i = 0; i < vector.length; i++) {
    const value = vector.isValid(i) ? vector.get(i) : null;
    if (field.typeId === Type.Timestamp && value !== null) {
      // Grafana reads Arrow timestamps as int64 nanoseconds whatever unit the schema names.
      const ns = (vector.data[0].values as BigInt64Array)[vector.data[0].offset + i];
      values.push(Number(ns / 1_000_000n));
      const rest = Number(ns % 1_000_000n);
      nanos.push(rest);
      subMillisecond ||= rest !== 0;
    } else {
      values.push(typeof value === 'bigint' ? Number(value) : value);
      nanos.push(0);
    }
  }
  return subMillisecond ? { values, nanos } : { values };
}

export function frameToJson(ipc: Uint8Array): FrameJson {
  const table = tableFromIPC(ipc);
  const metadata = table.schema.metadata;
  const refId = metadata.get('refId');
  const meta = json(metadata.get('meta'));
  const fields: FrameJson['schema']['fields'] = [];
  const values: unknown[][] = [];
  const nanos: (number[] | null)[] = [];
  table.schema.fields.forEach((field, index) => {
    const kind = KINDS[field.typeId];
    if (!kind)
      throw new Error(`field ${field.name}: Arrow type ${field.type} is not one Grafana's frame decoder reads`);
    if (field.typeId === Type.Timestamp && table.batches.length > 1) {
      throw new Error('frames of more than one record batch are not produced by the SDK');
    }
    const labels = json(field.metadata.get('labels'));
    const config = json(field.metadata.get('config'));
    fields.push({
      name: field.metadata.get('name') ?? field.name,
      type: kind.type,
      typeInfo: field.nullable ? { frame: kind.frame, nullable: true } : { frame: kind.frame },
      ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
      ...(config ? { config } : {}),
    });
    const column = columnValues(field, table.getChildAt(index)!);
    values.push(column.values);
    nanos.push(column.nanos ?? null);
  });
  return {
    schema: {
      ...(metadata.get('name') ? { name: metadata.get('name') } : {}),
      ...(refId ? { refId } : {}),
      ...(meta !== undefined ? { meta } : {}),
      fields,
    },
    data: nanos.some((n) => n !== null) ? { values, nanos } : { values },
  };
}
