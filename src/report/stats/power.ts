/**
 * How many seeds would tell two configurations apart: the smallest n per side
 * for which a two-sided two-sample t test at level α detects a true effect of
 * Cohen's d with probability (power) at least 0.8 (Cohen 1988, ch. 2; the
 * same quantity as statsmodels' TTestIndPower.solve_power, rounded up).
 *
 * Under the alternative the t statistic follows a noncentral t with
 * df = 2n − 2 and noncentrality δ = d·√(n/2), so
 *
 *   power(n) = P(T′ > c) + P(T′ < −c),  c = t(1 − α/2, df).
 *
 * T′ = (Z + δ)/W with W = √(V/df), V ~ χ²(df), hence
 * P(T′ > c) = E_W[1 − Φ(c·W − δ)] and P(T′ < −c) = E_W[Φ(−c·W − δ)];
 * the expectation over W is integrated numerically (Simpson's rule on W's
 * density), with Φ, the t quantile and ln Γ from @stdlib.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import gammaln from '@stdlib/math-base-special-gammaln';

/** The power the seeds-needed figure is for. */
export const TARGET_POWER = 0.8;
/** Beyond this many seeds per configuration the figure says "more than". */
export const MAX_SEEDS = 10_000;

/** Simpson intervals over W's support: the integrand is smooth, so the error is far below what rounding n up hides. */
const STEPS = 2000;

/** ln of the density of W = √(χ²(df)/df) at w > 0. */
function logDensityW(w: number, df: number): number {
  const k = df / 2;
  return Math.log(2) + k * Math.log(k) - gammaln(k) + (df - 1) * Math.log(w) - k * w * w;
}

/** Power of the two-sided two-sample t test with n seeds per side against an effect of size d. */
export function tTestPower(n: number, d: number, alpha = 0.05): number {
  const df = 2 * n - 2;
  const delta = Math.abs(d) * Math.sqrt(n / 2);
  const c = tQuantile(1 - alpha / 2, df);
  // W concentrates around 1 with sd ≈ 1/√(2·df); 12 sd either side holds all its mass that matters.
  const sd = 1 / Math.sqrt(2 * df);
  const lo = Math.max(0, 1 - 12 * sd), hi = 1 + 12 * sd + (df < 10 ? 4 : 0);
  const h = (hi - lo) / STEPS;
  let s = 0;
  for (let i = 0; i <= STEPS; i++) {
    const w = lo + i * h;
    if (w <= 0) continue; // the density is 0 at w = 0 for df ≥ 2
    const f = Math.exp(logDensityW(w, df));
    const g = 1 - normalCdf(c * w - delta, 0, 1) + normalCdf(-c * w - delta, 0, 1);
    s += (i === 0 || i === STEPS ? 1 : i % 2 === 1 ? 4 : 2) * f * g;
  }
  return Math.min(1, (s * h) / 3);
}

/**
 * Seeds per configuration for power TARGET_POWER at level alpha against effect size d:
 * null when there is no effect to detect (d = 0 or not finite) or more than MAX_SEEDS would be needed.
 */
export function seedsNeeded(d: number, alpha = 0.05, power = TARGET_POWER): number | null {
  if (!Number.isFinite(d) || d === 0) return null;
  if (tTestPower(2, d, alpha) >= power) return 2;
  // Power rises with n: double until it is reached, then bisect for the smallest n.
  let lo = 2, hi = 4;
  while (tTestPower(hi, d, alpha) < power) {
    lo = hi;
    hi *= 2;
    if (hi > MAX_SEEDS) return tTestPower(MAX_SEEDS, d, alpha) >= power ? bisect(lo, MAX_SEEDS, d, alpha, power) : null;
  }
  return bisect(lo, hi, d, alpha, power);
}

/** Smallest n in (lo, hi] with enough power, given power(lo) < target ≤ power(hi). */
function bisect(lo: number, hi: number, d: number, alpha: number, power: number): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (tTestPower(mid, d, alpha) >= power) hi = mid;
    else lo = mid;
  }
  return hi;
}
