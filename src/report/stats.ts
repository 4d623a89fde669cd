/**
 * Descriptive statistics and Welch's two-sample interval, written out by hand
 * so that every number in a report can be traced to a formula in this file.
 */

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

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; ~15 significant digits). */
export function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x); // reflection
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the incomplete beta (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d; h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  // The fraction converges fast only on one side of the mean; use symmetry on the other.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Standard normal CDF via erfc (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
    t * (-0.82215223 + t * 0.17087277)))))))));
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** CDF of Student's t with df degrees of freedom (df may be fractional, as Welch's is; Infinity = normal). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new Error(`studentTCdf: degrees of freedom must be positive, got ${df}`);
  if (!Number.isFinite(df) || df > 1e7) return normalCdf(t);
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2)
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (0 < p < 1), by bisection on the CDF, which is monotone. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`studentTQuantile: p must be in (0, 1), got ${p}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) {
    hi *= 2;
    if (hi > 1e12) return Infinity;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Seeds needed on each side before a Welch interval is computed. */
export const MIN_SEEDS_FOR_CI = 2;

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
}

/**
 * Welch's interval for mean(a) − mean(b), which does not assume equal variances.
 * Null when either side has fewer than MIN_SEEDS_FOR_CI values (no variance estimate).
 */
export function welch(a: Summary, b: Summary, level = 0.95): WelchResult | null {
  if (a.n < MIN_SEEDS_FOR_CI || b.n < MIN_SEEDS_FOR_CI || a.std === null || b.std === null) return null;
  const va = (a.std * a.std) / a.n;
  const vb = (b.std * b.std) / b.n;
  const diff = a.mean - b.mean;
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    // Both sides identical across seeds: the interval collapses onto the difference.
    return { diff, df: a.n + b.n - 2, se: 0, lo: diff, hi: diff, level };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = studentTQuantile(1 - (1 - level) / 2, df);
  return { diff, df, se, lo: diff - t * se, hi: diff + t * se, level };
}
