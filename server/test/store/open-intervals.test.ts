/**
 * Open intervals kept up to date row by row (store/open-intervals.ts) count exactly what intervals built
 * afresh from the same rows count, whatever rows change how (opened, resolved, re-graded, reopened, gone).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { countsAt, openIntervals, OpenIntervalSet, type OpenRow } from '../../store/open-intervals.js';

type Row = OpenRow & { id: string };

const row = (ids: fc.Arbitrary<string>) =>
  fc.record({
    id: ids,
    severity: fc.constantFrom('critical' as const, 'warning' as const, 'notice' as const),
    f: fc.integer({ min: 0, max: 100 }),
    r: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  });
const ids = fc.constantFrom(...Array.from({ length: 12 }, (_, i) => `a${i}`));
const instants = Array.from({ length: 105 }, (_, i) => i - 2);

test('caught up row by row, the counts are those of intervals built afresh from the rows as they are now', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(row(ids), { selector: (r) => r.id }),
      // Each step: which ids changed, and the current rows of those (an id without one counts no more).
      fc.array(fc.tuple(fc.uniqueArray(ids, { maxLength: 5 }), fc.uniqueArray(row(ids), { selector: (r) => r.id }))),
      (initial, steps) => {
        const rows = new Map(initial.map((r) => [r.id, r]));
        const set = new OpenIntervalSet(initial);
        for (const [changed, candidates] of steps) {
          const current = candidates.filter((r) => changed.includes(r.id));
          for (const id of changed) rows.delete(id);
          for (const r of current) rows.set(r.id, r);
          set.replace(changed, current);
          assert.deepEqual(set.countsAt(instants), countsAt(openIntervals([...rows.values()]), instants));
        }
      }
    ),
    { numRuns: 300 }
  );
});

test('a row resolved before it was first seen is never open, also when it changes into or out of that', () => {
  const set = new OpenIntervalSet([{ id: 'a', severity: 'warning', f: 10, r: 5 }]);
  assert.deepEqual(set.countsAt([7, 12]), [
    { time: 7, critical: 0, warning: 0, notice: 0 },
    { time: 12, critical: 0, warning: 0, notice: 0 },
  ]);
  set.replace(['a'], [{ id: 'a', severity: 'warning', f: 10, r: null } satisfies Row]);
  assert.deepEqual(set.countsAt([7, 12]), [
    { time: 7, critical: 0, warning: 0, notice: 0 },
    { time: 12, critical: 0, warning: 1, notice: 0 },
  ]);
  set.replace(['a'], [{ id: 'a', severity: 'warning', f: 10, r: 10 } satisfies Row]);
  assert.deepEqual(set.countsAt([10, 12]), [
    { time: 10, critical: 0, warning: 0, notice: 0 },
    { time: 12, critical: 0, warning: 0, notice: 0 },
  ]);
});
