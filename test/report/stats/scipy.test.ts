/**
 * Every statistic of the report against scipy/statsmodels values computed by
 * test/report/fixtures/stats.py and committed as stats.json.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bootstrapDiff, cohensD, expectedMaxCurve, holm, summarize, tInterval, probabilityOfImprovement, seedsNeeded, tTestPower, welch,
} from '../../../src/report/stats/index.js';

interface PairFixture {
  name: string;
  a: number[];
  b: number[];
  welch: { diff: number; df: number; p: number; lo: number; hi: number };
  bootstrap: { lo: number; hi: number; se: number };
  p_improvement: number;
  cohens_d: number;
  seeds_needed: number | null;
  seeds_needed_exact: number;
}

const fixtures = JSON.parse(fs.readFileSync(new URL('../fixtures/stats.json', import.meta.url), 'utf8')) as {
  pairs: PairFixture[];
  power: { n: number; d: number; power: number }[];
  holm: { p: number[]; adjusted: number[] }[];
  expected_max: { scores: number[]; curve: number[] }[];
  t_interval: { xs: number[]; lo: number; hi: number }[];
};

describe.each(fixtures.pairs)('$name', (f) => {
  it('Welch: difference, df, p-value and 95% interval match scipy.stats.ttest_ind(equal_var=False)', () => {
    const w = welch(f.a, f.b)!;
    expect(w.diff).toBeCloseTo(f.welch.diff, 12);
    expect(w.df).toBeCloseTo(f.welch.df, 9);
    expect(w.p).toBeCloseTo(f.welch.p, 9);
    expect(w.lo).toBeCloseTo(f.welch.lo, 9);
    expect(w.hi).toBeCloseTo(f.welch.hi, 9);
  });

  it('percentile bootstrap agrees with scipy.stats.bootstrap within Monte-Carlo error, and is seeded', () => {
    const ci = bootstrapDiff(f.a, f.b, f.name)!;
    // Each endpoint of a 10,000-resample percentile interval wanders by ~0.03 bootstrap SE between
    // generators; with few seeds the resampled means are discrete, so allow 0.2 SE.
    expect(Math.abs(ci.lo - f.bootstrap.lo)).toBeLessThan(0.2 * f.bootstrap.se);
    expect(Math.abs(ci.hi - f.bootstrap.hi)).toBeLessThan(0.2 * f.bootstrap.se);
    expect(bootstrapDiff(f.a, f.b, f.name)).toEqual(ci);
  });

  it('P(A > B) equals scipy Mann–Whitney U / (na·nb)', () => {
    expect(probabilityOfImprovement(f.a, f.b)).toBeCloseTo(f.p_improvement, 12);
  });

  it("Cohen's d (pooled sd) and the seeds for power 0.8 match statsmodels' TTestIndPower.solve_power, rounded up", () => {
    expect(cohensD(f.a, f.b)).toBeCloseTo(f.cohens_d, 10);
    expect(seedsNeeded(cohensD(f.a, f.b)!)).toBe(f.seeds_needed);
  });
});

describe('power of the two-sample t test', () => {
  it.each(fixtures.power)('n = $n, d = $d: statsmodels says $power', ({ n, d, power }) => {
    expect(tTestPower(n, d)).toBeCloseTo(power, 6);
  });

  it('is what seedsNeeded inverts: enough power at n, not at n − 1', () => {
    for (const d of [0.3, 0.8, 1.7]) {
      const n = seedsNeeded(d)!;
      expect(tTestPower(n, d)).toBeGreaterThanOrEqual(0.8);
      expect(tTestPower(n - 1, d)).toBeLessThan(0.8);
    }
    expect(seedsNeeded(0)).toBeNull();
    expect(seedsNeeded(0.001)).toBeNull(); // more than 10,000 seeds
  });
});

describe('Holm', () => {
  it.each(fixtures.holm)('$p → statsmodels multipletests(method="holm")', ({ p, adjusted }) => {
    holm(p).forEach((x, i) => expect(x).toBeCloseTo(adjusted[i]!, 12));
  });

  it('leaves tests that could not be run out of the family', () => {
    const adj = holm([0.01, NaN, 0.04]);
    expect(adj[1]).toBeNaN();
    expect(adj[0]).toBeCloseTo(0.02, 12);
    expect(adj[2]).toBeCloseTo(0.04, 12);
  });
});

describe('expected maximum of k trials (Dodge et al. 2019)', () => {
  it.each(fixtures.expected_max)('$scores → the mean over every one of the n^k draws', ({ scores, curve }) => {
    const got = expectedMaxCurve(scores);
    expect(got).toHaveLength(scores.length);
    curve.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    // k = 1 is the mean; the curve never falls and ends at most at the best score.
    expect(got[0]).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / scores.length, 12);
    for (let k = 1; k < got.length; k++) expect(got[k]! >= got[k - 1]! - 1e-15).toBe(true);
    expect(got[got.length - 1]! <= Math.max(...scores) + 1e-15).toBe(true);
  });

  it('gives the expected minimum for lower-is-better scores', () => {
    const losses = [0.4, 0.2, 0.9];
    expect(expectedMaxCurve(losses, false)).toEqual(expectedMaxCurve(losses.map((x) => -x)).map((x) => -x));
  });
});

describe('t interval of a mean', () => {
  it.each(fixtures.t_interval)('$xs → scipy.stats.t.interval(0.95, n − 1, mean, sem)', ({ xs, lo, hi }) => {
    const ci = tInterval(summarize(xs)!)!;
    expect(ci.lo).toBeCloseTo(lo, 10);
    expect(ci.hi).toBeCloseTo(hi, 10);
  });
  it('has none for one value', () => expect(tInterval(summarize([0.5])!)).toBeNull());
});
