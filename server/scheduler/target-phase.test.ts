/**
 * Each target's runs fall at its own point in the interval (target-phase.ts): runs stay an interval apart
 * within the allowed shift, a target on its slot stays there however late a run starts, one off it gets
 * there, and a fleet whose first runs all came at once is spread evenly over the interval a few runs later.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { nearestSlot, nextRunAt, phaseOf } from './target-phase.js';

const MINUTE = 60_000;
const SHIFT = 0.1;
const ids = fc.uuid();
const instants = fc.integer({ min: 1.7e12, max: 1.9e12 });
const intervals = fc.integer({ min: 1_000, max: 3_600_000 });

test('a phase is a fraction of the interval, the same for the same target', () => {
  fc.assert(
    fc.property(ids, (id) => {
      const phase = phaseOf(id);
      assert.ok(phase >= 0 && phase < 1, String(phase));
      assert.equal(phaseOf(id), phase);
    })
  );
});

test('two runs of a target are an interval +- the allowed shift apart', () => {
  fc.assert(
    fc.property(ids, intervals, instants, (id, interval, endedAt) => {
      const gap = nextRunAt(id, interval, endedAt, SHIFT) - endedAt;
      assert.ok(Math.abs(gap - interval) <= SHIFT * interval + 0.01, `gap ${gap} for interval ${interval}`);
    })
  );
});

test('on its slot, a run that started late does not move the next: it is due on the next slot', () => {
  fc.assert(
    fc.property(ids, intervals, instants, fc.double({ min: 0, max: SHIFT, noNaN: true }), (id, interval, at, late) => {
      const slot = nearestSlot(id, interval, at);
      const endedAt = slot + late * interval;
      assert.ok(Math.abs(nextRunAt(id, interval, endedAt, SHIFT) - (slot + interval)) < 0.01);
    })
  );
});

test('off its slot, a target gets there within the runs the shift allows (half an interval away at most)', () => {
  fc.assert(
    fc.property(ids, intervals, instants, (id, interval, start) => {
      let at = start;
      for (let run = 0; run < Math.ceil(0.5 / SHIFT); run++) at = nextRunAt(id, interval, at, SHIFT);
      assert.ok(
        Math.abs(at - nearestSlot(id, interval, at)) < 0.01,
        `still ${at - nearestSlot(id, interval, at)} ms off`
      );
    })
  );
});

test('a fleet whose first runs came together is spread evenly over the interval five runs later', () => {
  const fleet = Array.from({ length: 5_000 }, () => randomUUID());
  // Every first run ended within the same 10 s, as when a sidecar starts with its whole fleet provisioned.
  const t0 = 1.8e12;
  let ends = fleet.map(() => t0 + Math.random() * 10_000);
  const perTenSeconds = (at: number[]) => {
    const counts = Array.from({ length: 6 }, () => 0);
    for (const t of at) counts[Math.floor((((t % MINUTE) + MINUTE) % MINUTE) / 10_000)]++;
    return counts;
  };
  // Runs an interval after the last, as before target phases: the whole fleet stays within 10 s of a minute.
  assert.equal(perTenSeconds(ends.map((t) => t + MINUTE)).filter((n) => n > 0).length, 1);
  for (let run = 0; run < 5; run++) ends = fleet.map((id, i) => nextRunAt(id, MINUTE, ends[i], SHIFT));
  // Each sixth of the minute holds a sixth of the fleet (833), within what chance leaves.
  for (const n of perTenSeconds(ends)) assert.ok(n > 700 && n < 970, `per 10 s: ${perTenSeconds(ends).join(', ')}`);
});
