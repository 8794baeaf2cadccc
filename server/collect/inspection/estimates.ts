/** Figures from a sample, each with its 95% margin; a complete scan has no sampling error. */
import type { Estimate } from './inspection-facts.js';

const Z = 1.96;

/**
 * A share with its Wilson 95% interval (sound at small samples and at shares near 0 or 1). The interval is
 * not centred on the observed share, so the margin is its larger side: value ± margin covers it.
 */
export function shareEstimate(hits: number, n: number, complete: boolean): Estimate {
  if (n === 0) return { value: 0, sampled: 0, margin: 1 };
  const p = hits / n;
  if (complete) return { value: p, sampled: n, margin: 0 };
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { value: p, sampled: n, margin: Math.max(p - (centre - half), centre + half - p) };
}

/** Population total from a sample mean, with finite population correction. */
export function totalEstimate(values: number[], population: number, complete: boolean): Estimate {
  const n = values.length;
  const sum = values.reduce((a, b) => a + b, 0);
  if (n === 0) return { value: 0, sampled: 0, margin: 0 };
  if (complete) return { value: sum, sampled: n, margin: 0 };
  const mean = sum / n;
  const variance = n > 1 ? values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) : mean * mean;
  const fpc = population > n ? Math.sqrt(1 - n / population) : 0;
  return { value: mean * population, sampled: n, margin: Z * Math.sqrt(variance / n) * fpc * population };
}

/** The share of a total that a subset holds (ratio estimator): ys are the subset's values (0 outside), xs all. */
export function ratioEstimate(ys: number[], xs: number[], population: number, complete: boolean): Estimate {
  const n = xs.length;
  const sx = xs.reduce((a, b) => a + b, 0);
  if (n === 0 || sx === 0) return { value: 0, sampled: n, margin: 1 };
  const r = ys.reduce((a, b) => a + b, 0) / sx;
  if (complete) return { value: r, sampled: n, margin: 0 };
  const meanX = sx / n;
  const residual = ys.reduce((a, y, i) => a + (y - r * xs[i]) ** 2, 0) / Math.max(1, n - 1);
  const fpc = population > n ? Math.sqrt(1 - n / population) : 0;
  return { value: r, sampled: n, margin: Math.min(1, (Z * Math.sqrt(residual / n) * fpc) / meanX) };
}
