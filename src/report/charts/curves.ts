/**
 * Learning and loss curves as small multiples: the mean over seeds as a line,
 * ± one std as a band. With many configurations the panels become the row
 * values and the lines the column values, so the page stays readable.
 */
import { configLabel, type Group } from '../aggregate.js';
import {
  completedRuns, excludedNote, LINE_LEGEND, seriesLabel, MAX_FACETS, MAX_SERIES, meanCurve, SPLIT_SCALE, topLevel, type Chart, type ChartContext, type Skipped,
} from './common.js';
import { taskScore } from '../model.js';

interface Panels {
  /** Panel title of a group. */
  panel: (g: Group) => string;
  /** Line label of a group and a split (train/validation). */
  series: (g: Group, split: string) => string;
  /** Which splits to draw. */
  splits: readonly { column: string; label: string }[];
  seriesTitle: string;
  notes: string[];
}

function panelsFor(ctx: ChartContext, splits: { column: string; label: string }[]): Panels {
  const all = (g: Group) => configLabel(g.values, ctx.keys);
  if (ctx.groups.length <= MAX_FACETS) {
    return { panel: all, series: (_g, s) => s, splits, seriesTitle: 'split', notes: [] };
  }
  // Too many configurations for one panel each: panel by everything but the columns key, a line per column value.
  const lineKey = ctx.layout.columns;
  const panelKeys = ctx.keys.filter((k) => k !== lineKey);
  const val = splits.filter((s) => s.column.startsWith('val'));
  return {
    panel: (g) => configLabel(g.values, panelKeys),
    series: (g) => (lineKey ? seriesLabel(g.values, [lineKey]) : 'all'),
    splits: val,
    seriesTitle: lineKey ?? '',
    notes: [`${ctx.groups.length} configurations: showing ${val.map((s) => s.label).join(' and ')} only, one panel per ${panelKeys.join(', ') || 'run set'} with a line per ${lineKey ?? 'configuration'}.`],
  };
}

function curves(
  ctx: ChartContext, name: string, what: string, splits: { column: string; label: string }[], logY: boolean,
): Chart | Skipped {
  if (ctx.data.epochs.size === 0) return { name, reason: 'epochs.csv has no rows' };
  const p = panelsFor(ctx, splits);
  const values: Record<string, unknown>[] = [];
  let skipped = 0;
  for (const g of ctx.groups) {
    for (const s of p.splits) {
      const c = meanCurve(completedRuns(g.runs), ctx.data.epochs, s.column, logY);
      skipped += c.skipped;
      for (const pt of c.points) values.push({ panel: p.panel(g), series: p.series(g, s.label), ...pt });
    }
  }
  if (values.length === 0) return { name, reason: `no completed run recorded ${splits.map((s) => s.column).join(' or ')} per epoch` };
  const panels = [...new Set(values.map((v) => v.panel as string))];
  const notes = [...p.notes];
  let shown = values;
  if (panels.length > MAX_FACETS) {
    const keep = new Set(panels.slice(0, MAX_FACETS));
    shown = values.filter((v) => keep.has(v.panel as string));
    notes.push(`Only the first ${MAX_FACETS} of ${panels.length} panels are drawn; the CSV files have them all.`);
  }
  const series = [...new Set(shown.map((v) => v.series as string))];
  if (series.length > MAX_SERIES) notes.push(`${series.length} lines per panel: colours repeat.`);
  if (skipped > 0) notes.push(`${skipped} non-finite${logY ? ' or non-positive' : ''} value(s) were skipped.`);
  const ex = excludedNote(ctx.data.runs);
  if (ex) notes.push(ex);
  const yTitle = `${what}${logY ? ' (log scale)' : ''}`;
  const y = { field: 'mean', type: 'quantitative', title: yTitle, scale: logY ? { type: 'log' } : { zero: false } };
  const splitLines = series.every((x) => SPLIT_SCALE.domain.includes(x));
  const color = { field: 'series', type: 'nominal', title: p.seriesTitle, sort: series, legend: { ...LINE_LEGEND, orient: 'top' }, ...(splitLines ? { scale: SPLIT_SCALE } : {}) };
  const nPanels = Math.min(panels.length, MAX_FACETS);
  const spec = topLevel(name === 'loss_curves' ? 'Loss curves' : 'Learning curves', {
    data: { values: shown },
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelLimit: 0 } },
    // At most 3 panels side by side (4 for many), so the chart keeps its size on a page.
    columns: nPanels <= 3 ? nPanels : nPanels === 4 ? 2 : nPanels <= 9 ? 3 : 4,
    spec: {
      width: nPanels <= 2 ? 300 : nPanels <= 4 ? 260 : 200,
      height: nPanels <= 2 ? 200 : 140,
      // Whole epochs only: a 3-epoch run would otherwise get ticks at 0.5, 1.0, 1.5 ...
      encoding: { x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: 'd', tickMinStep: 1 } }, color },
      layer: [
        { mark: { type: 'area', opacity: 0.18 }, encoding: { y: { field: 'lo', type: 'quantitative', title: yTitle, scale: y.scale }, y2: { field: 'hi' } } },
        { mark: { type: 'line', strokeWidth: 1.8 }, encoding: { y } },
      ],
    },
    resolve: { scale: { y: logY ? 'independent' : 'shared' } },
  });
  return {
    name,
    title: name === 'loss_curves' ? 'Loss curves' : 'Learning curves',
    caption: `${what[0]!.toUpperCase()}${what.slice(1)} per epoch (epoch 0 is before training). Lines are the mean over completed seeds; the shaded band is ± one sample standard deviation.`,
    notes, spec,
  };
}

/** The task's score per epoch: accuracy, or R² for regression (whose epochs.csv has no accuracy). */
export function learningCurves(ctx: ChartContext): Chart | Skipped {
  const score = taskScore(ctx.data.runs);
  return curves(ctx, 'learning_curves', score.name, [
    { column: `val_${score.base}`, label: 'validation' }, { column: `train_${score.base}`, label: 'train' },
  ], false);
}

export function lossCurves(ctx: ChartContext): Chart | Skipped {
  return curves(ctx, 'loss_curves', 'loss', [
    { column: 'val_loss', label: 'validation' }, { column: 'train_loss', label: 'train' },
  ], true);
}
