/** What every chart builder shares: its result type, the page-wide look, and per-epoch aggregation over seeds. */
import type { EpochRow, RunRow } from '../model.js';
import type { SearchSection } from '../search/section.js';
import { summarize } from '../stats/index.js';
import { trained } from '../../train/learned.js';

export interface Chart {
  name: string;
  title: string;
  /** One or two sentences under the chart: what is drawn and how (bands, bars, exclusions). */
  caption: string;
  /** Things the reader should know (runs excluded, facets capped, ...). */
  notes: string[];
  /** A complete Vega-Lite spec with its data inline. */
  spec: Record<string, unknown>;
}

export interface Skipped {
  name: string;
  reason: string;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Shared look: a generic font stack (nothing is fetched), quiet axes, a white background for print. */
export const CHART_CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  background: 'white',
  padding: 8,
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  header: { labelFontSize: 12, titleFontSize: 12, labelLimit: 260 },
  title: { fontSize: 14, anchor: 'start' },
  range: { category: { scheme: 'tableau10' } },
};

export function topLevel(title: string, body: Record<string, unknown>): Record<string, unknown> {
  return safeSortOrders({ $schema: VEGA_LITE_SCHEMA, title, config: CHART_CONFIG, ...body });
}

/** Most facets a small-multiples chart draws before it falls back to coarser panels. */
export const MAX_FACETS = 12;
/** Most coloured lines a panel shows (the palette has 10 distinct colours). */
export const MAX_SERIES = 10;

export interface CurvePoint {
  epoch: number;
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

/**
 * Mean ± one sample std per epoch of column over runs. Non-finite values
 * (and non-positive ones when positive is set, for log axes) are skipped;
 * the count of skipped values is returned so the chart can say so.
 */
export function meanCurve(
  runs: readonly RunRow[], epochs: Map<string, EpochRow[]>, column: string, positive = false,
): { points: CurvePoint[]; skipped: number } {
  // An accuracy band cannot leave [0, 1]; clipping keeps the axis on the possible range.
  const clip = column.endsWith('accuracy') ? (x: number) => Math.min(1, Math.max(0, x)) : (x: number) => x;
  const byEpoch = new Map<number, number[]>();
  let skipped = 0;
  for (const run of runs) {
    for (const row of epochs.get(run.run_id) ?? []) {
      const e = row.epoch, v = row[column];
      if (e == null || v === undefined || v === null) continue;
      if (!Number.isFinite(v) || (positive && v <= 0)) { skipped++; continue; }
      const list = byEpoch.get(e) ?? [];
      list.push(v);
      byEpoch.set(e, list);
    }
  }
  const points: CurvePoint[] = [];
  for (const [epoch, vs] of [...byEpoch.entries()].sort((a, b) => a[0] - b[0])) {
    const s = summarize(vs)!;
    const sd = s.std ?? 0;
    const lo = positive && s.mean - sd <= 0 ? s.min : s.mean - sd; // a band below zero cannot be drawn on a log axis
    points.push({ epoch, mean: s.mean, lo: clip(lo), hi: clip(s.mean + sd), n: s.n });
  }
  return { points, skipped };
}

/**
 * Runs that trained to their end (completed or failed_to_learn): their curves are whole. A diverged
 * run's last epochs are NaN/inf and would drag every mean with it; a run that failed to learn is
 * drawn, since its rising loss is often what the study is about.
 */
export function completedRuns(runs: readonly RunRow[]): RunRow[] {
  return runs.filter((r) => trained(r.status));
}

export function excludedNote(all: readonly RunRow[]): string | null {
  const n = all.length - completedRuns(all).length;
  return n > 0 ? `${n} run${n === 1 ? '' : 's'} that diverged, failed with an error or did not finish ${n === 1 ? 'is' : 'are'} left out of this chart (runs that failed to learn are drawn).` : null;
}

import { configLabel, type Group } from '../aggregate.js';
import type { Layout } from '../layout.js';
import type { ResultsData } from '../model.js';
import { safeSortOrders } from './safe-sort.js';

/** Everything a chart builder may look at. */
export interface ChartContext {
  data: ResultsData;
  groups: Group[];
  layout: Layout;
  /** The summary metric (report.metric). */
  metric: string;
  /** Configuration keys (variant + swept). */
  keys: string[];
  /** A search's trials and arms (absent for a grid). */
  search?: SearchSection | null;
}

/** A legend entry: the bare value when one key varies (the legend title names it), else "k=v, ...". */
export function seriesLabel(values: Record<string, string>, keys: readonly string[]): string {
  if (keys.length === 1) return keys[0] === 'variant' ? values[keys[0]!] || '(base)' : values[keys[0]!]!;
  return configLabel(values, keys);
}

/** One colour per split in every chart of a report (tableau10's first two), so train never turns blue in one figure and orange in the next. */
export const SPLIT_SCALE = { domain: ['validation', 'train'], range: ['#4c78a8', '#f58518'] };

/** Colour legend of a band + line layer: draw the symbols as opaque strokes, not as the pale band. */
export const LINE_LEGEND = { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 };
