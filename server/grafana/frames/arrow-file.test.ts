import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RecordBatchFileReader,
  tableFromIPC,
  Type,
  TimeUnit,
  vectorFromArray,
  TimestampNanosecond,
  type Timestamp,
} from 'apache-arrow';
import { encodeFrame } from './arrow-file.js';
import { booleanField, msToNs, numberField, stringField, timeField, type Frame } from './frame.js';

const frame: Frame = {
  name: 'anomalies',
  refId: 'A',
  meta: { type: 'timeseries-wide', typeVersion: [0, 1] },
  fields: [
    timeField('time', [1700000000123, 1700000060000]),
    numberField('critical', [1, null], { labels: { severity: 'critical' }, config: { unit: 'short' } }),
    stringField('target', ['cache-1', 'cache-ü']),
    booleanField('reachable', [true, false]),
    stringField('version', ['7.2.4', '7.2.4'], { nullable: true }),
  ],
};

test('frames are Arrow IPC files (ARROW1 at both ends), readable by the file reader', () => {
  const bytes = encodeFrame(frame);
  assert.equal(bytes.subarray(0, 6).toString('latin1'), 'ARROW1');
  assert.equal(bytes.subarray(bytes.length - 6).toString('latin1'), 'ARROW1');
  const reader = RecordBatchFileReader.from(bytes);
  reader.open();
  assert.equal(reader.numRecordBatches, 1);
});

test('schema metadata carries name, refId and meta JSON; field metadata carries name, labels and config', () => {
  const table = tableFromIPC(encodeFrame(frame));
  assert.equal(table.schema.metadata.get('name'), 'anomalies');
  assert.equal(table.schema.metadata.get('refId'), 'A');
  assert.deepEqual(JSON.parse(table.schema.metadata.get('meta')!), { type: 'timeseries-wide', typeVersion: [0, 1] });
  const critical = table.schema.fields[1];
  assert.equal(critical.metadata.get('name'), 'critical');
  assert.deepEqual(JSON.parse(critical.metadata.get('labels')!), { severity: 'critical' });
  assert.deepEqual(JSON.parse(critical.metadata.get('config')!), { unit: 'short' });
  assert.equal(table.schema.fields[2].metadata.has('labels'), false, 'no labels metadata when a field has none');
});

test('time is Timestamp(NANOSECOND) holding exact int64 nanoseconds', () => {
  const table = tableFromIPC(encodeFrame(frame));
  const time = table.schema.fields[0];
  assert.equal(time.typeId, Type.Timestamp);
  assert.equal((time.type as Timestamp).unit, TimeUnit.NANOSECOND);
  assert.equal((time.type as Timestamp).timezone, null);
  const raw = table.getChildAt(0)!.data[0].values as BigInt64Array;
  assert.deepEqual([...raw], [1700000000123000000n, 1700000060000000000n]);
});

test("apache-arrow's own ns builder takes milliseconds and rounds them through a float (why arrow-file builds buffers itself)", () => {
  const viaBuilder = vectorFromArray([1700000000123], new TimestampNanosecond());
  assert.notEqual((viaBuilder.data[0].values as BigInt64Array)[0], msToNs(1700000000123));
});

test('strings are plain Utf8 (never dictionary), numbers Float64, booleans Bool', () => {
  const table = tableFromIPC(encodeFrame(frame));
  assert.equal(table.schema.fields[2].typeId, Type.Utf8);
  assert.deepEqual(table.getChild('target')!.toArray(), ['cache-1', 'cache-ü']);
  assert.equal(table.schema.fields[1].typeId, Type.Float);
  assert.equal(table.schema.fields[3].typeId, Type.Bool);
  assert.deepEqual([...table.getChild('reachable')!], [true, false]);
});

test('nullable is declared where a null occurs or where the handler asks for it, not elsewhere', () => {
  const table = tableFromIPC(encodeFrame(frame));
  const nullable = Object.fromEntries(table.schema.fields.map((f) => [f.name, f.nullable]));
  assert.deepEqual(nullable, { time: false, critical: true, target: false, reachable: false, version: true });
  assert.deepEqual([...table.getChild('critical')!], [1, null]);
});

test('a frame without rows is still a valid file with its schema', () => {
  const table = tableFromIPC(
    encodeFrame({ name: 'empty', refId: 'B', fields: [timeField('time', []), numberField('value', [])] })
  );
  assert.equal(table.numRows, 0);
  assert.deepEqual(
    table.schema.fields.map((f) => f.name),
    ['time', 'value']
  );
  assert.equal(table.schema.metadata.get('refId'), 'B');
});

test('fields of different lengths are refused', () => {
  assert.throws(
    () => encodeFrame({ name: 'bad', fields: [numberField('a', [1]), numberField('b', [])] }),
    /different lengths/
  );
});
