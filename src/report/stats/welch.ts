/**
 * Welch's two-sample t test: the difference of two means with an interval and
 * a p-value that do not assume equal variances (Welch 1947). The t
 * distribution and the test come from @stdlib; this module only handles the
 * cases the library leaves as NaN (no spread on either side).
 *
 *   d = x̄a − x̄b,  se² = sa²/na + sb²/nb,
 *   df = se⁴ / ((sa²/na)²/(na−1) + (sb²/nb)²/(nb−1))   (Welch–Satterthwaite),
 *   CI = d ± t(1 − α/2, df)·se,  p = 2·P(T_df > |d|/se).
 */
import ttest2 from '@stdlib/stats-ttest2';
import { MIN_SEEDS_FOR_CI, summarize } from './summary.js';

export interface WelchResult {
  /** mean(a) − mean(b). */
  diff: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Standard error of the difference. */
  se: number;
  /** Two-sided confidence interval for the difference. */
  lo: number;
  hi: number;
  level: number;
  /** Two-sided p-value of H0: equal means. */
  p: number;
}

/** Welch's test of mean(a) − mean(b); null when either side has fewer than MIN_SEEDS_FOR_CI finite values. */
export function welch(a: readonly number[], b: readonly number[], level = 0.95): WelchResult | null {
  const sa = summarize(a), sb = summarize(b);
  if (!sa || !sb || sa.n < MIN_SEEDS_FOR_CI || sb.n < MIN_SEEDS_FOR_CI) return null;
  const diff = sa.mean - sb.mean;
  const va = sa.std! ** 2 / sa.n, vb = sb.std! ** 2 / sb.n;
  if (va + vb === 0) {
    // Every seed gave the same value on both sides: there is no seed-to-seed variation to test
    // against, so no p-value (NaN: the test is left out of any correction and separates nothing).
    return { diff, df: sa.n + sb.n - 2, se: 0, lo: diff, hi: diff, level, p: NaN };
  }
  const r = ttest2(a.filter(Number.isFinite), b.filter(Number.isFinite), { alpha: 1 - level, variance: 'unequal' });
  return { diff, df: r.df, se: Math.sqrt(va + vb), lo: r.ci[0]!, hi: r.ci[1]!, level, p: r.pValue };
}

/** Whether the interval excludes zero. */
export function ciExcludesZero(w: Pick<WelchResult, 'lo' | 'hi'>): boolean {
  return w.lo > 0 || w.hi < 0;
}
