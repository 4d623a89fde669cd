/**
 * Per-layer diagnostics: how activation spread and gradient size change with
 * depth at initialization and after training, and the weights' total norm
 * against L2 strength.
 */
import { configLabel, type Group } from '../aggregate.js';
import { seriesLabel } from './common.js';
import { orderedValues } from '../layout.js';
import type { EpochRow, RunRow } from '../model.js';
import { summarize } from '../stats/index.js';
import { completedRuns, excludedNote, topLevel, type Chart, type ChartContext, type Skipped } from './common.js';

/** Dense layer numbers that have a given diagnostic column, from the first run's epochs. */
export function diagnosticLayers(epochs: Map<string, EpochRow[]>, stat: string): number[] {
  const layers = new Set<number>();
  for (const rows of epochs.values()) {
    for (const col of Object.keys(rows[0] ?? {})) {
      const m = /^L(\d+)_(.+)$/.exec(col);
      if (m && m[2] === stat && rows.some((r) => r[col] != null)) layers.add(Number(m[1]));
    }
  }
  return [...layers].sort((a, b) => a - b);
}

/**
 * Why epochs.csv has no diagnostics: the spec turned them off, or (with them on) the runs are
 * regression ones from an nnlab before regression runs recorded them — not "off", which they were not.
 */
function noDiagnosticsWhy(ctx: ChartContext): string {
  const on = ctx.data.spec.baseConfig?.['train.diagnostics'] !== 'false';
  const regression = [...ctx.data.epochs.values()].some((rows) => rows.some((r) => r.val_r2 != null || r.train_r2 != null));
  if (on && regression) return 'these regression runs were trained by an nnlab that recorded none for regression; `nnlab run <spec> --force` retrains them with diagnostics';
  return 'train.diagnostics was off';
}

function lastRow(rows: readonly EpochRow[] | undefined): EpochRow | undefined {
  return rows && rows.length > 0 ? rows[rows.length - 1] : undefined;
}

/** Most panels per row: the start plus the end at each column value. */
const MAX_WHEN = 5;
/** Most sub-charts stacked per statistic, one per combination of the remaining keys (e.g. per variant). */
const MAX_SPLITS = 4;

interface Panels {
  series: (g: Group) => string;
  when: (g: Group, end: boolean) => string;
  /** Which stacked sub-chart a group belongs to ('' when there is one). */
  split: (g: Group) => string;
  order: string[];
  splitKeys: string[];
  notes: string[];
}

/**
 * Colour = the rows key (e.g. the initializer). Panels: the start (epoch 0,
 * which the learning rate cannot have touched yet), then the end of training
 * at each value of the columns key. The remaining keys (e.g. the variant) get
 * a sub-chart each: one network's layer statistics averaged with another's
 * (a ReLU net with a tanh net) describe neither. Only past MAX_SPLITS are they pooled.
 */
function panelsOf(ctx: ChartContext): Panels {
  const rowKey = ctx.layout.rows ?? ctx.keys[0] ?? null;
  let colKey = ctx.layout.columns;
  const notes: string[] = [];
  const colValues = colKey ? orderedValues(ctx.groups.map((g) => g.values[colKey!]!)) : [];
  if (colKey && colValues.length + 1 > MAX_WHEN) {
    notes.push(`End-of-training values are pooled over ${colKey} (${colValues.length} values).`);
    colKey = null;
  }
  let splitKeys = ctx.keys.filter((k) => k !== rowKey && k !== ctx.layout.columns);
  const splits = new Set(ctx.groups.map((g) => configLabel(g.values, splitKeys)));
  if (splits.size > MAX_SPLITS) {
    notes.push(`Values are pooled over ${splitKeys.join(', ')} (${splits.size} combinations).`);
    splitKeys = [];
  }
  const endLabel = (v: string | null) => (v === null ? 'end of training' : `end, ${configLabel({ [colKey!]: v }, [colKey!])}`);
  return {
    series: (g) => (rowKey ? seriesLabel(g.values, [rowKey]) : 'all runs'),
    when: (g, end) => (end ? endLabel(colKey ? g.values[colKey]! : null) : 'start (epoch 0)'),
    split: (g) => (splitKeys.length ? configLabel(g.values, splitKeys) : ''),
    order: ['start (epoch 0)', ...(colKey ? colValues.map(endLabel) : [endLabel(null)])],
    splitKeys,
    notes,
  };
}

export function layerDiagnostics(ctx: ChartContext): Chart | Skipped {
  const name = 'layer_diagnostics';
  // [column stat, label, axis title short enough for one panel's height]
  const stats = [['act_std', 'activation std', 'activation std (log)'], ['grad_norm', 'weight-gradient norm', 'gradient norm (log)']] as const;
  if (diagnosticLayers(ctx.data.epochs, 'act_std').length === 0) {
    return { name, reason: `epochs.csv has no per-layer diagnostics (${noDiagnosticsWhy(ctx)})` };
  }
  const p = panelsOf(ctx);
  // Pool runs per (split, series, panel): the start pools every run of a series.
  const pools = new Map<string, { split: string; series: string; when: string; end: boolean; runs: RunRow[] }>();
  for (const g of ctx.groups) {
    for (const end of [false, true]) {
      const key = JSON.stringify([p.split(g), p.series(g), p.when(g, end)]);
      const pool = pools.get(key) ?? { split: p.split(g), series: p.series(g), when: p.when(g, end), end, runs: [] };
      pool.runs.push(...completedRuns(g.runs));
      pools.set(key, pool);
    }
  }
  const values: Record<string, unknown>[] = [];
  let skipped = 0;
  for (const pool of pools.values()) {
    for (const [stat, statLabel] of stats) {
      for (const layer of diagnosticLayers(ctx.data.epochs, stat)) {
        const xs: number[] = [];
        for (const r of pool.runs) {
          const rows = ctx.data.epochs.get(r.run_id);
          const row = pool.end ? lastRow(rows) : rows?.find((e) => e.epoch === 0);
          const v = row?.[`L${layer}_${stat}`];
          if (v == null) continue;
          if (Number.isFinite(v) && v > 0) xs.push(v);
          else skipped++;
        }
        const sm = summarize(xs);
        if (sm) values.push({ split: pool.split, series: pool.series, stat: statLabel, when: pool.when, layer, mean: sm.mean, n: sm.n });
        // A layer with only zero values (a dead layer) keeps its place as a gap: the line must not bridge over it.
        else if (pool.runs.length > 0) values.push({ split: pool.split, series: pool.series, stat: statLabel, when: pool.when, layer, mean: null, n: 0 });
      }
    }
  }
  if (!values.some((v) => v.mean !== null)) return { name, reason: 'no completed run has positive, finite diagnostics' };
  const notes = [...p.notes, excludedNote(ctx.data.runs)].filter((n): n is string => n !== null);
  if (skipped > 0) notes.push(`${skipped} zero or non-finite value(s) cannot be drawn on a log axis and were skipped (a zero activation std means a dead layer).`);
  const series = [...new Set(values.map((v) => v.series as string))];
  const splits = [...new Set(values.map((v) => v.split as string))];
  const when = p.order.filter((w) => values.some((v) => v.when === w));
  const split = splits.length > 1 || splits[0] !== '';
  // One block per statistic; with splits (e.g. variants) a row of panels each, sharing the
  // statistic's log axis so that a ReLU net's activations can be read against a tanh net's.
  const block = (statLabel: string, axisTitle: string) => ({
    transform: [{ filter: { field: 'stat', equal: statLabel } }],
    facet: {
      column: { field: 'when', type: 'nominal', title: null, sort: when, header: { labelFontWeight: 'bold' } },
      ...(split ? { row: { field: 'split', type: 'nominal', title: p.splitKeys.join(', '), sort: splits, header: { labelFontWeight: 'bold', labelAngle: 0, labelAlign: 'left', labelLimit: 0 } } } : {}),
    },
    spec: {
      width: when.length <= 2 ? 260 : 170, height: split ? 120 : 150,
      // invalid: null breaks the line at a missing (dead) layer instead of joining its neighbours.
      mark: { type: 'line', point: { filled: true, size: 35 }, invalid: null },
      encoding: {
        x: { field: 'layer', type: 'ordinal', title: 'Dense layer (from the input)', axis: { labelAngle: 0 } },
        // One tick format on a log axis spanning decades ("1e-7", "1e-6", …), never "0.000001" beside "1e-7".
        y: { field: 'mean', type: 'quantitative', scale: { type: 'log' }, title: axisTitle, axis: { format: '.0e', labelFontSize: 11, tickCount: 5 } },
        // Entries are row values (variant names can be long): never cut, or two could read the same.
        color: { field: 'series', type: 'nominal', title: ctx.layout.rows ?? 'configuration', sort: series, legend: { labelLimit: 0 } },
      },
    },
  });
  const spec = topLevel('Per-layer diagnostics', {
    data: { values },
    vconcat: stats.map(([, label, axis]) => block(label, axis)),
  });
  const by = split ? ` One row of panels per ${p.splitKeys.join(', ')}, so runs that differ in it are never averaged together; one shared axis per statistic.` : ' One shared axis per row.';
  return {
    name, title: 'Per-layer diagnostics by depth', notes, spec,
    caption: `Activation standard deviation and weight-gradient norm of each Dense layer, measured on a fixed probe batch before training (epoch 0) and at the last epoch; mean over completed seeds, log scale.${by} Values that shrink or grow steadily with depth point to a poor initialization.`,
  };
}

/** √(Σ_i ‖W_i‖²) from a row's per-layer weight norms. */
export function totalWeightNorm(row: EpochRow | undefined): number | null {
  if (!row) return null;
  let ss = 0, any = false;
  for (const [col, v] of Object.entries(row)) {
    if (/^L\d+_weight_norm$/.test(col) && v != null) { ss += v * v; any = true; }
  }
  return any ? Math.sqrt(ss) : null;
}

export function weightNormVsL2(ctx: ChartContext): Chart | Skipped {
  const name = 'weight_norm_vs_l2';
  const L2 = 'regularization.l2';
  if (!ctx.keys.includes(L2)) return { name, reason: 'the L2 strength (regularization.l2) is not swept' };
  if (diagnosticLayers(ctx.data.epochs, 'weight_norm').length === 0) return { name, reason: 'epochs.csv has no weight-norm diagnostics' };
  const seriesKeys = ctx.keys.filter((k) => k !== L2);
  const values: Record<string, unknown>[] = [];
  for (const g of ctx.groups) {
    const norms = completedRuns(g.runs).map((r) => totalWeightNorm(lastRow(ctx.data.epochs.get(r.run_id))));
    const sm = summarize(norms.filter((v): v is number => v !== null && v > 0));
    if (!sm) continue;
    const sd = sm.std ?? 0;
    values.push({
      series: seriesLabel(g.values, seriesKeys), l2: g.values[L2], mean: sm.mean,
      lo: sm.mean - sd > 0 ? sm.mean - sd : sm.min, hi: sm.mean + sd, n: sm.n,
    });
  }
  if (values.length === 0) return { name, reason: 'no completed run has a final weight norm' };
  const notes = [excludedNote(ctx.data.runs)].filter((n): n is string => n !== null);
  const xOrder = orderedValues(values.map((v) => v.l2 as string));
  const series = [...new Set(values.map((v) => v.series as string))];
  const spec = topLevel('Weight norm vs L2 strength', {
    data: { values },
    width: Math.max(200, Math.min(420, 70 * xOrder.length)), height: 240,
    encoding: {
      x: { field: 'l2', type: 'ordinal', sort: xOrder, title: 'L2 strength λ', axis: { labelAngle: 0 } },
      color: { field: 'series', type: 'nominal', title: seriesKeys.join(', ') || null, sort: series },
    },
    layer: [
      { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { y: { field: 'lo', type: 'quantitative', scale: { type: 'log' }, title: 'final ‖W‖ over all layers (log)' }, y2: { field: 'hi' } } },
      { mark: { type: 'line', point: { filled: true, size: 45 } }, encoding: { y: { field: 'mean', type: 'quantitative' } } },
    ],
  });
  return {
    name, title: 'Final weight norm against L2 strength', notes, spec,
    caption: 'Total weight norm √(Σ‖Wᵢ‖²) over the Dense layers at the last epoch; mean over completed seeds with ± one sample standard deviation, log scale. λ is drawn as categories so that λ = 0 has a place.',
  };
}
