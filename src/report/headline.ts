/**
 * The opening paragraph of the Findings, one per summary table (per variant):
 * the best row and its best cell, how far the runner-up in that column is
 * behind (with its Welch interval: whether these seeds separate the winner at
 * all), which rows never leave the untrained (epoch-0) level, the weakest row,
 * and how many columns each row wins. Pure: numbers in, sentences out.
 */
import type { CellStats, SummaryTable } from './aggregate.js';
import { ciExcludesZero, fmt, meanStd } from './format.js';
import { shortKey } from './layout.js';
import type { EpochRow } from './model.js';
import { summarize, welch } from './stats.js';

export interface Headline {
  /** The table's fixed values ("relu"); "" when there is one table. */
  title: string;
  text: string;
}

/** The metric before any training: mean and spread over runs of its epoch-0 value. */
export interface Level {
  value: number;
  /** Sample std of the epoch-0 values (0 with one run): how much untrained nets differ on their own. */
  spread: number;
}

/**
 * runs.csv metric → the epochs.csv column that measures it at epoch 0 (before
 * the first update). Test accuracy is not logged per epoch; an untrained net's
 * validation accuracy is the same chance level.
 */
const EPOCH_COLUMN: Record<string, string> = {
  val_accuracy: 'val_accuracy', best_val_accuracy: 'val_accuracy', test_accuracy: 'val_accuracy',
  train_accuracy: 'train_accuracy', val_loss: 'val_loss', train_loss: 'train_loss',
};

/**
 * The chance level measured rather than assumed: 1/classes is only right for
 * balanced classes and a known class count, while the epoch-0 value is what
 * this very network scores before it has learned anything.
 */
export function epochZeroLevel(t: SummaryTable, epochs: Map<string, EpochRow[]>): Level | null {
  const col = EPOCH_COLUMN[t.measure.id];
  if (col === undefined) return null;
  const xs: number[] = [];
  for (const r of t.runs) {
    const v = epochs.get(r.run_id)?.find((e) => e.epoch === 0)?.[col];
    if (v != null && Number.isFinite(v)) xs.push(v);
  }
  const s = summarize(xs);
  return s ? { value: s.mean, spread: s.std ?? 0 } : null;
}

/** A cell is near the epoch-0 level when its gain over it is under this share of the best cell's gain... */
export const NEAR_FRACTION = 0.1;
/** ...or under this many epoch-0 standard deviations (a difference untrained nets show among themselves). */
export const NEAR_SPREADS = 2;

/** A row value alone when it reads as a name ("he_normal"); with its key when bare ("hidden = [64]", "batch_norm = true"). */
function rowName(key: string | null, v: string): string {
  if (key === null) return 'all runs';
  if (key === 'variant') return v || '(base)';
  const named = /[a-z]{2}/i.test(v) && !/^(true|false|null|yes|no|on|off)$/i.test(v.trim());
  return named ? v : `${shortKey(key)} = ${v}`;
}

function joinNames(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

interface At { r: number; c: number; cell: CellStats; mean: number }

function sentences(t: SummaryTable, level: Level | null): string[] {
  const metric = t.measure.label;
  const sign = t.measure.higherBetter ? 1 : -1;
  const isAcc = t.measure.id.endsWith('accuracy');
  const cols = t.colValues.map((_, c) => c);
  const multiCol = t.colKey !== null && t.colValues.length > 1;
  const colWord = t.colKey === null ? '' : shortKey(t.colKey);
  const colList = (cs: number[]) => (t.colKey === 'variant' ? cs.map((c) => t.colValues[c] || '(base)').join(', ') : `${colWord} = ${cs.map((c) => t.colValues[c]).join(', ')}`);
  const at = (c: number) => (multiCol ? ` at ${colList([c])}` : '');
  const row = (r: number) => rowName(t.rowKey, t.rowValues[r]!);
  const present = (r: number): At[] => cols.flatMap((c) => {
    const cell = t.cells[r]![c]!;
    return cell.stats ? [{ r, c, cell, mean: cell.stats.mean }] : [];
  });
  const better = (a: At, b: At) => sign * (a.mean - b.mean) > 0;
  const all = t.rowValues.flatMap((_, r) => present(r));
  if (all.length === 0) return [`No completed run has a finite ${metric}.`];
  const best = all.reduce((a, b) => (better(b, a) ? b : a));

  // Gains over the untrained level, in the metric's better direction.
  const gain = (m: number) => sign * (m - level!.value);
  const nearLimit = level ? Math.max(NEAR_FRACTION * gain(best.mean), NEAR_SPREADS * level.spread) : 0;
  const near = (a: At) => level !== null && gain(a.mean) <= nearLimit;
  const chance = level ? `near ${isAcc ? 'chance' : 'its untrained value'} (the epoch-0 level, ${fmt(level.value, 3)})` : '';
  if (near(best)) {
    return [`Nothing learned: no cell's mean ${metric} gets clear of ${isAcc ? 'chance' : 'the untrained value'} (the epoch-0 level, ${fmt(level!.value, 3)}); the best is ${meanStd(best.cell)}${at(best.c)}.`];
  }
  if (all.length === 1) return [`The mean ${metric} is ${meanStd(best.cell)} (n = ${best.cell.stats!.n}).`];
  if (t.rowKey === null || t.rowValues.length < 2) {
    const out = [`The best mean ${metric} is ${meanStd(best.cell)}${at(best.c)} (n = ${best.cell.stats!.n}).`];
    const low = all.filter(near);
    if (low.length > 0) out.push(`It stays ${chance}${multiCol ? ` at ${colList(low.map((a) => a.c))}` : ''}.`);
    return out;
  }

  const out: string[] = [];
  const rows = t.rowValues.map((_, r) => r).filter((r) => present(r).length > 0);
  const ceiling = (r: number) => present(r).reduce((a, b) => (better(b, a) ? b : a));
  const average = (r: number) => present(r).reduce((s, a) => s + a.mean, 0) / present(r).length;
  // The worst row is the one whose best cell is worst (it never gets higher); ties go to the lower average.
  const worst = rows.filter((r) => r !== best.r)
    .sort((x, y) => sign * (ceiling(x).mean - ceiling(y).mean) || sign * (average(x) - average(y)))[0];

  // The winner's margin is over the runner-up in its column: a gap to a weaker row says nothing about
  // whether the seeds separate the winner from the rest (the weakest row gets its own sentence below).
  const others = rows.filter((r) => r !== best.r && t.cells[r]![best.c]!.stats !== null);
  const runnerUp = others.length === 0 ? undefined
    : others.reduce((a, b) => (sign * (t.cells[b]![best.c]!.stats!.mean - t.cells[a]![best.c]!.stats!.mean) > 0 ? b : a));
  let s = `${row(best.r)} has the best mean ${metric}, ${meanStd(best.cell)}${at(best.c)} (n = ${best.cell.stats!.n})`;
  if (runnerUp === undefined) {
    if (rows.length > 1) s += `; no other ${t.rowKey === 'variant' ? 'variant' : shortKey(t.rowKey)} has a completed seed there`;
  } else {
    const sw = t.cells[runnerUp]![best.c]!.stats!;
    s += `, ${fmt(sign * (best.cell.stats!.mean - sw.mean), 3)} ${sign > 0 ? 'above' : 'below'} ${row(runnerUp)}, the runner-up${multiCol ? ' there' : ''}`;
    const w = welch(best.cell.stats!, sw);
    // The interval of the gap, in the same better-is-positive direction as the gap itself.
    const [lo, hi] = w === null ? [0, 0] : sign > 0 ? [w.lo, w.hi] : [-w.hi, -w.lo];
    s += w === null ? ' (too few completed seeds for an interval)'
      : ` (95% Welch CI ${fmt(lo, 3)} to ${fmt(hi, 3)}${ciExcludesZero(w) ? '' : '; these seeds do not separate them'})`;
  }
  out.push(`${s}.`);

  if (level !== null) {
    const always = rows.filter((r) => present(r).every(near));
    const partly = rows.filter((r) => !always.includes(r) && present(r).some(near));
    if (always.length > 0) {
      const gaps = always.some((r) => present(r).length < t.colValues.length) ? ' with a completed seed' : '';
      const every = multiCol ? ` at every ${colWord}${gaps}` : '';
      const most = always.length === 1 ? `: at ${sign > 0 ? 'most' : 'least'} ${fmt(ceiling(always[0]!).mean)}` : '';
      out.push(`${joinNames(always.map(row))} ${always.length === 1 ? 'stays' : 'stay'} ${chance}${every}${most}.`);
    }
    if (partly.length > 0) {
      const list = partly.map((r) => `${row(r)}${multiCol ? ` at ${colList(present(r).filter(near).map((a) => a.c))}` : ''}`);
      out.push(`${always.length > 0 ? 'Also near' : 'Near'} ${isAcc ? 'chance' : 'the epoch-0 level'}: ${list.join('; ')}.`);
    }
    if (worst !== undefined && !always.includes(worst)) out.push(`${row(worst)} is the weakest: at best ${meanStd(ceiling(worst).cell)}${at(ceiling(worst).c)}.`);
  } else if (worst !== undefined) {
    out.push(`${row(worst)} is the weakest: at best ${meanStd(ceiling(worst).cell)}${at(ceiling(worst).c)}.`);
  }

  const empty = t.rowValues.map((_, r) => r).filter((r) => !rows.includes(r));
  if (empty.length > 0) out.push(`${joinNames(empty.map(row))} ${empty.length === 1 ? 'has' : 'have'} no completed seed${multiCol ? ` at any ${colWord}` : ''}.`);

  if (multiCol) {
    const wins = t.rowValues.map((_, r) => cols.filter((c) => t.best[r]![c]));
    const leaders = t.rowValues.map((_, r) => r).filter((r) => wins[r]!.length > 0).sort((x, y) => wins[y]!.length - wins[x]!.length);
    const n = t.colValues.length;
    if (leaders.length === 1 && wins[leaders[0]!]!.length === n) {
      out.push(`${row(leaders[0]!)} has the best mean at every ${colWord} (${n} of ${n}).`);
    } else if (leaders.length > 0) {
      const parts = leaders.map((r, i) => `${row(r)} at ${wins[r]!.length}${i === 0 ? ` of ${n} ${colWord} values` : ''} (${t.colKey === 'variant' ? colList(wins[r]!) : wins[r]!.map((c) => t.colValues[c]).join(', ')})`);
      out.push(`Best mean per ${colWord}: ${parts.join(', ')}.`);
    }
  }
  return out;
}

export function headline(t: SummaryTable, level: Level | null): Headline {
  return { title: t.title, text: sentences(t, level).join(' ') };
}
