/**
 * The opening paragraph of the Findings, one per summary table (per variant):
 * the answer first. For a rows × columns table: the best row and its best
 * cell, how far the runner-up in that column is behind and whether the seeds
 * separate them once the table's comparisons are Holm-corrected, which rows
 * never leave the untrained (epoch-0) level, the weakest row, and how many
 * columns each row leads (and is separated at). For a single-axis table (one
 * row of levels): every level against the spec's base value. Pure: numbers in,
 * sentences out.
 */
import type { CellStats, Comparison, SummaryTable } from './aggregate.js';
import { fmt, fmtP, meanStd } from './format.js';
import { shortKey } from './layout.js';
import { nearUntrained } from './untrained.js';
import { TARGET_POWER } from './stats/index.js';

/** "= 0.043" or "< 0.001", to follow a p. */
function pText(p: number): string {
  const f = fmtP(p);
  return f.startsWith('<') ? f : `= ${f}`;
}

export interface Headline {
  /** The table's fixed values ("relu"); "" when there is one table. */
  title: string;
  text: string;
}

/** A row value alone when it reads as a name ("he_normal"); with its key when bare ("hidden = [64]", "batch_norm = true"). */
export function rowName(key: string | null, v: string): string {
  if (key === null) return 'all runs';
  if (key === 'variant') return v || '(base)';
  const named = /[a-z]{2}/i.test(v) && !/^(true|false|null|yes|no|on|off)$/i.test(v.trim());
  return named ? v : `${shortKey(key)} = ${v}`;
}

function joinNames(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

/** "n = 3", or "1/3 seeds succeeded" when not every seed did. */
export function seedsText(c: CellStats): string {
  return c.completed < c.total ? `${c.completed}/${c.total} seeds succeeded` : `n = ${c.stats?.n ?? 0}`;
}

/**
 * The evidence of one comparison, in the metric's better-is-positive direction:
 * both intervals, P(ahead), d, the corrected p and the verdict; where the seeds
 * do not separate the two, how many seeds would.
 */
export function evidence(k: Comparison, sign: number, brief = false): string {
  const w = k.welch;
  if (w === null) return 'too few seeds on a side for an interval';
  const [lo, hi] = sign > 0 ? [w.lo, w.hi] : [-w.hi, -w.lo];
  // Intervals are per comparison (unadjusted); the verdict is the Holm-adjusted test's.
  const parts = [`95% Welch CI ${fmt(lo, 3)} to ${fmt(hi, 3)}`];
  // The opening paragraph keeps to the interval and the verdict; the rest is in the table and the detail.
  if (brief) {
    if (Number.isFinite(k.pHolm)) parts.push(`Holm-adjusted p ${pText(k.pHolm)}`);
    const n = k.seedsNeeded;
    const v = k.separated || w.diff === 0 || w.se === 0 || n === null ? verdictText(k) : `not separated; about ${n} seeds per configuration might separate them`;
    return `${parts.join('; ')}: ${v}`;
  }
  if (k.bootstrap) {
    const [blo, bhi] = sign > 0 ? [k.bootstrap.lo, k.bootstrap.hi] : [-k.bootstrap.hi, -k.bootstrap.lo];
    parts.push(`bootstrap ${fmt(blo, 3)} to ${fmt(bhi, 3)}`);
  }
  if (k.pImprove !== null) parts.push(`P(ahead) = ${fmt(k.pImprove, 2)}`);
  if (k.d !== null && Number.isFinite(k.d)) parts.push(`d = ${fmt(Math.abs(k.d), 2)}`);
  if (Number.isFinite(k.pHolm)) parts.push(`Holm-adjusted p ${pText(k.pHolm)}`);
  return `${parts.join('; ')}: ${verdictText(k)}`;
}

export function verdictText(k: Comparison): string {
  if (k.welch === null) return 'too few seeds';
  if (k.separated) return 'separated';
  if (k.welch.diff === 0) return 'tied';
  if (k.welch.se === 0) return 'no test possible: every seed gave the same value on each side';
  const n = k.seedsNeeded;
  return n === null
    ? 'not separated (a difference this small would need more than 10,000 seeds per configuration)'
    : `not separated; if the observed difference and spread are the true ones, about ${n} seeds per configuration would detect it with power ${TARGET_POWER}`;
}

interface At { r: number; c: number; cell: CellStats; mean: number }

function leaderSentences(t: SummaryTable): string[] {
  const metric = t.measure.label;
  const sign = t.measure.higherBetter ? 1 : -1;
  const isAcc = t.measure.id.endsWith('accuracy');
  const level = t.level;
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
  if (all.length === 0) return [`No finished run has a finite ${metric}.`];
  const best = all.reduce((a, b) => (better(b, a) ? b : a));
  const near = (a: At) => nearUntrained(a.mean, best.mean, level, sign);
  const chance = level ? `near ${isAcc ? 'chance' : 'its untrained value'} (the epoch-0 level, ${fmt(level.value, 3)})` : '';
  if (level && near(best)) {
    return [`Nothing learned: no cell's mean ${metric} gets clear of ${isAcc ? 'chance' : 'the untrained value'} (the epoch-0 level, ${fmt(level.value, 3)}); the best is ${meanStd(best.cell)}${at(best.c)}.`];
  }
  if (all.length === 1) return [`The mean ${metric} is ${meanStd(best.cell)} (${seedsText(best.cell)}).`];

  const out: string[] = [];
  const rows = t.rowValues.map((_, r) => r).filter((r) => present(r).length > 0);
  const ceiling = (r: number) => present(r).reduce((a, b) => (better(b, a) ? b : a));
  const average = (r: number) => present(r).reduce((s, a) => s + a.mean, 0) / present(r).length;
  const worst = rows.filter((r) => r !== best.r)
    .sort((x, y) => sign * (ceiling(x).mean - ceiling(y).mean) || sign * (average(x) - average(y)))[0];

  // The winner's margin is over the runner-up in its column, with the table's corrected test.
  const mine = t.comparisons.filter((k) => k.column === t.colValues[best.c] && k.a === t.rowValues[best.r]);
  const runnerUp = mine.length === 0 ? undefined
    : mine.reduce((x, y) => (sign * ((y.sb?.mean ?? -Infinity * sign) - (x.sb?.mean ?? -Infinity * sign)) > 0 ? y : x));
  let s = `${row(best.r)} has the best mean ${metric}, ${meanStd(best.cell)}${at(best.c)} (${seedsText(best.cell)})`;
  if (runnerUp === undefined || runnerUp.sb === null) {
    if (rows.length > 1) s += `; no other ${t.rowKey === 'variant' ? 'variant' : shortKey(t.rowKey ?? '')} has a finished seed there`;
  } else {
    const gap = sign * (best.mean - runnerUp.sb.mean);
    const other = rowName(t.rowKey, runnerUp.b);
    s += gap === 0
      ? `, tied with ${other}${multiCol ? ' there' : ''} (${fmt(runnerUp.sb.mean)})`
      : `, ${fmt(gap, 3)} ${sign > 0 ? 'above' : 'below'} ${other}, the runner-up${multiCol ? ' there' : ''} (${evidence(runnerUp, sign, true)})`;
  }
  out.push(`${s}.`);

  if (level !== null) {
    const always = rows.filter((r) => present(r).every(near));
    const partly = rows.filter((r) => !always.includes(r) && present(r).some(near));
    if (always.length > 0) {
      const gaps = always.some((r) => present(r).length < t.colValues.length) ? ' with a finished seed' : '';
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
  if (empty.length > 0) out.push(`${joinNames(empty.map(row))} ${empty.length === 1 ? 'has' : 'have'} no finished seed${multiCol ? ` at any ${colWord}` : ''}.`);

  if (multiCol) {
    const leads = t.rowValues.map((_, r) => cols.filter((c) => t.leader[r]![c]));
    const stars = t.rowValues.map((_, r) => cols.filter((c) => t.best[r]![c]));
    const leaders = t.rowValues.map((_, r) => r).filter((r) => leads[r]!.length > 0).sort((x, y) => leads[y]!.length - leads[x]!.length);
    const n = t.colValues.length;
    if (leaders.length === 1 && leads[leaders[0]!]!.length === n) {
      const r = leaders[0]!;
      // "Beats at every" only when every per-column test rejects.
      out.push(stars[r]!.length === n
        ? `${row(r)} beats every other ${t.rowKey === 'variant' ? 'variant' : shortKey(t.rowKey ?? '')} at every ${colWord} (${n} of ${n}, each separated after Holm's correction).`
        : `${row(r)} has the best mean at every ${colWord} (${n} of ${n}), but the seeds separate it from every other row at ${stars[r]!.length === 0 ? 'none' : `only ${stars[r]!.length}`} of them (Holm-corrected), so "better at every ${colWord}" is not shown.`);
    } else if (leaders.length > 0) {
      const parts = leaders.map((r, i) => `${row(r)} at ${leads[r]!.length}${i === 0 ? ` of ${n} ${colWord} values` : ''} (${t.colKey === 'variant' ? colList(leads[r]!) : leads[r]!.map((c) => t.colValues[c]).join(', ')}; separated at ${stars[r]!.length})`);
      out.push(`Best mean per ${colWord}: ${parts.join(', ')}.`);
    }
  }
  return out;
}

/** Most per-level sentences before the rest are left to the comparisons table. */
const MAX_LEVEL_SENTENCES = 8;

function baseSentences(t: SummaryTable): string[] {
  const metric = t.measure.label;
  const sign = t.measure.higherBetter ? 1 : -1;
  const b = t.baseColumn ?? 0;
  const base = t.cells[0]![b]!;
  const key = t.colKey ?? '';
  const name = (v: string) => (key === 'variant' ? v || '(base)' : `${shortKey(key)} = ${v}`);
  if (base.stats === null) return [`The base, ${name(t.colValues[b]!)}, has no finished seed, so no level can be compared with it.`];
  const out = [`Against the base, ${name(t.colValues[b]!)} (${meanStd(base)}, ${seedsText(base)}):`];
  const sorted = [...t.comparisons].sort((x, y) => sign * ((y.sa?.mean ?? 0) - (x.sa?.mean ?? 0)));
  const parts = sorted.slice(0, MAX_LEVEL_SENTENCES).map((k) => {
    const diff = (k.sa?.mean ?? NaN) - base.stats!.mean;
    const word = diff === 0 ? 'the same' : sign * diff > 0 ? 'better' : 'worse';
    const cell = t.cells[0]![t.colValues.indexOf(k.a)]!;
    return `${name(k.a)} ${meanStd(cell)} (${seedsText(cell)}), ${word}${diff === 0 ? '' : ` by ${fmt(Math.abs(diff), 3)}`} (${evidence(k, sign, true)})`;
  });
  out.push(parts.join('; ') + (sorted.length > MAX_LEVEL_SENTENCES ? `; ${sorted.length - MAX_LEVEL_SENTENCES} more in the comparisons table.` : '.'));
  const level = t.level;
  if (level) {
    const all = t.cells[0]!.filter((c) => c.stats).map((c) => c.stats!.mean);
    const top = sign > 0 ? Math.max(...all) : Math.min(...all);
    const low = t.colValues.filter((_, c) => t.cells[0]![c]!.stats && nearUntrained(t.cells[0]![c]!.stats!.mean, top, level, sign));
    if (low.length > 0) out.push(`Near ${t.measure.id.endsWith('accuracy') ? 'chance' : 'its untrained value'} (the epoch-0 level, ${fmt(level.value, 3)}): ${low.map(name).join(', ')}.`);
  }
  const wins = sorted.filter((k) => k.separated && sign * (k.welch?.diff ?? 0) > 0).map((k) => name(k.a));
  out.push(wins.length === 0
    ? `No level's ${metric} is separated from the base's in the better direction (Holm-corrected over ${t.comparisons.length} comparison${t.comparisons.length === 1 ? '' : 's'}).`
    : `Separated from the base in the better direction: ${joinNames(wins)}.`);
  return out;
}

export function headline(t: SummaryTable): Headline {
  return { title: t.title, text: (t.family === 'base' ? baseSentences(t) : leaderSentences(t)).join(' ') };
}
