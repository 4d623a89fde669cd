/**
 * Timing helpers for the benchmark (never used by tests: tests do not time).
 * Each measurement repeats until a minimum wall time has passed and reports the
 * best of several rounds, which is the least noise-prone statistic on a shared machine.
 */
export function timeIt(fn: () => void, minMs: number, rounds = 3): number {
  fn(); // warm-up: JIT tiers, wasm compilation, caches
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let iters = 0;
    const t0 = performance.now();
    let t = t0;
    do {
      fn();
      iters++;
      t = performance.now();
    } while (t - t0 < minMs);
    best = Math.min(best, (t - t0) / iters);
  }
  return best; // ms per call
}

export function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** Fixed-width table rows for the log. */
export function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 10)).join(' ');
}
