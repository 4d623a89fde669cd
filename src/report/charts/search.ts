/**
 * Charts of a search: the validation score against each searched value (a log axis for
 * log-uniform draws), every trial across every searched value at once (parallel coordinates),
 * and the expected best score against the number of trials (the budget curve, per arm).
 */
import { shortKey } from '../layout.js';
import { topLevel, type Chart, type ChartContext, type Skipped } from './common.js';

export function searchMetricChart(ctx: ChartContext): Chart | Skipped {
  const name = 'search_metric';
  const s = ctx.search;
  if (!s || Object.keys(s.info.space).length === 0) return { name, reason: 'no sweep key is drawn from a distribution' };
  const keys = Object.keys(s.info.space);
  const scored = s.trials.filter((t) => t.score !== null);
  if (scored.length === 0) return { name, reason: 'no trial has a score yet' };
  const colorField = s.info.protocol ? 'arm' : s.info.halving ? 'reached' : null;
  const panels = keys.map((k) => {
    const kind = s.info.space[k]!;
    const numeric = kind !== 'choice';
    const values = scored.map((t) => ({
      x: numeric ? Number(t.swept[k]) : t.swept[k], score: t.score, trial: t.label, arm: t.arm ?? '', reached: `${t.epochs} epoch${t.epochs === 1 ? '' : 's'}`,
    }));
    return {
      width: 260, height: 200,
      data: { values },
      mark: { type: 'point', filled: true, size: 50, opacity: 0.8 },
      encoding: {
        x: numeric
          ? { field: 'x', type: 'quantitative', title: `${shortKey(k)} (${kind})`, scale: kind === 'loguniform' ? { type: 'log' } : { zero: false } }
          : { field: 'x', type: 'nominal', title: shortKey(k) },
        y: { field: 'score', type: 'quantitative', title: `mean ${s.info.selection}`, scale: { zero: false } },
        ...(colorField ? { color: { field: colorField, type: 'nominal', title: colorField === 'arm' ? s.info.protocol!.compare : 'trained for' } } : {}),
        tooltip: [{ field: 'trial', title: 'trial' }, { field: 'score', title: s.info.selection, format: '.4f' }],
      },
    };
  });
  return {
    name,
    title: `${s.info.selection} against each searched value`,
    caption: `One point per trial: its mean ${s.info.selection} over its seeds${s.info.halving ? ' at the furthest rung it reached (colour: its epochs; later rungs trained longer, so their points sit higher for that reason too)' : ''}.${keys.some((k) => s.info.space[k] === 'loguniform') ? ' Log-uniform draws are on a log axis.' : ''}`,
    notes: s.trials.length > scored.length ? [`${s.trials.length - scored.length} trial(s) without a score are not drawn.`] : [],
    spec: topLevel(`${s.info.selection} against each searched value`, { hconcat: panels, resolve: { scale: { y: 'shared' } } }),
  };
}

export function parallelCoordinates(ctx: ChartContext): Chart | Skipped {
  const name = 'parallel_coordinates';
  const s = ctx.search;
  if (!s || Object.keys(s.info.space).length < 2) return { name, reason: 'fewer than two searched values' };
  const keys = Object.keys(s.info.space);
  const scored = s.trials.filter((t) => t.score !== null);
  if (scored.length === 0) return { name, reason: 'no trial has a score yet' };
  // Each axis from its lowest to its highest value among the trials (log for log-uniform, list order for choice).
  const position = new Map<string, (v: string) => number>();
  for (const k of keys) {
    const kind = s.info.space[k]!;
    const raw = scored.map((t) => t.swept[k] ?? '');
    if (kind === 'choice') {
      const levels = [...new Set(raw)];
      position.set(k, (v) => (levels.length > 1 ? levels.indexOf(v) / (levels.length - 1) : 0.5));
    } else {
      const f = kind === 'loguniform' ? (v: string) => Math.log(Number(v)) : (v: string) => Number(v);
      const xs = raw.map(f), lo = Math.min(...xs), hi = Math.max(...xs);
      position.set(k, (v) => (hi > lo ? (f(v) - lo) / (hi - lo) : 0.5));
    }
  }
  const values = scored.flatMap((t) => keys.map((k) => ({ axis: shortKey(k), pos: position.get(k)!(t.swept[k] ?? ''), value: t.swept[k], trial: t.label, score: t.score })));
  return {
    name,
    title: 'Every trial across the searched values',
    caption: `One line per trial through its value on each axis, each axis spanning the trials' lowest to highest value (log scale for log-uniform draws); the colour is its mean ${s.info.selection}.`,
    notes: [],
    spec: topLevel('Every trial across the searched values', {
      width: Math.max(240, 140 * keys.length), height: 220,
      data: { values },
      mark: { type: 'line', opacity: 0.7, point: true },
      encoding: {
        x: { field: 'axis', type: 'nominal', sort: keys.map(shortKey), title: null, axis: { labelAngle: 0 } },
        y: { field: 'pos', type: 'quantitative', title: 'low → high within the search', axis: { labels: false, ticks: false } },
        detail: { field: 'trial', type: 'nominal' },
        color: { field: 'score', type: 'quantitative', title: `mean ${s.info.selection}`, scale: { scheme: 'viridis' } },
        tooltip: [{ field: 'trial' }, { field: 'axis' }, { field: 'value' }, { field: 'score', format: '.4f' }],
      },
    }),
  };
}

export function budgetCurve(ctx: ChartContext): Chart | Skipped {
  const name = 'budget_curve';
  const s = ctx.search;
  if (!s || !s.info.protocol) return { name, reason: 'only a tune-then-test protocol compares tuning budgets' };
  const values = s.arms.flatMap((a) => a.curve.map((v, i) => ({ k: i + 1, expected: v, arm: a.arm })));
  if (values.length === 0) return { name, reason: 'no tuning trial has a score yet' };
  const title = `Expected best ${s.info.selection} against the tuning budget`;
  return {
    name,
    title,
    caption: `For each arm, the expected best ${s.info.selection} of k of its trials drawn at random (Dodge et al. 2019), computed exactly from its ${s.info.protocol.budget} tuning trials${s.info.halving ? ' (each at its first rung, where every trial had the same budget)' : ''}. An arm that leads only at large k won by having more search, not by being better at a given budget; a curve still rising at the right edge would likely gain from more trials.`,
    notes: [],
    spec: topLevel(title, {
      width: 420, height: 240,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'k', type: 'quantitative', title: 'tuning trials (k)', axis: { tickMinStep: 1 } },
        y: { field: 'expected', type: 'quantitative', title: `expected best ${s.info.selection}`, scale: { zero: false } },
        color: { field: 'arm', type: 'nominal', title: s.info.protocol.compare },
        strokeDash: { field: 'arm', type: 'nominal', title: s.info.protocol.compare },
        tooltip: [{ field: 'arm' }, { field: 'k' }, { field: 'expected', format: '.4f' }],
      },
    }),
  };
}
