/**
 * The comparisons table of a summary table, as plain text cells: html.ts and
 * markdown.ts lay out the same rows. Each row is one claim of the table's
 * family (each column's leader against another row, or a level against the
 * base), with every statistic of docs/report.md and the Holm-corrected verdict.
 */
import type { Comparison, SummaryTable } from './aggregate.js';
import { fmt, fmtP, signed } from './format.js';
import { verdictText } from './headline.js';
import { MIN_SEEDS_FOR_CI } from './stats/index.js';

/** Rows shown before the rest of the table is folded away. */
export const FOLD_ROWS = 12;

function axis(key: string | null, v: string): string {
  return key === 'variant' ? v || '(base)' : v;
}

export function comparisonTitle(t: SummaryTable): string {
  return t.family === 'base' ? 'Each level against the base' : 'Each column\'s leader against the other rows';
}

export function comparisonHead(t: SummaryTable): string[] {
  const [first, second] = t.family === 'base' ? ['level', 'base'] : ['leader', 'other'];
  return [
    ...(t.colKey && t.family === 'leader' ? [t.colKey] : []), first, second, 'difference', '95% Welch CI', '95% bootstrap CI',
    `P(${first} ahead)`, "Cohen's d", 'p (Welch)', 'p (Holm)', 'seeds', 'verdict',
  ];
}

export function comparisonCells(t: SummaryTable, k: Comparison): string[] {
  const w = k.welch;
  const key = t.family === 'base' ? t.colKey : t.rowKey;
  const diff = w ? w.diff : k.sa && k.sb ? k.sa.mean - k.sb.mean : null;
  return [
    ...(t.colKey && t.family === 'leader' ? [axis(t.colKey, k.column)] : []),
    axis(key, k.a), axis(key, k.b),
    diff === null ? '—' : signed(diff),
    w ? `${fmt(w.lo, 3)} to ${fmt(w.hi, 3)}` : '—',
    k.bootstrap ? `${fmt(k.bootstrap.lo, 3)} to ${fmt(k.bootstrap.hi, 3)}` : '—',
    k.pImprove === null ? '—' : fmt(k.pImprove, 2),
    k.d === null ? '—' : Number.isFinite(k.d) ? fmt(k.d, 2) : k.d > 0 ? '∞' : '−∞',
    w ? fmtP(w.p) : '—',
    fmtP(k.pHolm),
    `${k.sa?.n ?? 0} / ${k.sb?.n ?? 0}`,
    w === null ? `too few seeds (needs ≥ ${MIN_SEEDS_FOR_CI} on each side)` : shortVerdict(k),
  ];
}

/** The verdict in a table cell: the sentence form, shortened. */
function shortVerdict(k: Comparison): string {
  if (k.separated || k.welch?.diff === 0) return verdictText(k);
  if (k.welch?.se === 0) return 'no test possible (no spread)';
  return k.seedsNeeded === null ? 'not separated (> 10,000 seeds needed)' : `not separated (≈ ${k.seedsNeeded} seeds for power 0.8)`;
}

export function comparisonCaption(t: SummaryTable): string {
  const what = t.family === 'base'
    ? `each level of ${t.colKey} against the spec's base value (${axis(t.colKey, t.colValues[t.baseColumn ?? 0] ?? '')})`
    : `each ${t.colKey ? `${t.colKey} column's` : ''} leader (best mean) against every other row there`;
  const seeds = t.measure.countsBroken ? 'over every seed (diverged and failed seeds at their untrained level)' : 'over the seeds that trained to the end (the others are counted in the cells)';
  return `Difference of means (first − second) of ${t.measure.label}: ${what}, ${seeds}. `
    + `Welch's t interval and p-value do not assume equal variances; the bootstrap interval resamples seeds (10,000 times, seeded) and, with under ~10 seeds a side, covers far less than 95%; P(ahead) is the observed share of seed pairs in which the first beats the second; Cohen's d is the difference in pooled standard deviations. `
    + `The intervals are for each comparison on its own; p (Holm) corrects for the ${t.comparisons.length} comparisons of this table, and "separated" means it is below 0.05, so an interval may exclude 0 while the corrected verdict is "not separated". Where the seeds do not separate two configurations, the verdict says how many seeds per configuration would detect the observed difference with power 0.8 (two-sided t test at 0.05 divided by the number of comparisons), if the observed difference and spread were the true ones: a rough guide, itself noisy with few seeds. The leader's margin is biased upward, since it was picked as the largest.`;
}
