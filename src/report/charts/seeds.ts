/**
 * Distributions, not only means: every seed's final value as a dot beside its
 * configuration's mean and 95% bootstrap interval. A cell where two seeds
 * learned and one did not looks like that here, where its mean ± std does not.
 * Dots are the values each seed counts with (diverged and failed seeds at their
 * untrained level), shaped by outcome. The bar is the 95% t interval of the mean
 * (a percentile bootstrap covers far less than 95% with 2–5 seeds), cut at
 * [0, 1] for accuracies.
 */
import { cellStats, metricMeasure } from '../aggregate.js';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { MAX_FACETS, topLevel, type Chart, type ChartContext, type Skipped } from './common.js';
import { count } from '../words.js';

/** Outcome → legend label, in legend order. */
const OUTCOMES: Record<string, string> = {
  completed: 'succeeded',
  failed_to_learn: 'failed to learn',
  diverged: 'diverged (untrained level)',
  failed: 'failed (untrained level)',
};
const SHAPES = ['circle', 'triangle-up', 'cross', 'square'];
const COLORS = ['#4c78a8', '#e45756', '#b279a2', '#9d755d'];

export function seedsChart(ctx: ChartContext): Chart | Skipped {
  const name = 'seeds';
  const m = metricMeasure(ctx.metric, ctx.data.epochs, ctx.data.runs);
  const dots: Record<string, unknown>[] = [];
  const means: Record<string, unknown>[] = [];
  const panelKey = ctx.layout.others.length > 0 ? ctx.layout.others : [];
  const xKeys = ctx.keys.filter((k) => !panelKey.includes(k));
  const clip = ctx.metric.endsWith('accuracy') ? (v: number) => Math.min(1, Math.max(0, v)) : (v: number) => v;
  for (const g of ctx.groups) {
    const c = cellStats(g.runs, m);
    if (c.seeds.length === 0) continue;
    const x = xKeys.map((k) => (k === 'variant' ? g.values[k] || '(base)' : g.values[k])).join(', ') || 'all runs';
    const panel = panelKey.map((k) => (k === 'variant' ? g.values[k] || '(base)' : `${k}=${g.values[k]}`)).join(', ');
    for (const s of c.seeds) dots.push({ x, panel, value: s.value, outcome: OUTCOMES[s.run.status] ?? s.run.status, seed: s.run.seed });
    if (c.stats) {
      const { n, mean, std } = c.stats;
      const half = std === null ? 0 : tQuantile(0.975, n - 1) * std / Math.sqrt(n);
      means.push({ x, panel, mean, lo: clip(mean - half), hi: clip(mean + half) });
    }
  }
  if (dots.length === 0) return { name, reason: `no finished run has a ${ctx.metric} to show` };
  const panels = [...new Set(dots.map((d) => d.panel as string))];
  const notes: string[] = [];
  let shownDots = dots, shownMeans = means;
  if (panels.length > MAX_FACETS) {
    const keep = new Set(panels.slice(0, MAX_FACETS));
    shownDots = dots.filter((d) => keep.has(d.panel as string));
    shownMeans = means.filter((d) => keep.has(d.panel as string));
    notes.push(`Only the first ${MAX_FACETS} of ${panels.length} panels are drawn.`);
  }
  const xOrder = [...new Set(ctx.groups.map((g) => xKeys.map((k) => (k === 'variant' ? g.values[k] || '(base)' : g.values[k])).join(', ') || 'all runs'))];
  // Accuracies on their whole range, so a dot at chance is not on the frame's edge; others padded.
  const y = { type: 'quantitative', title: `final ${ctx.metric}`, scale: ctx.metric.endsWith('accuracy') ? { domain: [0, 1], padding: 6 } : { zero: false, padding: 8 } };
  const outcomes = Object.values(OUTCOMES);
  // One inline data source (dots and means tagged by kind, each layer filtering its own): the page-wide
  // chart helpers (e.g. safe sort orders for names like "constructor") work on top-level data.
  const all = [...shownDots.map((d) => ({ ...d, kind: 'dot' })), ...shownMeans.map((d) => ({ ...d, kind: 'mean' }))];
  const only = (kind: string) => [{ filter: { field: 'kind', equal: kind } }];
  const inner = {
    width: Math.max(200, Math.min(720, 28 * xOrder.length)),
    height: 220,
    layer: [
      {
        transform: only('mean'),
        mark: { type: 'rule', strokeWidth: 2, color: '#333' },
        encoding: { x: { field: 'x', type: 'nominal', sort: xOrder, title: xKeys.join(', ') || null, axis: { labelAngle: -40, labelLimit: 0 } }, y: { field: 'lo', ...y }, y2: { field: 'hi' } },
      },
      {
        transform: only('mean'),
        mark: { type: 'tick', thickness: 2, size: 18, color: '#333' },
        encoding: { x: { field: 'x', type: 'nominal', sort: xOrder }, y: { field: 'mean', ...y } },
      },
      {
        transform: only('dot'),
        // One mark per seed: the browser test counts them.
        name: 'seed_dots',
        mark: { type: 'point', filled: true, size: 45, opacity: 0.75 },
        encoding: {
          x: { field: 'x', type: 'nominal', sort: xOrder },
          xOffset: { field: 'seed', type: 'nominal' },
          y: { field: 'value', ...y },
          shape: { field: 'outcome', type: 'nominal', title: 'outcome', scale: { domain: outcomes, range: SHAPES } },
          color: { field: 'outcome', type: 'nominal', title: 'outcome', scale: { domain: outcomes, range: COLORS } },
          tooltip: [{ field: 'x', title: 'configuration' }, { field: 'seed' }, { field: 'value', format: '.4f' }, { field: 'outcome' }],
        },
      },
    ],
  };
  const title = `Every seed's final ${ctx.metric}`;
  const spec = panels.length > 1
    ? topLevel(title, { data: { values: all }, facet: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelLimit: 0 } }, columns: 1, spec: inner, resolve: { scale: { x: 'independent' } } })
    : topLevel(title, { data: { values: all }, ...inner });
  return {
    name, title: `Every seed: final ${ctx.metric} per configuration`, notes, spec,
    caption: `Each dot is one seed's final ${ctx.metric} (${count(dots.length, 'seed')}), the value it counts with in every mean: diverged and failed seeds at their untrained (epoch-0) level, shaped by outcome. The black tick is the mean over every seed; the bar is its 95% t interval (mean ± t·s/√n), cut at the metric's range; a configuration with one seed has no bar.`,
  };
}
