import { describe, expect, it } from 'vitest';
import {
  incompleteBeta, lnGamma, normalCdf, studentTCdf, studentTQuantile, summarize, welch,
} from '../../src/report/stats.js';

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

describe('special functions', () => {
  it('lnGamma matches factorials and Γ(1/2) = √π', () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('incomplete beta: I_x(1,1) = x, I_x(a,b) = 1 − I_{1−x}(b,a), I_x(2,2) = 3x² − 2x³', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.2, 2, 2)).toBeCloseTo(3 * 0.04 - 2 * 0.008, 12);
    expect(incompleteBeta(0.37, 2.5, 4)).toBeCloseTo(1 - incompleteBeta(0.63, 4, 2.5), 12);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });

  it('normal CDF at table points', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it('t CDF: symmetric, and t with 1 df is Cauchy (F(1) = 3/4)', () => {
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 10);
    expect(studentTCdf(-1.3, 4) + studentTCdf(1.3, 4)).toBeCloseTo(1, 12);
    expect(() => studentTCdf(1, 0)).toThrow(/degrees of freedom/);
  });
});

describe('studentTQuantile against printed t tables', () => {
  // Two-sided 95% (p = 0.975) column of a standard t table.
  const table: [number, number][] = [
    [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [10, 2.228], [20, 2.086], [30, 2.042], [120, 1.980],
  ];
  for (const [df, t] of table) {
    it(`t(0.975, ${df}) = ${t}`, () => expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3));
  }
  it('t(0.975, ∞) ≈ 1.960 and very large df approach it', () => {
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.96, 3);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.96, 3);
  });
  it('other columns: t(0.95, 5) = 2.015, t(0.995, 10) = 3.169, t(0.9995, 1) = 636.62', () => {
    expect(studentTQuantile(0.95, 5)).toBeCloseTo(2.015, 3);
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.169, 3);
    expect(studentTQuantile(0.9995, 1)).toBeCloseTo(636.62, 1);
  });
  it('is odd around the median and lies between neighbouring integer df for fractional df', () => {
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228, 3);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    const t = studentTQuantile(0.975, 2.5);
    expect(t).toBeCloseTo(3.57465, 4); // scipy.stats.t.ppf(0.975, 2.5)
    expect(t).toBeGreaterThan(3.182);
    expect(t).toBeLessThan(4.303);
    expect(() => studentTQuantile(1, 3)).toThrow(/p must be/);
  });
});

describe('welch', () => {
  it('equal variances and sizes: df = 2(n − 1) and the table t', () => {
    // a = [1,2,3]: mean 2, s² = 1; b = [3,4,5]: mean 4, s² = 1.
    // va = vb = 1/3, se = √(2/3) = 0.8164966; df = (2/3)² / (2·(1/3)²/2) = 4; t(0.975, 4) = 2.776
    // CI = −2 ± 2.776 · 0.8164966 = −2 ± 2.26659 → [−4.26659, 0.26659]
    const w = welch(summarize([1, 2, 3])!, summarize([3, 4, 5])!)!;
    expect(w.diff).toBe(-2);
    expect(w.df).toBeCloseTo(4, 12);
    expect(w.se).toBeCloseTo(0.8164966, 7);
    expect(w.lo).toBeCloseTo(-4.26659, 3);
    expect(w.hi).toBeCloseTo(0.26659, 3);
  });

  it('unequal variances: the Welch–Satterthwaite df, not n1 + n2 − 2', () => {
    // a = [1,2,3]: s² = 1; b = [4,6,8]: s² = 4. va = 1/3, vb = 4/3, se = √(5/3) = 1.2909944
    // df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = (25/9) / (17/18) = 50/17 = 2.9411765 (a pooled test would use 4)
    const w = welch(summarize([1, 2, 3])!, summarize([4, 6, 8])!)!;
    expect(w.df).toBeCloseTo(50 / 17, 10);
    expect(w.se).toBeCloseTo(1.2909944, 7);
    const t = (w.hi - w.lo) / (2 * w.se);
    expect(t).toBeCloseTo(studentTQuantile(0.975, 50 / 17), 10);
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
    expect(welch(summarize([1])!, summarize([1, 2, 3])!)).toBeNull();
  });

  it('collapses to the difference when neither side varies', () => {
    const w = welch(summarize([0.5, 0.5])!, summarize([0.25, 0.25, 0.25])!)!;
    expect([w.diff, w.lo, w.hi, w.se]).toEqual([0.25, 0.25, 0.25, 0]);
  });
});
