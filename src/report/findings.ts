/**
 * The Findings, generated from the numbers only: a short headline per table
 * that answers the question (headline.ts), brief notes on what diverged and
 * what the seeds cannot tell, and the per-column detail (leader against
 * runner-up with its Welch interval), which the page folds away.
 */
import type { CellStats, Comparison, Group, SummaryTable } from './aggregate.js';
import { ciExcludesZero, fmt, meanStd } from './format.js';
import { epochZeroLevel, headline, type Headline } from './headline.js';
import { shortKey } from './layout.js';
import type { EpochRow, RunRow } from './model.js';
import { MIN_SEEDS_FOR_CI } from './stats.js';

export interface FindingsInput {
  tables: SummaryTable[];
  targetTables: SummaryTable[];
  groups: Group[];
  completeness: string | null;
  runs: RunRow[];
  epochs: Map<string, EpochRow[]>;
}

export interface Findings {
  /** One short paragraph per summary table: the answer, on the first screen. */
  headline: Headline[];
  /** Always shown: partial results, targets reached, divergence and failures, the seed caveat. */
  notes: string[];
  /** Per-column leader against runner-up: the long tail, shown folded. */
  details: string[];
}

/** Every sentence, in page order (for plain-text uses and tests). */
export function allFindings(f: Findings): string[] {
  return [...f.headline.map((x) => (x.title ? `${x.title}: ${x.text}` : x.text)), ...f.notes, ...f.details];
}

/** Columns beyond which per-column sentences repeat what the pairwise table already lists. */
const MAX_COLUMN_SENTENCES = 12;

function valueLabel(key: string | null, v: string): string {
  if (key === null) return 'all runs';
  return key === 'variant' ? v || '(base)' : `${shortKey(key)} = ${v}`;
}

function cellText(c: CellStats): string {
  return `${meanStd(c)}, n = ${c.stats?.n ?? 0}`;
}

function comparisonSentence(t: SummaryTable, cmp: Comparison, ri: number, rj: number, ci: number): string {
  const a = valueLabel(t.rowKey, cmp.a), b = valueLabel(t.rowKey, cmp.b);
  const col = t.colKey === null ? '' : `at ${valueLabel(t.colKey, cmp.column)}, `;
  const where = t.title ? `With ${t.title}, ${col}` : col.charAt(0).toUpperCase() + col.slice(1);
  const ca = t.cells[ri]![ci]!, cb = t.cells[rj]![ci]!;
  let s = `${where}${a} is ahead (${cellText(ca)}) of ${b} (${cellText(cb)})`;
  const w = cmp.welch;
  if (w === null) {
    s += `; too few completed seeds (fewer than ${MIN_SEEDS_FOR_CI} on a side) for a confidence interval.`;
  } else {
    s += ` by ${fmt(Math.abs(w.diff), 3)} (95% Welch CI of the difference ${fmt(w.lo, 3)} to ${fmt(w.hi, 3)}, df ≈ ${fmt(w.df, 3)})`;
    s += ciExcludesZero(w) ? '.' : '; the interval includes zero, so these seeds do not separate the two.';
  }
  return s;
}

function tableDetails(t: SummaryTable): string[] {
  if (t.rowValues.length < 2 || t.rowKey === null) return [];
  if (t.colValues.length > MAX_COLUMN_SENTENCES) {
    return [`${t.title ? `With ${t.title}: the` : 'The'} pairwise comparisons at each of the ${t.colValues.length} ${shortKey(t.colKey ?? '')} values are in the table under the summary.`];
  }
  const out: string[] = [];
  // At each column: the leader against the runner-up.
  t.colValues.forEach((cv, c) => {
    const ranked = t.rowValues.map((_, r) => r).filter((r) => t.cells[r]![c]!.stats !== null)
      .sort((x, y) => {
        const mx = t.cells[x]![c]!.stats!.mean, my = t.cells[y]![c]!.stats!.mean;
        return t.measure.higherBetter ? my - mx : mx - my;
      });
    if (ranked.length < 2) return;
    const [ri, rj] = [ranked[0]!, ranked[1]!];
    const cmp = t.comparisons.find((k) => k.column === cv && k.a === t.rowValues[ri] && k.b === t.rowValues[rj])
      ?? t.comparisons.find((k) => k.column === cv && k.a === t.rowValues[rj] && k.b === t.rowValues[ri]);
    if (cmp) out.push(comparisonSentence(t, cmp, ri, rj, c));
  });
  return out;
}

function failureFindings(groups: Group[]): string[] {
  const div = groups.filter((g) => g.runs.some((r) => r.status === 'diverged'));
  const fail = groups.filter((g) => g.runs.some((r) => r.status === 'failed'));
  const list = (gs: Group[], s: string) => gs.map((g) => `${g.label} (${g.runs.filter((r) => r.status === s).length}/${g.runs.length} seeds)`).join('; ');
  const out: string[] = [];
  if (div.length > 0) out.push(`Diverged (loss became NaN or infinite): ${list(div, 'diverged')}. Means are over the completed seeds only.`);
  if (fail.length > 0) out.push(`Failed with an error: ${list(fail, 'failed')}; see "Failures and diverged runs".`);
  if (div.length === 0 && fail.length === 0 && groups.length > 0) out.push('No run diverged or failed.');
  return out;
}

function seedFindings(tables: SummaryTable[]): string[] {
  // Cells with no completed seed at all are reported as diverged/failed instead.
  const ns = tables.flatMap((t) => t.cells.flat()).filter((c) => c.stats !== null).map((c) => c.stats!.n);
  if (ns.length === 0) return [];
  const min = Math.min(...ns), max = Math.max(...ns);
  if (max < MIN_SEEDS_FOR_CI) return [`Every configuration has fewer than ${MIN_SEEDS_FOR_CI} completed seeds: the numbers are single runs with no estimate of their spread, and no difference here can be called real. Run more seeds.`];
  if (min < MIN_SEEDS_FOR_CI) return [`Some configurations have fewer than ${MIN_SEEDS_FOR_CI} completed seeds; comparisons involving them have no interval.`];
  if (min < 5) return [`With ${min === max ? min : `${min}–${max}`} completed seeds per configuration the intervals are wide (the t quantile for few degrees of freedom is large); treat small differences with caution.`];
  return [];
}

function targetFindings(tables: SummaryTable[]): string[] {
  const out: string[] = [];
  for (const t of tables) {
    let best: { cell: CellStats; r: number; c: number } | null = null;
    t.cells.forEach((row, r) => row.forEach((cell, c) => {
      if (cell.stats && (!best || cell.stats.mean < best.cell.stats!.mean)) best = { cell, r, c };
    }));
    const b = best as { cell: CellStats; r: number; c: number } | null;
    if (b === null) { out.push(`No run reached the target (${t.measure.label.replace('epochs to ', '')}).`); continue; }
    const where = [t.rowKey !== null ? valueLabel(t.rowKey, t.rowValues[b.r]!) : null, t.colKey !== null ? valueLabel(t.colKey, t.colValues[b.c]!) : null, t.title || null]
      .filter((x) => x !== null).join(', ');
    out.push(`Fastest to ${t.measure.label.replace('epochs to ', '')}: ${where || 'all runs'}, after ${meanStd(b.cell)} epochs (${b.cell.stats!.n} of ${b.cell.completed} completed seeds reached it).`);
  }
  return out;
}

export function findings(input: FindingsInput): Findings {
  return {
    headline: input.tables.map((t) => headline(t, epochZeroLevel(t, input.epochs))),
    notes: [
      ...(input.completeness ? [input.completeness] : []),
      ...targetFindings(input.targetTables),
      ...failureFindings(input.groups),
      ...seedFindings(input.tables),
    ],
    details: input.tables.flatMap(tableDetails),
  };
}
