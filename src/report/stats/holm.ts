/**
 * Holm's step-down correction (Holm 1979): when a claim is picked from m
 * comparisons, the smallest p-value is multiplied by m, the next by m − 1, …,
 * each kept at least as large as the one before. Rejecting where the adjusted
 * p < α keeps the chance of any false claim in the family at most α.
 * The adjustment is @stdlib's padjust.
 */
import padjust from '@stdlib/stats-padjust';

/** Holm-adjusted p-values, in the order given; NaN entries (no test possible) stay NaN and do not count. */
export function holm(ps: readonly number[]): number[] {
  const idx = ps.map((p, i) => [p, i] as const).filter(([p]) => Number.isFinite(p));
  if (idx.length === 0) return ps.map(() => NaN);
  const adj = padjust(idx.map(([p]) => p), 'holm');
  const out = ps.map(() => NaN);
  idx.forEach(([, i], k) => { out[i] = Math.min(1, adj[k]!); });
  return out;
}

/** The family-wise error rate of each table's claims (Holm is applied per table: per variant or slice). */
export const ALPHA = 0.05;
