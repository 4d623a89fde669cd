/**
 * The Findings, generated from the numbers only: a short headline per table
 * that answers the question (headline.ts), brief notes on what diverged and
 * what the seeds cannot tell, and the per-column detail (leader against
 * runner-up with its Welch interval), which the page folds away.
 */
import type { CellStats, Comparison, Group, SummaryTable } from './aggregate.js';
import { fmt, meanStd } from './format.js';
import { evidence, headline, seedsText, type Headline } from './headline.js';
import { shortKey } from './layout.js';
import { ACCURACY, type Score } from './model.js';
import { MIN_SEEDS_FOR_CI } from './stats/index.js';

export interface FindingsInput {
  /** The spec's question (description), answered first. */
  question?: string | null;
  tables: SummaryTable[];
  /** The generalization gap by level, for single-axis regularization studies (empty otherwise). */
  gapTables?: SummaryTable[];
  targetTables: SummaryTable[];
  groups: Group[];
  completeness: string | null;
  /** What the tables hold when they are a search's view ("the final runs"), so failure notes say what they cover. */
  scope?: string | null;
  /** The score the gap is measured on (accuracy unless given; R² for regression). */
  score?: Score;
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
  return `${meanStd(c)}, ${seedsText(c)}`;
}

function comparisonSentence(t: SummaryTable, cmp: Comparison, ri: number, rj: number, ci: number): string {
  const a = valueLabel(t.rowKey, cmp.a), b = valueLabel(t.rowKey, cmp.b);
  const col = t.colKey === null ? '' : `at ${valueLabel(t.colKey, cmp.column)}, `;
  const where = t.title ? `With ${t.title}, ${col}` : col.charAt(0).toUpperCase() + col.slice(1);
  const ca = t.cells[ri]![ci]!, cb = t.cells[rj]![ci]!;
  const sign = t.measure.higherBetter ? 1 : -1;
  const gap = ca.stats && cb.stats ? sign * (ca.stats.mean - cb.stats.mean) : NaN;
  if (gap === 0) return `${where}${a} and ${b} are tied (${cellText(ca)}; ${cellText(cb)}).`;
  const by = Number.isFinite(gap) ? ` by ${fmt(gap, 3)}` : '';
  return `${where}${a} is ahead (${cellText(ca)}) of ${b} (${cellText(cb)})${by} (${evidence(cmp, sign)}).`;
}

function tableDetails(t: SummaryTable): string[] {
  if (t.rowValues.length < 2 || t.rowKey === null || t.family !== 'leader') return [];
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
    const cmp = t.comparisons.find((k) => k.column === cv && k.a === t.rowValues[ri] && k.b === t.rowValues[rj]);
    if (cmp) out.push(comparisonSentence(t, cmp, ri, rj, c));
  });
  return out;
}

function failureFindings(groups: Group[], scope: string | null = null): string[] {
  const of = (g: Group, s: string) => g.runs.filter((r) => r.status === s).length;
  const list = (s: string, verb: string) => groups.filter((g) => of(g, s) > 0)
    .map((g) => `${g.label} ${verb} in ${of(g, s)} of ${g.runs.length} seeds`).join('; ');
  const out: string[] = [];
  const div = list('diverged', 'diverged'), fail = list('failed', 'failed'), worse = list('failed_to_learn', 'failed to learn');
  if (div) out.push(`Diverged (a loss became NaN or infinite): ${div}. Each diverged seed counts at its untrained (epoch-0) level in every mean, ranking and test.`);
  if (worse) out.push(`Failed to learn (trained to the end, but the final training loss is above the untrained one): ${worse}. These count with their measured values and never as successes; cells show how many seeds succeeded.`);
  if (fail) out.push(`Failed with an error: ${fail}; each counts at its untrained level; see "Failures and diverged runs".`);
  if (!div && !fail && !worse && groups.length > 0) {
    out.push(scope
      ? `Every run in these tables (${scope}) trained to its end with a lower training loss than it started with; the Search section counts the outcomes of the others.`
      : 'Every run trained to its end with a lower training loss than it started with: none diverged, failed, or failed to learn.');
  }
  return out;
}

function seedFindings(tables: SummaryTable[]): string[] {
  // Cells with no completed seed at all are reported as diverged/failed instead.
  const ns = tables.flatMap((t) => t.cells.flat()).filter((c) => c.stats !== null).map((c) => c.stats!.n);
  if (ns.length === 0) return [];
  const min = Math.min(...ns), max = Math.max(...ns);
  if (max < MIN_SEEDS_FOR_CI) return [`Every configuration has fewer than ${MIN_SEEDS_FOR_CI} seeds: the numbers are single runs with no estimate of their spread, and no difference here can be called real. Run more seeds.`];
  if (min < MIN_SEEDS_FOR_CI) return [`Some configurations have fewer than ${MIN_SEEDS_FOR_CI} seeds; comparisons involving them have no interval.`];
  if (min < 5) return [`With ${min === max ? min : `${min}–${max}`} seeds per configuration the intervals are wide (the t quantile for few degrees of freedom is large); treat small differences with caution.`];
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
    headline: [
      ...input.tables.map((t, i) => {
        const h = headline(t);
        // The first paragraph answers the spec's question.
        return i === 0 && input.question ? { ...h, text: `In answer to "${input.question.trim()}": ${h.text}` } : h;
      }),
      ...(input.gapTables ?? []).map((t) => {
        const h = headline(t);
        return { title: t.title, text: `Generalization gap (train − validation ${(input.score ?? ACCURACY).name}; smaller means less overfitting). ${h.text}` };
      }),
    ],
    notes: [
      ...(input.completeness ? [input.completeness] : []),
      ...targetFindings(input.targetTables),
      ...failureFindings(input.groups, input.scope ?? null),
      ...seedFindings(input.tables),
    ],
    details: input.tables.flatMap(tableDetails),
  };
}
