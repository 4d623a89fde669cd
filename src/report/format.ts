/** Number and cell formatting shared by the HTML page and its Markdown twin. */
import type { CellStats } from './aggregate.js';
import type { WelchResult } from './stats/index.js';
import { ACCURACY, type Score } from './model.js';

/** A number to `digits` significant digits; exponents only for very large or small magnitudes. */
export function fmt(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e5 || a < 1e-4) return x.toExponential(digits - 1).replace('-', '−');
  if (Number.isInteger(x) && a < 1e5) return String(x).replace('-', '−');
  return x.toPrecision(digits).replace('-', '−');
}

/** A run's recorded value in the per-run tables: a missing or NaN value (a diverged run has no test accuracy) is a dash, not "NaN". */
export function runValue(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? '—' : fmt(x);
}

/** What the per-run tables' values are, for their caption. */
export function runValuesNote(score: Score = ACCURACY): string {
  return `Values of each run's last completed epoch (the epochs column): a diverged run shows where it was before it diverged, and has no ${score.testValues} (—).`;
}

/** Relative size below which a standard deviation is floating-point noise, not spread. */
export const STD_NOISE = 1e-12;

/** A standard deviation to 2 significant digits; float noise (std < 1e-12·|mean|) shows as 0, not as 1.7e−17. */
export function fmtStd(std: number, mean: number): string {
  return Math.abs(std) < STD_NOISE * Math.abs(mean) ? '0' : fmt(std, 2);
}

/** "0.9123 ± 0.0043" (± only with ≥ 2 seeds). */
export function meanStd(c: CellStats): string {
  if (!c.stats) return '—';
  return c.stats.std === null ? fmt(c.stats.mean) : `${fmt(c.stats.mean)} ± ${fmtStd(c.stats.std, c.stats.mean)}`;
}

/** The small print under a cell: k/n seeds that succeeded, what happened to the rest, and the survivor-only mean. */
export function cellNotes(c: CellStats, missingWord = 'no value'): string[] {
  const notes: string[] = [];
  if (c.total === 0) return notes;
  const n = c.stats?.n ?? 0;
  if (c.completed < c.total) notes.push(`${c.completed}/${c.total} succeeded`);
  else notes.push(`n=${n}`);
  if (c.failedToLearn > 0) notes.push(`failed to learn ${c.failedToLearn}`);
  if (c.diverged > 0) notes.push(`diverged ${c.diverged}`);
  if (c.failed > 0) notes.push(`failed ${c.failed}`);
  if (c.other > 0) notes.push(`not finished ${c.other}`);
  if (c.unscored > 0) notes.push(`${c.unscored} not scored (no epoch-0 rows): not ranked`);
  else if (c.missing > 0) notes.push(`${missingWord} ${c.missing}`);
  if (c.completed < c.total && c.survivors && c.stats) notes.push(`survivors only: ${fmt(c.survivors.mean)} (n=${c.survivors.n})`);
  return notes;
}

export function signed(x: number, digits = 3): string {
  return (x >= 0 ? '+' : '') + fmt(x, digits);
}

/** "+0.012 [0.003, 0.021]" */
export function diffWithCi(w: WelchResult): string {
  return `${signed(w.diff)} [${fmt(w.lo, 3)}, ${fmt(w.hi, 3)}]`;
}

export { ciExcludesZero } from './stats/index.js';

/** A p-value: "< 0.001" below that, else 2 significant digits. */
export function fmtP(p: number): string {
  if (!Number.isFinite(p)) return '—';
  return p < 0.001 ? '< 0.001' : fmt(p, 2);
}

export function duration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60), h = Math.floor(m / 60);
  return h > 0 ? `${h} h ${m % 60} min` : `${m} min ${Math.round(seconds % 60)} s`;
}

/** A summary cell as a main line and its notes; a cell with no usable seed says why instead of showing a number. */
export function cellDisplay(c: CellStats, missingWord = 'no value'): { main: string; notes: string[] } {
  if (c.total === 0) return { main: '—', notes: [] };
  const notes = cellNotes(c, missingWord);
  if (c.stats) return { main: meanStd(c), notes };
  if (c.unscored > 0 && c.survivors) return { main: `${fmt(c.survivors.mean)} (survivors only)`, notes: notes.filter((n) => !n.startsWith('survivors only')) };
  if (c.completed + c.failedToLearn + c.diverged + c.failed === 0 && c.other > 0) return { main: `pending ${c.other}/${c.total}`, notes: [] };
  if (c.diverged === c.total) return { main: `diverged ${c.diverged}/${c.total}`, notes: [] };
  if (c.failed === c.total) return { main: `failed ${c.failed}/${c.total}`, notes: [] };
  if (c.other === c.total) return { main: `pending ${c.other}/${c.total}`, notes: [] };
  // Completed seeds without a value (e.g. never reached the target): say that rather than a bare dash.
  if (c.missing > 0) return { main: `${missingWord} ${c.missing}/${c.total}`, notes: notes.filter((n) => !n.startsWith(missingWord) && !n.startsWith('n=0')) };
  return { main: '—', notes };
}

/** A run's configuration from its own swept values ("variant lr=0.1 trial=3"), for runs outside the tables' groups. */
export function sweptLabel(r: { variant: string; swept: Record<string, string> }): string {
  return [r.variant, ...Object.entries(r.swept).map(([k, v]) => `${k.split('.').pop()}=${v}`)].filter(Boolean).join(' ');
}
