import assert from 'node:assert/strict';
import { test } from 'node:test';
import { msToNs, numberField, stringField } from './frame.js';
import { columnsOf, tableFields } from './table-columns.js';

interface Row {
  name: string;
  size?: number;
  seen: number | null;
  up: boolean;
}

const rows: Row[] = [
  { name: 'a', size: 1, seen: 1700000000000, up: true },
  { name: 'b', seen: null, up: false },
];
const col = columnsOf<Row>();

test('a column without options builds the same field as the bare field constructor', () => {
  assert.deepEqual(col.string('name', (r) => r.name)(rows), stringField('name', ['a', 'b']));
});

test('options split into nullable and the Grafana field config; missing cells become null', () => {
  const [name, size, seen, up] = tableFields(rows, [
    col.string('name', (r) => r.name, { displayName: 'Name' }),
    col.number('size', (r) => r.size, { nullable: true, decimals: 0 }),
    col.time('seen', (r) => r.seen, { nullable: true }),
    col.boolean('up', (r) => r.up),
  ]);
  assert.deepEqual(name, stringField('name', ['a', 'b'], { config: { displayName: 'Name' } }));
  assert.deepEqual(size, numberField('size', [1, null], { nullable: true, config: { decimals: 0 } }));
  assert.deepEqual(seen, { name: 'seen', type: 'time', values: [msToNs(1700000000000), null], nullable: true });
  assert.deepEqual(up, { name: 'up', type: 'boolean', values: [true, false] });
});
