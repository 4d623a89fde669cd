/**
 * Groups runs by configuration (everything but the seed) and summarizes them.
 * Rule: a cell's statistics are over its *completed* seeds only; diverged and
 * failed seeds are counted and shown beside the numbers, never averaged in.
 */
import type { EpochRow, ResultsData, RunRow } from './model.js';
import { higherIsBetter } from './model.js';
import { configKeys, orderedValues, shortKey, valueOf, type Layout } from './layout.js';
import { summarize, welch, type Summary, type WelchResult } from './stats.js';

/** A quantity measured once per run. */
export interface Measure {
  id: string;
  label: string;
  higherBetter: boolean;
  value: (run: RunRow) => number | null;
}

export function metricMeasure(metric: string): Measure {
  return { id: metric, label: metric, higherBetter: higherIsBetter(metric), value: (r) => r.metrics[metric] ?? null };
}

/** The epoch (≥ 1) with the highest validation accuracy; the earliest on ties. */
export function bestEpoch(rows: readonly EpochRow[] | undefined): number | null {
  let best: number | null = null;
  let bestAcc = -Infinity;
  for (const r of rows ?? []) {
    const e = r.epoch, a = r.val_accuracy;
    if (e == null || e < 1 || a == null || !Number.isFinite(a)) continue;
    if (a > bestAcc) { bestAcc = a; best = e; }
  }
  return best;
}

/** First epoch whose validation accuracy reaches target; null if never. */
export function epochsToTarget(rows: readonly EpochRow[] | undefined, target: number): number | null {
  for (const r of rows ?? []) {
    if (r.epoch != null && r.val_accuracy != null && Number.isFinite(r.val_accuracy) && r.val_accuracy >= target) return r.epoch;
  }
  return null;
}

export function bestEpochMeasure(epochs: Map<string, EpochRow[]>): Measure {
  return { id: 'best_epoch', label: 'best epoch (by val accuracy)', higherBetter: false, value: (r) => bestEpoch(epochs.get(r.run_id)) };
}

export function targetMeasure(epochs: Map<string, EpochRow[]>, target: number): Measure {
  return {
    id: 'epochs_to_target', label: `epochs to val accuracy ≥ ${target}`, higherBetter: false,
    value: (r) => epochsToTarget(epochs.get(r.run_id), target),
  };
}

export interface CellStats {
  total: number;
  completed: number;
  diverged: number;
  failed: number;
  /** Runs with another status (e.g. still pending). */
  other: number;
  /** Over completed runs with a finite value. */
  stats: Summary | null;
  /** Completed runs whose value is missing or not finite (for epochs-to-target: never reached). */
  missing: number;
}

export function cellStats(runs: readonly RunRow[], m: Measure): CellStats {
  const completed = runs.filter((r) => r.status === 'completed');
  const values = completed.map(m.value).filter((v): v is number => v !== null && Number.isFinite(v));
  const count = (s: string) => runs.filter((r) => r.status === s).length;
  return {
    total: runs.length,
    completed: completed.length,
    diverged: count('diverged'),
    failed: count('failed'),
    other: runs.length - completed.length - count('diverged') - count('failed'),
    stats: summarize(values),
    missing: completed.length - values.length,
  };
}

export interface Group {
  /** Stable identity: JSON of the configuration values. */
  id: string;
  /** Configuration key → value. */
  values: Record<string, string>;
  /** "init=he_normal, lr=0.1" (short key names). */
  label: string;
  runs: RunRow[];
}

export function configLabel(values: Record<string, string>, keys: readonly string[]): string {
  if (keys.length === 0) return 'all runs';
  return keys.map((k) => (k === 'variant' ? values[k] || '(base)' : `${shortKey(k)}=${values[k]}`)).join(', ');
}

/** Runs grouped by configuration, ordered by each key's natural value order. */
export function groupRuns(data: Pick<ResultsData, 'runs' | 'hasVariants' | 'sweptKeys'>): Group[] {
  const keys = configKeys(data);
  const order = new Map(keys.map((k) => [k, orderedValues(data.runs.map((r) => valueOf(r, k)))]));
  const groups = new Map<string, Group>();
  for (const run of data.runs) {
    const values: Record<string, string> = {};
    for (const k of keys) values[k] = valueOf(run, k);
    const id = JSON.stringify(keys.map((k) => values[k]));
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { id, values, label: configLabel(values, keys), runs: [] }));
    g.runs.push(run);
  }
  const rank = (g: Group) => keys.map((k) => order.get(k)!.indexOf(g.values[k]!));
  return [...groups.values()].sort((a, b) => {
    const ra = rank(a), rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return 0;
  });
}

export interface Comparison {
  column: string;
  /** The row ahead by mean (higher, or lower for losses). */
  a: string;
  b: string;
  sa: Summary | null;
  sb: Summary | null;
  /** mean(a) − mean(b) with its Welch interval; null when either side has too few completed seeds. */
  welch: WelchResult | null;
}

export interface SummaryTable {
  /** The fixed values of the other keys ("" when there are none). */
  title: string;
  measure: Measure;
  rowKey: string | null;
  colKey: string | null;
  rowValues: string[];
  colValues: string[];
  /** cells[row][column]. */
  cells: CellStats[][];
  /** best[row][column]: the best mean in its column (ties all marked; only with ≥ 2 candidates). */
  best: boolean[][];
  comparisons: Comparison[];
  /** The runs of this table (all statuses), e.g. for the epoch-0 level the findings compare against. */
  runs: RunRow[];
}

/** Marks, per column, the rows whose mean is best among cells that have one. */
export function markBest(cells: CellStats[][], higherBetter: boolean): boolean[][] {
  const best = cells.map((row) => row.map(() => false));
  const nCols = cells[0]?.length ?? 0;
  for (let c = 0; c < nCols; c++) {
    const means = cells.map((row) => row[c]?.stats?.mean ?? null);
    const present = means.filter((m): m is number => m !== null);
    if (present.length < 2) continue;
    const target = higherBetter ? Math.max(...present) : Math.min(...present);
    means.forEach((m, r) => { if (m === target) best[r]![c] = true; });
  }
  return best;
}

/** Every pair of rows at every column, ordered so the row ahead comes first. */
export function compareRows(rowValues: string[], colValues: string[], cells: CellStats[][], higherBetter: boolean): Comparison[] {
  const out: Comparison[] = [];
  colValues.forEach((column, c) => {
    for (let i = 0; i < rowValues.length; i++) {
      for (let j = i + 1; j < rowValues.length; j++) {
        let [x, y] = [i, j];
        const mx = cells[x]![c]!.stats?.mean, my = cells[y]![c]!.stats?.mean;
        if (mx !== undefined && my !== undefined && (higherBetter ? my > mx : my < mx)) [x, y] = [y, x];
        const sa = cells[x]![c]!.stats, sb = cells[y]![c]!.stats;
        if (sa === null && sb === null) continue; // nothing to compare (e.g. both diverged)
        out.push({ column, a: rowValues[x]!, b: rowValues[y]!, sa, sb, welch: sa && sb ? welch(sa, sb) : null });
      }
    }
  });
  return out;
}

/** rows × columns tables of a measure, one per combination of the other keys. */
export function summaryTables(data: Pick<ResultsData, 'runs'>, layout: Layout, m: Measure, options: { best?: boolean } = {}): SummaryTable[] {
  const rowValues = layout.rows === null ? [''] : orderedValues(data.runs.map((r) => valueOf(r, layout.rows!)));
  const colValues = layout.columns === null ? [''] : orderedValues(data.runs.map((r) => valueOf(r, layout.columns!)));
  const slices = new Map<string, { fixed: Record<string, string>; runs: RunRow[] }>();
  for (const run of data.runs) {
    const fixed: Record<string, string> = {};
    for (const k of layout.others) fixed[k] = valueOf(run, k);
    const id = JSON.stringify(layout.others.map((k) => fixed[k]));
    const s = slices.get(id) ?? { fixed, runs: [] };
    s.runs.push(run);
    slices.set(id, s);
  }
  const tables: SummaryTable[] = [];
  for (const { fixed, runs } of slices.values()) {
    const cells = rowValues.map((rv) => colValues.map((cv) => cellStats(
      runs.filter((r) => (layout.rows === null || valueOf(r, layout.rows) === rv) && (layout.columns === null || valueOf(r, layout.columns) === cv)),
      m,
    )));
    tables.push({
      title: layout.others.length === 0 ? '' : configLabel(fixed, layout.others),
      measure: m,
      rowKey: layout.rows,
      colKey: layout.columns,
      rowValues,
      colValues,
      cells,
      best: options.best === false ? cells.map((r) => r.map(() => false)) : markBest(cells, m.higherBetter),
      comparisons: compareRows(rowValues, colValues, cells, m.higherBetter),
      runs,
    });
  }
  return tables;
}
