/**
 * Probability of improvement (Agarwal et al. 2021, "Deep RL at the Edge of the
 * Statistical Precipice", as rliable reports it): the chance that a seed of A
 * beats a seed of B, counting ties as half,
 *
 *   P(A > B) = (#{a > b} + ½·#{a = b}) / (na·nb)   over all pairs,
 *
 * which is the Mann–Whitney U statistic over na·nb. 0.5 means no tendency either way.
 * It is the observed share of seed pairs; rliable also bootstraps an interval for it, which
 * the report does not (with 2–5 seeds such an interval would be mostly width).
 */

/** P(A > B), or null when a side is empty. */
export function probabilityOfImprovement(a: readonly number[], b: readonly number[]): number | null {
  // Non-finite values are dropped, as summarize and welch drop them.
  a = a.filter(Number.isFinite);
  b = b.filter(Number.isFinite);
  if (a.length === 0 || b.length === 0) return null;
  let wins = 0;
  for (const x of a) for (const y of b) wins += x > y ? 1 : x === y ? 0.5 : 0;
  return wins / (a.length * b.length);
}
