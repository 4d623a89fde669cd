import { describe, expect, it } from 'vitest';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { summarize } from '../../../src/report/stats/summary.js';
import { welch } from '../../../src/report/stats/welch.js';

describe('summarize', () => {
  it('gives mean, sample std (n − 1), min, max', () => {
    // [1, 2, 3, 4]: mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / 3 → std √(5/3) = 1.2909944
    const s = summarize([1, 2, 3, 4])!;
    expect(s.n).toBe(4);
    expect(s.mean).toBe(2.5);
    expect(s.std).toBeCloseTo(1.2909944, 7); // the population std would be √(5/4) = 1.118
    expect([s.min, s.max]).toEqual([1, 4]);
  });

  it('has no std for one value and skips non-finite values', () => {
    expect(summarize([0.9])!.std).toBeNull();
    const s = summarize([0.9, NaN, Infinity, 0.7])!;
    expect(s.n).toBe(2);
    expect(s.mean).toBeCloseTo(0.8, 12);
    expect(s.std).toBeCloseTo(Math.SQRT2 * 0.1, 12); // deviations ±0.1 → (0.02 / 1) → 0.14142
    expect(summarize([NaN])).toBeNull();
  });

  it('keeps a tiny spread of large values exact (two-pass variance)', () => {
    const s = summarize([1e9 + 1, 1e9 + 2, 1e9 + 3])!;
    expect(s.std).toBeCloseTo(1, 9);
  });
});

describe('welch', () => {
  it('equal variances and sizes: df = 2(n − 1) and the table t', () => {
    // a = [1,2,3]: mean 2, s² = 1; b = [3,4,5]: mean 4, s² = 1.
    // va = vb = 1/3, se = √(2/3) = 0.8164966; df = (2/3)² / (2·(1/3)²/2) = 4; t(0.975, 4) = 2.776
    // CI = −2 ± 2.776 · 0.8164966 = −2 ± 2.26659 → [−4.26659, 0.26659]
    const w = welch([1, 2, 3], [3, 4, 5])!;
    expect(w.diff).toBe(-2);
    expect(w.df).toBeCloseTo(4, 12);
    expect(w.se).toBeCloseTo(0.8164966, 7);
    expect(w.lo).toBeCloseTo(-4.26659, 3);
    expect(w.hi).toBeCloseTo(0.26659, 3);
  });

  it('unequal variances: the Welch–Satterthwaite df, not n1 + n2 − 2', () => {
    // a = [1,2,3]: s² = 1; b = [4,6,8]: s² = 4. va = 1/3, vb = 4/3, se = √(5/3) = 1.2909944
    // df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = (25/9) / (17/18) = 50/17 = 2.9411765 (a pooled test would use 4)
    const w = welch([1, 2, 3], [4, 6, 8])!;
    expect(w.df).toBeCloseTo(50 / 17, 10);
    expect(w.se).toBeCloseTo(1.2909944, 7);
    const t = (w.hi - w.lo) / (2 * w.se);
    expect(t).toBeCloseTo(tQuantile(0.975, 50 / 17), 10);
    expect(t).toBeGreaterThan(3.182); // df < 3, so wider than t(0.975, 3)
    expect(t).toBeLessThan(4.303);
    // t(0.975, 2.941) = 3.21876 (interpolating the table between df 2 and 3 in 1/df;
    // cross-checked with scipy.stats.t.ppf): CI = −4 ± 3.21876 · 1.2909944 = [−8.15540, 0.15540]
    expect(t).toBeCloseTo(3.21876, 4);
    expect(w.diff).toBe(-4);
    expect(w.lo).toBeCloseTo(-8.1554, 3);
    expect(w.hi).toBeCloseTo(0.1554, 3); // includes zero, though the pooled t (df 4) would have excluded it
  });

  it('needs at least two values on each side', () => {
    expect(welch([1], [1, 2, 3])).toBeNull();
  });

  it('collapses to the difference when neither side varies', () => {
    const w = welch([0.5, 0.5], [0.25, 0.25, 0.25])!;
    expect([w.diff, w.lo, w.hi, w.se]).toEqual([0.25, 0.25, 0.25, 0]);
  });
});
