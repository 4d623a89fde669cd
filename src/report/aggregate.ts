/**
 * Groups runs by configuration (everything but the seed) and summarizes them.
 *
 * Every seed counts. A cell's statistics are over all its finished seeds:
 * - completed and failed_to_learn runs count with their recorded value (a real measurement);
 * - diverged and failed runs count at their untrained level (untrained.ts): for the report's
 *   metrics, the run's own epoch-0 value, or, when it has none, the mean epoch-0 value of the
 *   runs in the results. A broken run is no better than a network that never trained.
 * Runs still pending are left out and counted. A survivor-only mean (completed seeds) is kept
 * beside it, labelled as such. Measures with no untrained level (epochs to a target, best
 * epoch, the generalization gap) are over trained seeds, with the others counted.
 */
import type { EpochRow, ResultsData, RunRow, Score } from './model.js';
import { ACCURACY, higherIsBetter } from './model.js';
import { configKeys, orderedValues, shortKey, valueOf, type Layout } from './layout.js';
import {
  ALPHA, bootstrapDiff, cohensD, holm, probabilityOfImprovement, seedsNeeded, summarize, welch,
  type Interval, type Summary, type WelchResult,
} from './stats/index.js';
import { nearUntrained, runEpochZero, untrainedLevel, type Level } from './untrained.js';
import { trained } from '../train/learned.js';

/** A quantity measured once per run. */
export interface Measure {
  id: string;
  label: string;
  higherBetter: boolean;
  value: (run: RunRow) => number | null;
  /** What a diverged or failed run counts as; absent when there are no epoch rows to measure it. */
  untrained?: (run: RunRow) => number | null;
  /**
   * True for the results metrics, whose every seed must count: a cell with a diverged or failed
   * seed that cannot be scored (no epoch-0 level) has no statistics, only its survivor mean.
   * False for measures that only exist for trained runs (epochs to a target, the gap).
   */
  countsBroken?: boolean;
}

/** A results metric; with epochs, diverged and failed runs count at their untrained level. */
export function metricMeasure(metric: string, epochs?: Map<string, EpochRow[]>, runs?: readonly RunRow[]): Measure {
  const m: Measure = { id: metric, label: metric, higherBetter: higherIsBetter(metric), value: (r) => r.metrics[metric] ?? null, countsBroken: true };
  if (epochs && epochs.size > 0) {
    // A run with no epoch-0 row (it failed before its first evaluation) counts at its configuration's
    // untrained level, else at that of all the runs: architectures differ in their untrained loss.
    const configOf = (r: RunRow) => JSON.stringify([r.variant, r.swept]);
    const byConfig = new Map<string, RunRow[]>();
    for (const r of runs ?? []) byConfig.set(configOf(r), [...(byConfig.get(configOf(r)) ?? []), r]);
    const overall = untrainedLevel(runs ?? [], epochs, metric)?.value ?? null;
    m.untrained = (r) => runEpochZero(r, epochs, metric)
      ?? untrainedLevel(byConfig.get(configOf(r)) ?? [], epochs, metric)?.value ?? overall;
  }
  return m;
}

/** Train − validation score (accuracy, or R² for regression) of each trained run: the generalization gap a regularization study is about. */
export function gapMeasure(score: Score = ACCURACY): Measure {
  return {
    id: 'generalization_gap', label: `generalization gap (train − val ${score.name})`, higherBetter: false,
    value: (r) => {
      const t = r.metrics[`train_${score.base}`], v = r.metrics[`val_${score.base}`];
      return t != null && v != null && Number.isFinite(t) && Number.isFinite(v) ? t - v : null;
    },
  };
}

/** The epoch (≥ 1) with the highest validation score (accuracy, or R² for regression); the earliest on ties. */
export function bestEpoch(rows: readonly EpochRow[] | undefined, column = 'val_accuracy'): number | null {
  let best: number | null = null;
  let bestAcc = -Infinity;
  for (const r of rows ?? []) {
    const e = r.epoch, a = r[column];
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

export function bestEpochMeasure(epochs: Map<string, EpochRow[]>, score: Score = ACCURACY): Measure {
  return { id: 'best_epoch', label: `best epoch (by val ${score.name})`, higherBetter: false, value: (r) => bestEpoch(epochs.get(r.run_id), `val_${score.base}`) };
}

export function targetMeasure(epochs: Map<string, EpochRow[]>, target: number): Measure {
  return {
    id: 'epochs_to_target', label: `epochs to val accuracy ≥ ${target}`, higherBetter: false,
    value: (r) => epochsToTarget(epochs.get(r.run_id), target),
  };
}

/** How one seed entered a cell's statistics. */
export interface SeedValue {
  run: RunRow;
  value: number;
  /** True when the run diverged or failed and counts at its untrained level. */
  untrained: boolean;
}

export interface CellStats {
  total: number;
  /** Succeeded: trained to the end with a final training loss below the untrained one. */
  completed: number;
  /** Trained to the end with a final training loss above the untrained one. */
  failedToLearn: number;
  diverged: number;
  failed: number;
  /** Runs with another status (e.g. still pending). */
  other: number;
  /** Over every seed that counts (see the rule above); null when none has a value. */
  stats: Summary | null;
  /** The values behind stats, in run order. */
  seeds: SeedValue[];
  /** Over succeeded (completed) seeds only: the survivor mean, shown labelled, never ranked. */
  survivors: Summary | null;
  /** Finished seeds with no value under the rule (e.g. never reached the target; diverged with no untrained level). */
  missing: number;
  /** Diverged or failed seeds of a metric that could not be scored (no epoch rows): the cell then has no stats. */
  unscored: number;
}

export function cellStats(runs: readonly RunRow[], m: Measure): CellStats {
  const count = (s: string) => runs.filter((r) => r.status === s).length;
  const seeds: SeedValue[] = [];
  let missing = 0, unscored = 0;
  for (const run of runs) {
    const broken = run.status === 'diverged' || run.status === 'failed';
    if (!trained(run.status) && !broken) continue; // pending: not an outcome yet
    const v = !broken ? m.value(run) : m.untrained ? m.untrained(run) : null;
    if (v === null || !Number.isFinite(v)) {
      missing++;
      if (broken && m.countsBroken) unscored++;
      continue;
    }
    seeds.push({ run, value: v, untrained: broken });
  }
  const completedValues = runs.filter((r) => r.status === 'completed').map(m.value)
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const known = count('completed') + count('failed_to_learn') + count('diverged') + count('failed');
  return {
    total: runs.length,
    completed: count('completed'),
    failedToLearn: count('failed_to_learn'),
    diverged: count('diverged'),
    failed: count('failed'),
    other: runs.length - known,
    // Never rank survivors as if they were every seed: without a score for each broken seed there are no stats.
    stats: unscored > 0 ? null : summarize(seeds.map((s) => s.value)),
    seeds,
    survivors: summarize(completedValues),
    missing,
    unscored,
  };
}

export function values(c: CellStats): number[] {
  return c.seeds.map((s) => s.value);
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
  /** The row the claim is about: the column's leader, or a level compared with the base. */
  a: string;
  /** The row it is compared with: another row, or the base level. */
  b: string;
  sa: Summary | null;
  sb: Summary | null;
  /** mean(a) − mean(b) with its Welch interval and p-value; null when a side has fewer than 2 seeds. */
  welch: WelchResult | null;
  /** The Welch p-value after Holm's correction over the table's family; NaN when no test was possible. */
  pHolm: number;
  /** Whether the corrected test rejects equal means at ALPHA. */
  separated: boolean;
  /** Seeded percentile-bootstrap 95% interval of mean(a) − mean(b). */
  bootstrap: Interval | null;
  /** P(a seed of a beats a seed of b), in the metric's better direction. */
  pImprove: number | null;
  /** Cohen's d of a − b. */
  d: number | null;
  /** Seeds per configuration that would detect this difference with power 0.8; only when not separated. */
  seedsNeeded: number | null;
}

/** What the comparisons of a table are: each column's leader against the other rows, or every level against the base. */
export type Family = 'leader' | 'base';

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
  /** best[row][column] (★): the column's leader, clear of the untrained level, and separated from every other row there (Holm). */
  best: boolean[][];
  /** leader[row][column]: the best mean in its column (★, or ☆ when the seeds do not separate it). */
  leader: boolean[][];
  /** chance[row][column]: the mean is near the untrained level (untrained.ts), however many seeds succeeded. */
  chance: boolean[][];
  family: Family;
  /** For family 'base': the base level's column index. */
  baseColumn: number | null;
  comparisons: Comparison[];
  /** The untrained level of the table's metric (null without epoch rows). */
  level: Level | null;
  /** The runs of this table (all statuses). */
  runs: RunRow[];
}

/** Oriented so that positive is better (higher, or lower for losses). */
function better(higherBetter: boolean, x: number, y: number): boolean {
  return higherBetter ? x > y : x < y;
}

function compare(column: string, a: string, b: string, ca: CellStats, cb: CellStats, higherBetter: boolean, seed: string): Comparison {
  const xa = values(ca), xb = values(cb);
  const w = welch(xa, xb);
  const sign = higherBetter ? 1 : -1;
  return {
    column, a, b, sa: ca.stats, sb: cb.stats, welch: w, pHolm: NaN, separated: false,
    bootstrap: bootstrapDiff(xa, xb, seed),
    pImprove: probabilityOfImprovement(xa.map((x) => sign * x), xb.map((x) => sign * x)),
    d: cohensD(xa, xb),
    seedsNeeded: null,
  };
}

/**
 * Holm over the family, then the verdicts and, where the seeds do not separate, how many would:
 * at α/m (the level Holm's first step holds the family's smallest p to), so the figure is for a
 * claim that would survive the correction; and never a count already run, since those did not separate.
 */
function settle(cmps: Comparison[]): void {
  const adj = holm(cmps.map((k) => k.welch?.p ?? NaN));
  const m = Math.max(1, adj.filter(Number.isFinite).length);
  cmps.forEach((k, i) => {
    k.pHolm = adj[i]!;
    k.separated = Number.isFinite(k.pHolm) && k.pHolm < ALPHA;
    if (!k.separated && k.d !== null && k.welch !== null && k.welch.se > 0) {
      const n = seedsNeeded(k.d, ALPHA / m);
      const ran = Math.max(k.sa?.n ?? 0, k.sb?.n ?? 0);
      k.seedsNeeded = n === null ? null : Math.max(n, ran + 1);
    }
  });
}

/** Each column's leader against every other row with a value there: the claims a ★ makes. */
export function leaderComparisons(t: Pick<SummaryTable, 'rowValues' | 'colValues' | 'cells' | 'title'>, higherBetter: boolean): { leaders: (number | null)[]; comparisons: Comparison[] } {
  const leaders: (number | null)[] = [];
  const out: Comparison[] = [];
  t.colValues.forEach((column, c) => {
    const rows = t.rowValues.map((_, r) => r).filter((r) => t.cells[r]![c]!.stats !== null);
    if (rows.length < 2) { leaders.push(rows.length === 1 ? rows[0]! : null); return; }
    const lead = rows.reduce((x, y) => (better(higherBetter, t.cells[y]![c]!.stats!.mean, t.cells[x]![c]!.stats!.mean) ? y : x));
    leaders.push(lead);
    for (const r of rows) {
      if (r === lead) continue;
      out.push(compare(column, t.rowValues[lead]!, t.rowValues[r]!, t.cells[lead]![c]!, t.cells[r]![c]!, higherBetter, `${t.title}|${column}|${t.rowValues[lead]}|${t.rowValues[r]}`));
    }
  });
  return { leaders, comparisons: out };
}

/** The base level's column: the spec's base value of the columns key (or the baseline variant), else the first level. */
export function baseColumnOf(colKey: string | null, colValues: readonly string[], base: { values?: Record<string, string>; variant?: string | null }): number {
  if (colKey === null) return 0;
  const want = colKey === 'variant' ? base.variant ?? undefined : base.values?.[colKey];
  if (want === undefined) return 0;
  const i = colValues.findIndex((v) => v === want || (v.trim() !== '' && want.trim() !== '' && Number(v) === Number(want)));
  return i >= 0 ? i : 0;
}

export interface TableOptions {
  /** Mark ★ (false for tables of counts such as epochs-to-target). */
  best?: boolean;
  epochs?: Map<string, EpochRow[]>;
  /** The spec's base values, for single-axis tables. */
  base?: { values?: Record<string, string>; variant?: string | null };
}

/** rows × columns tables of a measure, one per combination of the other keys. */
export function summaryTables(data: Pick<ResultsData, 'runs'>, layout: Layout, m: Measure, options: TableOptions = {}): SummaryTable[] {
  const rowValues = layout.rows === null ? [''] : orderedValues(data.runs.map((r) => valueOf(r, layout.rows!)));
  const colValues = layout.columns === null ? [''] : orderedValues(data.runs.map((r) => valueOf(r, layout.columns!)));
  const slices = new Map<string, { fixed: Record<string, string>; runs: RunRow[] }>();
  for (const run of data.runs) {
    const fixed: Record<string, string> = Object.create(null) as Record<string, string>;
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
    const title = layout.others.length === 0 ? '' : configLabel(fixed, layout.others);
    const none = () => cells.map((r) => r.map(() => false));
    const level = options.epochs ? untrainedLevel(runs, options.epochs, m.id) : null;
    const t: SummaryTable = {
      title, measure: m, rowKey: layout.rows, colKey: layout.columns, rowValues, colValues, cells,
      best: none(), leader: none(), chance: none(), family: 'leader', baseColumn: null, comparisons: [], level, runs,
    };
    const sign = m.higherBetter ? 1 : -1;
    const means = cells.flat().filter((c) => c.stats).map((c) => c.stats!.mean);
    const top = means.length ? (sign > 0 ? Math.max(...means) : Math.min(...means)) : NaN;
    t.chance = cells.map((row) => row.map((c) => c.stats !== null && nearUntrained(c.stats.mean, top, level, sign)));
    if (rowValues.length === 1 && colValues.length > 1) singleAxis(t, options);
    else leaderFamily(t, options);
    tables.push(t);
  }
  return tables;
}

function leaderFamily(t: SummaryTable, options: TableOptions): void {
  const { leaders, comparisons } = leaderComparisons(t, t.measure.higherBetter);
  settle(comparisons);
  t.comparisons = comparisons;
  if (options.best === false) return;
  const sign = t.measure.higherBetter ? 1 : -1;
  const means = t.cells.flat().filter((c) => c.stats).map((c) => c.stats!.mean);
  const top = means.length ? (sign > 0 ? Math.max(...means) : Math.min(...means)) : NaN;
  leaders.forEach((r, c) => {
    if (r === null) return;
    const mine = comparisons.filter((k) => k.column === t.colValues[c]);
    if (mine.length === 0) return; // one candidate: nothing to be best against
    // A cell at chance, one where no seed succeeded, or a tie for the best mean is never marked.
    const cell = t.cells[r]![c]!;
    if (nearUntrained(cell.stats!.mean, top, t.level, sign) || cell.completed === 0) return;
    if (mine.some((k) => k.sb !== null && k.sb.mean === cell.stats!.mean)) return;
    t.leader[r]![c] = true;
    t.best[r]![c] = mine.every((k) => k.separated);
  });
}

/** One row of levels (a dropout or L2 sweep, a list of variants): every level against the base. */
function singleAxis(t: SummaryTable, options: TableOptions): void {
  t.family = 'base';
  const b = baseColumnOf(t.colKey, t.colValues, options.base ?? {});
  t.baseColumn = b;
  const base = t.cells[0]![b]!;
  const cmps: Comparison[] = [];
  t.colValues.forEach((cv, c) => {
    const cell = t.cells[0]![c]!;
    if (c === b || cell.stats === null || base.stats === null) return;
    cmps.push(compare(cv, cv, t.colValues[b]!, cell, base, t.measure.higherBetter, `${t.title}|${cv}|base`));
  });
  settle(cmps);
  t.comparisons = cmps;
  if (options.best === false) return;
  // The ★ is a "best" claim like a grid's: the best level against every other level (its own Holm
  // family, levels − 1 tests), clear of the untrained level. The table shows the base comparisons.
  const sign = t.measure.higherBetter ? 1 : -1;
  const levels = { title: t.title, rowValues: t.colValues, colValues: [''], cells: t.colValues.map((_, c) => [t.cells[0]![c]!]) };
  const { leaders: [lead], comparisons: vsOthers } = leaderComparisons(levels, t.measure.higherBetter);
  settle(vsOthers);
  if (lead === null || lead === undefined || vsOthers.length === 0) return;
  const top = t.cells[0]![lead]!.stats!.mean;
  if (nearUntrained(top, top, t.level, sign) || t.cells[0]![lead]!.completed === 0) return;
  if (vsOthers.some((k) => k.sb !== null && k.sb.mean === top)) return; // a tie for the best: no mark
  t.leader[0]![lead] = true;
  t.best[0]![lead] = vsOthers.every((k) => k.separated);
}
