/**
 * Expected best validation score against the number of tuning trials (Dodge et al. 2019,
 * "Show Your Work: Improved Reporting of Experimental Results", §3): given the n trial scores
 * a search found, the expected maximum of k trials drawn with replacement from them is exact:
 *
 *   sort v(1) ≤ … ≤ v(n);  E[max of k] = Σ_i v(i) · ((i/n)^k − ((i−1)/n)^k)
 *
 * because P(max of k = v(i)) = P(all k ≤ v(i)) − P(all k ≤ v(i−1)). A method whose curve is still
 * rising at k = n would likely gain from a bigger budget; one that wins only at large k won
 * because it got more search, not because it is better at a given budget.
 */

/** E[max of k draws] for k = 1 … n (index k − 1). Lower-is-better scores: pass higherBetter false for the expected minimum. */
export function expectedMaxCurve(scores: readonly number[], higherBetter = true): number[] {
  const n = scores.length;
  if (n === 0) return [];
  const s = scores.map((v) => (higherBetter ? v : -v)).sort((a, b) => a - b);
  const out: number[] = [];
  for (let k = 1; k <= n; k++) {
    let e = 0;
    for (let i = 1; i <= n; i++) e += s[i - 1]! * ((i / n) ** k - ((i - 1) / n) ** k);
    out.push(higherBetter ? e : -e);
  }
  return out;
}
