/**
 * Helpers for name → constructor registries: one clear error for an unknown
 * name, listing the valid ones and suggesting the closest when it is cheap.
 */

/** Levenshtein distance (small strings only: registry names). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The valid name closest to `name`, if it is close enough to be a typo. */
export function didYouMean(name: string, valid: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const v of valid) {
    const d = editDistance(name.toLowerCase(), v);
    if (d < bestD) { bestD = d; best = v; }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : null;
}

/** "unknown activation 'rleu' (did you mean 'relu'?); valid: relu, leaky_relu, ..." */
export function unknownNameMessage(what: string, name: string, valid: readonly string[]): string {
  const hint = didYouMean(name, valid);
  return `unknown ${what} '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}; valid: ${valid.join(', ')}`;
}
