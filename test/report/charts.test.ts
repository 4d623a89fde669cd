import { describe, expect, it } from 'vitest';
import { groupRuns } from '../../src/report/aggregate.js';
import { buildReport } from '../../src/report/build.js';
import { autoCharts } from '../../src/report/charts/choose.js';
import { meanCurve, type ChartContext } from '../../src/report/charts/common.js';
import { totalWeightNorm } from '../../src/report/charts/diagnostics.js';
import { scopeSvgIds } from '../../src/report/charts/svg.js';
import { chooseLayout, configKeys } from '../../src/report/layout.js';
import { DEFAULT_REPORT, type EpochRow, type ResultsData, type RunRow } from '../../src/report/model.js';

function run(id: string, swept: Record<string, string>, status = 'completed'): RunRow {
  return { run_id: id, variant: '', swept, seed: '0', status, epochs: 2, diverged_epoch: null, metrics: { val_accuracy: 0.9 }, seconds: 1, error: '' };
}

function ctxOf(runs: RunRow[], sweptKeys: string[], epochs: Map<string, EpochRow[]>): ChartContext {
  const data: ResultsData = {
    name: 'c', sweptKeys, hasVariants: false, runs, epochs, specText: null, environment: null, warnings: [],
    spec: { name: 'c', description: null, report: DEFAULT_REPORT, expectedRuns: null },
  };
  return { data, groups: groupRuns(data), layout: chooseLayout(data, DEFAULT_REPORT, []), metric: 'val_accuracy', keys: configKeys(data) };
}

describe('meanCurve', () => {
  it('mean ± sample std per epoch, skipping non-finite values and reporting how many', () => {
    const epochs = new Map<string, EpochRow[]>([
      ['a', [{ epoch: 0, val_loss: 2 }, { epoch: 1, val_loss: 1 }]],
      ['b', [{ epoch: 0, val_loss: 4 }, { epoch: 1, val_loss: 3 }]],
      ['c', [{ epoch: 0, val_loss: 3 }, { epoch: 1, val_loss: NaN }]],
    ]);
    const c = meanCurve([run('a', {}), run('b', {}), run('c', {})], epochs, 'val_loss', true);
    // epoch 0: [2, 4, 3] → mean 3, std 1; epoch 1: [1, 3] → mean 2, std √2 = 1.41421 → lo 0.586
    expect(c.skipped).toBe(1);
    expect(c.points[0]).toEqual({ epoch: 0, mean: 3, lo: 2, hi: 4, n: 3 });
    expect(c.points[1]!.mean).toBe(2);
    expect(c.points[1]!.lo).toBeCloseTo(2 - Math.SQRT2, 12);
  });

  it('on a log axis a band reaching below zero is cut at the smallest value', () => {
    const epochs = new Map<string, EpochRow[]>([['a', [{ epoch: 1, train_loss: 0.1 }]], ['b', [{ epoch: 1, train_loss: 2.1 }]]]);
    const [p] = meanCurve([run('a', {}), run('b', {})], epochs, 'train_loss', true).points;
    // mean 1.1, std √2 = 1.414 → mean − std < 0, so lo = min = 0.1
    expect(p!.lo).toBe(0.1);
  });

  it('accuracy bands stay inside [0, 1]', () => {
    const epochs = new Map<string, EpochRow[]>([['a', [{ epoch: 1, val_accuracy: 0.99 }]], ['b', [{ epoch: 1, val_accuracy: 0.8 }]]]);
    const [p] = meanCurve([run('a', {}), run('b', {})], epochs, 'val_accuracy').points;
    expect(p!.hi).toBe(1);
  });
});

describe('metric_vs_lr legend', () => {
  // One run per configuration of the given keys (with optimizer.lr in [0.01, 0.1]).
  function sweepRuns(other: Record<string, string[]>): RunRow[] {
    let combos: Record<string, string>[] = [{}];
    for (const [k, vs] of Object.entries({ ...other, 'optimizer.lr': ['0.01', '0.1'] })) combos = combos.flatMap((c) => vs.map((v) => ({ ...c, [k]: v })));
    return combos.map((swept, i) => run(`r${i}`, swept));
  }
  function legendOf(other: Record<string, string[]>): { color: Record<string, any>; notes: string[] } {
    const runs = sweepRuns(other);
    const m = buildReport({ ...ctxOf(runs, [...Object.keys(other), 'optimizer.lr'], new Map()).data, spec: { name: 'c', description: null, report: { ...DEFAULT_REPORT, charts: ['metric_vs_lr'] }, expectedRuns: null } });
    const chart = m.charts.find((c) => c.name === 'metric_vs_lr')!;
    return { color: (chart.spec.encoding as Record<string, any>).color, notes: chart.notes };
  }

  it('series differ by dash and point shape as well as hue (relu and tanh lines with equal values stay apart)', () => {
    const runs = sweepRuns({ variant: ['relu', 'tanh'] });
    const m = buildReport({ ...ctxOf(runs, ['variant', 'optimizer.lr'], new Map()).data, spec: { name: 'c', description: null, report: { ...DEFAULT_REPORT, charts: ['metric_vs_lr'] }, expectedRuns: null } });
    const spec = m.charts.find((c) => c.name === 'metric_vs_lr')!.spec as { layer: { encoding: Record<string, any> }[] };
    const line = spec.layer[1]!.encoding;
    expect(line.strokeDash).toMatchObject({ field: 'series' });
    expect(line.shape).toMatchObject({ field: 'series' });
  });

  it('short entries: beside the plot, never cut, 10 colours', () => {
    const { color, notes } = legendOf({ 'model.init.weights': ['he_normal', 'normal(0.01)', 'xavier_uniform'] });
    expect(color.legend).toEqual({ labelLimit: 0, titleLimit: 0 });
    expect(color.scale).toEqual({ scheme: 'tableau10' });
    expect(notes).toEqual([]);
  });

  it('12 long entries (three other keys): whole, below the plot in two columns, 20 colours', () => {
    const { color, notes } = legendOf({
      'model.init.weights': ['normal(0.01)', 'he_normal', 'xavier_uniform'], 'optimizer.momentum': ['0.5', '0.9'], 'train.batch_size': ['16', '64'],
    });
    expect(color.sort).toHaveLength(12);
    expect(color.sort).toContain('init.weights=xavier_uniform, momentum=0.9, batch_size=64');
    expect(color.legend).toEqual({ labelLimit: 0, titleLimit: 0, orient: 'bottom', direction: 'vertical', columns: 2 });
    expect(color.scale).toEqual({ scheme: 'tableau20' });
    expect(notes).toEqual([]);
  });

  it('more lines than 20 colours: says that colours repeat', () => {
    const { color, notes } = legendOf({ 'model.hidden': Array.from({ length: 21 }, (_, i) => `[${i + 1}]`) });
    expect(color.sort).toHaveLength(21);
    expect(notes).toEqual(['21 lines: colours repeat.']);
  });
});

describe('chart choice', () => {
  const diag = new Map<string, EpochRow[]>([['r0', [{ epoch: 0, val_accuracy: 0.1, L1_act_std: 1, L1_grad_norm: 1, L1_weight_norm: 3 }]]]);
  it('fits the sweep: lr → metric_vs_lr; init + diagnostics → layer_diagnostics; l2 → gap and weight norm', () => {
    expect(autoCharts(ctxOf([run('r0', { 'model.init.weights': 'he', 'optimizer.lr': '0.1' })], ['model.init.weights', 'optimizer.lr'], diag)))
      .toEqual(['seeds', 'metric_vs_lr', 'layer_diagnostics', 'learning_curves', 'loss_curves']);
    expect(autoCharts(ctxOf([run('r0', { 'regularization.l2': '0' })], ['regularization.l2'], diag)))
      .toEqual(['seeds', 'generalization_gap', 'weight_norm_vs_l2', 'learning_curves', 'loss_curves']);
    expect(autoCharts(ctxOf([run('r0', { 'optimizer.name': 'adam' })], ['optimizer.name'], new Map()))).toEqual(['seeds']);
  });

  it('a requested chart that cannot be drawn is a warning, not an error', () => {
    const c = ctxOf([run('r0', { 'optimizer.name': 'adam' })], ['optimizer.name'], diag);
    const m = buildReport({ ...c.data, spec: { ...c.data.spec, report: { ...DEFAULT_REPORT, charts: ['metric_vs_lr', 'learning_curves'] } } });
    expect(m.charts.map((x) => x.name)).toEqual(['seeds', 'learning_curves']);
    expect(m.warnings).toEqual(['chart metric_vs_lr was requested but not drawn: the learning rate (optimizer.lr) is not swept']);
  });
});

describe('split colours', () => {
  it('train and validation keep one colour each across the gap chart and the learning curves; epochs tick as whole numbers', () => {
    const runs = ['0', '0.01'].flatMap((l2, i) => [0, 1].map((seed) => ({
      ...run(`r${i}${seed}`, { 'regularization.l2': l2 }), seed: String(seed), metrics: { val_accuracy: 0.9, train_accuracy: 0.95 },
    })));
    const epochs = new Map<string, EpochRow[]>(runs.map((r) => [r.run_id, [{ epoch: 0, val_accuracy: 0.1, train_accuracy: 0.1 }, { epoch: 1, val_accuracy: 0.9, train_accuracy: 0.95 }]]));
    const c = ctxOf(runs, ['regularization.l2'], epochs);
    const m = buildReport({ ...c.data, spec: { ...c.data.spec, report: { ...DEFAULT_REPORT, charts: ['generalization_gap', 'learning_curves'] } } });
    const colorOf = (name: string) => {
      const spec = m.charts.find((x) => x.name === name)!.spec as Record<string, any>;
      return (spec.spec ?? spec).encoding.color;
    };
    const scales = ['generalization_gap', 'learning_curves'].map((n) => colorOf(n).scale);
    // The gap chart lists train first and the curves validation first; the scale, not the order, fixes the colours.
    expect(colorOf('generalization_gap').sort).toEqual(['train', 'validation']);
    expect(colorOf('learning_curves').sort).toEqual(['validation', 'train']);
    for (const sc of scales) expect(sc).toEqual({ domain: ['validation', 'train'], range: ['#4c78a8', '#f58518'] });
    // In the gap chart the two splits sit side by side at each x, so neither error bar hides the other.
    expect(colorOf('generalization_gap').field).toBe('split');
    const gap = m.charts.find((x) => x.name === 'generalization_gap')!.spec as Record<string, any>;
    expect((gap.spec ?? gap).encoding.xOffset).toMatchObject({ field: 'split' });
    // Epochs are whole numbers on the axis.
    const curves = m.charts.find((x) => x.name === 'learning_curves')!.spec as Record<string, any>;
    expect(curves.spec.encoding.x.axis).toEqual({ format: 'd', tickMinStep: 1 });
  });
});

describe('helpers', () => {
  it('total weight norm is the root of the summed squared layer norms', () => {
    expect(totalWeightNorm({ epoch: 3, L1_weight_norm: 3, L2_weight_norm: 4, L1_act_std: 100 })).toBe(5);
    expect(totalWeightNorm({ epoch: 3 })).toBeNull();
  });

  it('scopes SVG ids and their references so inlined charts do not share clip paths', () => {
    const svg = '<clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"><use href="#clip1"/></g>';
    expect(scopeSvgIds(svg, 'f2')).toBe('<clipPath id="f2-clip1"><rect/></clipPath><g clip-path="url(#f2-clip1)"><use href="#f2-clip1"/></g>');
  });
});

describe('layer diagnostics', () => {
  it('a dead layer (zero activation std) is a gap in its line, not bridged, and the log axis has one tick format', async () => {
    const { layerDiagnostics } = await import('../../src/report/charts/diagnostics.js');
    const row = (epoch: number, l2: number) => ({ epoch, val_accuracy: 0.5, L1_act_std: 1, L2_act_std: l2, L3_act_std: 1e-7, L1_grad_norm: 1, L2_grad_norm: 1, L3_grad_norm: 1 });
    const epochs = new Map<string, EpochRow[]>([['r0', [row(0, 0.5), row(2, 0)]]]);
    const chart = layerDiagnostics(ctxOf([run('r0', { 'model.init.weights': 'he' })], ['model.init.weights'], epochs));
    if (!('spec' in chart)) throw new Error(chart.reason);
    const values = (chart.spec.data as { values: Record<string, unknown>[] }).values;
    const dead = values.filter((v) => v.layer === 2 && v.stat === values.find((x) => x.mean === null)?.stat && v.mean === null);
    expect(dead).toHaveLength(1);
    const block = (chart.spec.vconcat as { spec: { mark: Record<string, unknown>; encoding: { y: { axis: { format: string } } } } }[])[0]!.spec;
    expect(block.mark.invalid).toBeNull();
    expect(block.encoding.y.axis.format).toBe('.0e');
    expect(chart.notes.join(' ')).toMatch(/dead layer/);
  });

  it('without diagnostics, says why: off in the spec, or regression runs of an nnlab that recorded none (not "off")', async () => {
    const { layerDiagnostics } = await import('../../src/report/charts/diagnostics.js');
    const epochs = new Map<string, EpochRow[]>([['r0', [{ epoch: 0, val_r2: -0.5, L1_act_std: null }, { epoch: 1, val_r2: 0.6, L1_act_std: null }]]]);
    const ctx = ctxOf([run('r0', { loss: 'mse' })], ['loss'], epochs);
    const reason = (c: ReturnType<typeof layerDiagnostics>) => ('reason' in c ? c.reason : 'drawn');
    expect(reason(layerDiagnostics(ctx))).toMatch(/regression runs were trained by an nnlab that recorded none for regression; `nnlab run <spec> --force`/);
    const off = { ...ctx, data: { ...ctx.data, spec: { ...ctx.data.spec, baseConfig: { 'train.diagnostics': 'false' } } } };
    expect(reason(layerDiagnostics(off))).toBe('epochs.csv has no per-layer diagnostics (train.diagnostics was off)');
  });
});
