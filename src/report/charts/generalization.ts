/**
 * Final train vs validation score (accuracy, or R² for regression) per configuration:
 * the distance between the two is the generalization gap a regularization study is about.
 */
import { cellStats, configLabel, metricMeasure } from '../aggregate.js';
import { orderedValues } from '../layout.js';
import { taskScore } from '../model.js';
import { MAX_FACETS, SPLIT_SCALE, topLevel, type Chart, type ChartContext, type Skipped } from './common.js';

/** The key on the x axis: the L2 strength if swept, else a regularization key, else the columns key. */
/** Characters of a panel title (~6 px each) past which only two panels fit side by side. */
const LONG_TITLE = 40;

export function regularizationKey(keys: readonly string[], columns: string | null): string | null {
  if (keys.includes('regularization.l2')) return 'regularization.l2';
  return keys.find((k) => /^regularization\.|dropout|weight_decay/.test(k)) ?? columns ?? keys[0] ?? null;
}

export function generalizationGap(ctx: ChartContext): Chart | Skipped {
  const name = 'generalization_gap';
  const xKey = regularizationKey(ctx.keys, ctx.layout.columns);
  const panelKeys = ctx.keys.filter((k) => k !== xKey);
  const score = taskScore(ctx.data.runs);
  // An accuracy band cannot leave [0, 1]; R² cannot exceed 1 but has no floor.
  const floor = score.base === 'accuracy' ? 0 : -Infinity;
  const values: Record<string, unknown>[] = [];
  for (const g of ctx.groups) {
    for (const [metric, split] of [[`train_${score.base}`, 'train'], [`val_${score.base}`, 'validation']] as const) {
      // Every seed counts, as in the tables: diverged and failed seeds at their untrained level.
      const c = cellStats(g.runs, metricMeasure(metric, ctx.data.epochs, ctx.data.runs));
      if (c.stats === null) continue;
      const sd = c.stats.std ?? 0;
      values.push({
        x: xKey ? g.values[xKey] : 'all', panel: configLabel(g.values, panelKeys), split,
        mean: c.stats.mean, lo: Math.max(floor, c.stats.mean - sd), hi: Math.min(1, c.stats.mean + sd), n: c.stats.n,
      });
    }
  }
  if (values.length === 0) return { name, reason: `no completed run has train and validation ${score.name}` };
  const notes: string[] = [];
  const panels = [...new Set(values.map((v) => v.panel as string))];
  let shown = values;
  if (panels.length > MAX_FACETS) {
    const keep = new Set(panels.slice(0, MAX_FACETS));
    shown = values.filter((v) => keep.has(v.panel as string));
    notes.push(`Only the first ${MAX_FACETS} of ${panels.length} panels are drawn.`);
  }
  const broken = ctx.data.runs.filter((r) => r.status === 'diverged' || r.status === 'failed').length;
  if (broken > 0) notes.push(`${broken} diverged or failed run(s) count at their untrained (epoch-0) level in these means, as in the tables.`);
  const xOrder = orderedValues(shown.map((v) => v.x as string));
  const numericX = xOrder.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  const nPanels = Math.min(panels.length, MAX_FACETS);
  const inner = {
    width: Math.max(160, Math.min(360, 60 * xOrder.length)),
    height: 200,
    encoding: {
      x: { field: 'x', type: 'ordinal', sort: xOrder, title: xKey ?? '', axis: { labelAngle: 0 } },
      color: { field: 'split', type: 'nominal', title: 'split', sort: ['train', 'validation'], scale: SPLIT_SCALE },
      // Train and validation side by side within each x step, so one split's bar never hides the other's.
      xOffset: { field: 'split', type: 'nominal', sort: ['train', 'validation'], scale: { paddingOuter: 0.6 } },
    },
    layer: [
      { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { y: { field: 'lo', type: 'quantitative', title: `final ${score.name} (mean ± std)`, scale: { zero: false } }, y2: { field: 'hi' } } },
      // Lines only join levels of a number (an L2 or dropout strength); variants are categories: points.
      { mark: numericX ? { type: 'line', point: { filled: true, size: 45 } } : { type: 'point', filled: true, size: 45 }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
    ],
  };
  const spec = panels.length > 1
    ? topLevel(`Train vs validation ${score.name}`, {
        data: { values: shown },
        // Panel titles are whole (two could differ only at the end); long ones get fewer panels per row,
        // so the chart keeps its size on the page instead of being scaled down.
        facet: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelLimit: 0 } },
        columns: Math.min(nPanels, Math.max(...panels.map((x) => x.length)) > LONG_TITLE ? 2 : 3),
        spec: inner,
      })
    : topLevel(`Train vs validation ${score.name}`, { data: { values: shown }, ...inner });
  return {
    name, title: `Generalization gap: train vs validation ${score.name}`, notes, spec,
    caption: `Final ${score.name} on the training and validation sets by ${xKey ?? 'configuration'}; the vertical distance is the generalization gap. Points are means over every seed (diverged and failed ones at their untrained level), bars ± one sample standard deviation, cut at ${score.base === 'accuracy' ? '[0, 1]' : '1 (the most R² can be)'}.`,
  };
}
