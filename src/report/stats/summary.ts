/** Descriptive statistics of one configuration's seeds. */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Summary {
  n: number;
  mean: number;
  /** Sample standard deviation (divides by n − 1); null when n < 2. */
  std: number | null;
  min: number;
  max: number;
}

/** Summary of the finite values in xs, or null if there are none. */
export function summarize(xs: readonly number[]): Summary | null {
  const v = xs.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return null;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  // Two-pass variance: subtracting the mean first keeps small spreads of large values exact.
  const ss = v.reduce((a, b) => a + (b - mean) ** 2, 0);
  const min = Math.min(...v), max = Math.max(...v);
  // Identical values have no spread, but their rounded mean can differ from them by
  // an ulp and leave a std of ~1e-17; say 0, which is also what Welch's interval needs.
  const std = n < 2 ? null : min === max ? 0 : Math.sqrt(ss / (n - 1));
  return { n, mean, std, min, max };
}

/** Seeds needed on each side before an interval or a test is computed. */
export const MIN_SEEDS_FOR_CI = 2;

/**
 * Two-sided t interval for the mean: mean ± t(1 − (1 − level)/2, n − 1) · s/√n. Null with fewer
 * than two values (no spread to measure). The report's per-cell interval (scipy.stats.t.interval).
 */
export function tInterval(s: Summary, level = 0.95): { lo: number; hi: number } | null {
  if (s.std === null || s.n < 2) return null;
  const half = tQuantile(1 - (1 - level) / 2, s.n - 1) * s.std / Math.sqrt(s.n);
  return { lo: s.mean - half, hi: s.mean + half };
}
