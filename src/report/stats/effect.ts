/**
 * Effect size: Cohen's d, the difference of means in units of the pooled
 * standard deviation (Cohen 1988),
 *
 *   d = (x̄a − x̄b) / sp,   sp² = ((na − 1)·sa² + (nb − 1)·sb²) / (na + nb − 2).
 *
 * Rough reading: 0.2 small, 0.5 medium, 0.8 large. It says how far apart two
 * configurations are relative to seed noise, whatever the number of seeds.
 */
import { summarize } from './summary.js';

/** Cohen's d of a − b; null with fewer than 2 values on a side; ±Infinity when neither side varies but the means differ. */
export function cohensD(a: readonly number[], b: readonly number[]): number | null {
  const sa = summarize(a), sb = summarize(b);
  if (!sa || !sb || sa.n < 2 || sb.n < 2) return null;
  const pooled = ((sa.n - 1) * sa.std! ** 2 + (sb.n - 1) * sb.std! ** 2) / (sa.n + sb.n - 2);
  const diff = sa.mean - sb.mean;
  if (pooled === 0) return diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
  return diff / Math.sqrt(pooled);
}
