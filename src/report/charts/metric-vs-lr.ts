/** Final metric against learning rate on a log axis: one line per setting of the other keys, bars ± 1 std. */
import { cellStats, metricMeasure } from '../aggregate.js';
import { MAX_SERIES, seriesLabel, topLevel, type Chart, type ChartContext, type Skipped } from './common.js';

const LR = 'optimizer.lr';
/** Distinct colours of tableau20. */
const PALETTE_20 = 20;
/** Longest legend entry (characters) that still sits beside the plot; longer ones go below it. */
const SIDE_LABEL_CHARS = 32;

/**
 * Legend entries here name every other swept key ("init.weights=he_normal, momentum=0.9, …"), so
 * they are never cut (two entries could differ only after the cut); long ones go below the plot,
 * which keeps its size.
 */
function seriesLegend(series: readonly string[]): Record<string, unknown> {
  const whole = { labelLimit: 0, titleLimit: 0 };
  const longest = Math.max(...series.map((s) => s.length));
  if (longest <= SIDE_LABEL_CHARS) return whole;
  // Two columns when there are many entries and two fit the page's width (~6 px a character).
  return { ...whole, orient: 'bottom', direction: 'vertical', columns: series.length > 6 && longest <= 2 * SIDE_LABEL_CHARS ? 2 : 1 };
}

export function metricVsLr(ctx: ChartContext): Chart | Skipped {
  const name = 'metric_vs_lr';
  if (!ctx.keys.includes(LR)) return { name, reason: 'the learning rate (optimizer.lr) is not swept' };
  const seriesKeys = ctx.keys.filter((k) => k !== LR);
  // Every seed counts here as in the tables: diverged and failed seeds at their untrained level.
  const m = metricMeasure(ctx.metric, ctx.data.epochs, ctx.data.runs);
  // An accuracy bar cannot leave [0, 1].
  const clip = ctx.metric.endsWith('accuracy') ? (x: number) => Math.min(1, Math.max(0, x)) : (x: number) => x;
  const values: Record<string, unknown>[] = [];
  const notes: string[] = [];
  let nonPositive = 0;
  let unranked = 0;
  for (const g of ctx.groups) {
    const lr = Number(g.values[LR]);
    if (!(lr > 0)) { nonPositive++; continue; }
    const c = cellStats(g.runs, m);
    if (c.stats === null) { if (c.unscored > 0) unranked++; continue; }
    const sd = c.stats.std ?? 0;
    values.push({
      series: seriesLabel(g.values, seriesKeys), lr, mean: c.stats.mean,
      lo: clip(c.stats.mean - sd), hi: clip(c.stats.mean + sd), n: c.stats.n, of: c.total,
    });
  }
  if (values.length === 0) return { name, reason: `no completed run has a finite ${ctx.metric}` };
  if (nonPositive > 0) notes.push(`${nonPositive} configuration(s) with learning rate ≤ 0 cannot be placed on a log axis and are left out.`);
  const broken = ctx.data.runs.filter((r) => r.status === 'diverged' || r.status === 'failed').length;
  if (broken > 0) notes.push(`${broken} diverged or failed run(s) count at their untrained (epoch-0) level in these means, as in the tables.`);
  if (unranked > 0) notes.push(`${unranked} configuration(s) with a diverged or failed seed that has no epoch-0 row to score it are left out (not ranked anywhere).`);
  const series = [...new Set(values.map((v) => v.series as string))];
  if (series.length > PALETTE_20) notes.push(`${series.length} lines: colours repeat.`);
  const color = {
    field: 'series', type: 'nominal', title: seriesKeys.length ? seriesKeys.join(', ') : null, sort: series,
    // Past 10 lines, 20 colours (tableau20) rather than the page's 10 repeating.
    scale: { scheme: series.length > MAX_SERIES ? 'tableau20' : 'tableau10' },
    legend: seriesLegend(series),
  };
  // Padding keeps the end points (and their bars) off the axes.
  // Ticks at exactly the swept rates: a log axis's own ticks crowd or drop them.
  const lrs = [...new Set(values.map((v) => v.lr as number))].sort((a, b) => a - b);
  const x = {
    field: 'lr', type: 'quantitative', scale: { type: 'log', nice: false, padding: 14 }, title: 'learning rate (log scale)',
    axis: { values: lrs, format: '~g', grid: true },
  };
  const spec = topLevel(`${ctx.metric} vs learning rate`, {
    data: { values },
    width: 420,
    height: 260,
    encoding: { x, color },
    layer: [
      { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { y: { field: 'lo', type: 'quantitative', title: `${ctx.metric} (mean ± std)`, scale: { zero: false } }, y2: { field: 'hi' } } },
      // Dash and point shape as well as hue, so two series with the same values never hide each other
      // (the colour legend names them; Vega-Lite does not merge these legends with a schemed colour scale).
      { mark: { type: 'line', point: { filled: true, size: 40 } }, encoding: { y: { field: 'mean', type: 'quantitative' }, strokeDash: { field: 'series', type: 'nominal', sort: series, legend: null }, shape: { field: 'series', type: 'nominal', sort: series, legend: null } } },
    ],
  });
  return {
    name, title: `Final ${ctx.metric} against learning rate`, notes, spec,
    caption: `Each point is the mean over every seed (diverged and failed ones at their untrained level); bars span ± one sample standard deviation, cut at the metric's range. The x axis is logarithmic. Lines differ by dash and point shape as well as colour.`,
  };
}
