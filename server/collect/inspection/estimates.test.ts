import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ratioEstimate, shareEstimate, totalEstimate } from './estimates.js';

test('a share carries the Wilson interval, wider at small samples, none for a complete scan', () => {
  const small = shareEstimate(30, 30, false);
  assert.equal(small.value, 1);
  // Wilson lower bound of 30/30 at 95% is 0.886.
  assert.ok(Math.abs(1 - small.margin - 0.886) < 0.002, String(small.margin));
  const half = shareEstimate(500, 1000, false);
  assert.ok(Math.abs(half.margin - 0.031) < 0.001, String(half.margin));
  assert.equal(shareEstimate(500, 1000, true).margin, 0);
  assert.equal(shareEstimate(0, 0, false).margin, 1);
});

test('totals and ratios shrink their margin with the finite population and vanish when complete', () => {
  const values = Array.from({ length: 100 }, (_, i) => (i % 2 ? 100 : 300));
  const sampled = totalEstimate(values, 10_000, false);
  assert.equal(sampled.value, 200 * 10_000);
  assert.ok(sampled.margin > 0 && sampled.margin < sampled.value / 5);
  assert.equal(totalEstimate(values, 100, false).margin, 0);
  const ratio = ratioEstimate(
    values.map((v) => (v === 300 ? v : 0)),
    values,
    10_000,
    false
  );
  assert.equal(ratio.value, 0.75);
  assert.ok(ratio.margin > 0 && ratio.margin < 0.2, String(ratio.margin));
  assert.equal(ratioEstimate(values, values, 100, true).margin, 0);
});
