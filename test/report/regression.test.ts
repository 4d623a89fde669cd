/** A regression sweep's report: every table, chart and finding on r2 / rmse / mae, none on the (NaN) accuracies. */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { readSpecInfo } from '../../src/report/specinfo.js';
import { recordedMetrics, resultsTasks, type EpochRow, type ResultsData, type RunRow } from '../../src/report/model.js';

const SPEC = 'name: reg\ndata: { dataset: friedman, samples: 400 }\nloss: mse\nseeds: 2\nsweep:\n  loss: [mse, huber]\n';

/** A regression run as runs.csv holds it: accuracies NaN, r2/rmse/mae in the targets' units. */
function run(id: string, loss: string, seed: number, r2: number, status = 'completed'): RunRow {
  const broken = status === 'diverged';
  const v = (x: number) => (broken ? NaN : x);
  return {
    run_id: id, variant: '', swept: { loss }, seed: String(seed), status, epochs: broken ? 2 : 4, diverged_epoch: broken ? 2 : null, seconds: 1, error: '',
    metrics: {
      val_accuracy: NaN, test_accuracy: NaN, train_accuracy: NaN, best_val_accuracy: NaN, val_loss: v(0.1), train_loss: v(0.05),
      val_r2: v(r2), test_r2: v(r2 - 0.01), train_r2: v(r2 + 0.05), val_rmse: v(2 * (1 - r2)), test_rmse: v(2 * (1 - r2) + 0.1), train_rmse: v(1),
      val_mae: v(1.5 * (1 - r2)), test_mae: v(1.5 * (1 - r2) + 0.1), train_mae: v(0.8),
    },
  };
}

/** R² climbing from below 0 (worse than the mean) at epoch 0 to the run's final value, peaking one epoch early. */
function epochs(r: RunRow): EpochRow[] {
  const final = r.metrics.val_r2!;
  const last = r.status === 'diverged' ? 2 : 4;
  return Array.from({ length: last + 1 }, (_, e) => {
    const blown = r.status === 'diverged' && e === last;
    const val = e === 0 ? -0.5 : e === 3 ? 0.9 : 0.5 + 0.1 * e;
    return {
      epoch: e, train_loss: blown ? NaN : 1 / (e + 1), val_loss: blown ? NaN : 1.2 / (e + 1), train_accuracy: NaN, val_accuracy: NaN,
      val_r2: blown ? NaN : Number.isFinite(final) && e === last ? final : val, train_r2: blown ? NaN : val + 0.05, val_rmse: blown ? NaN : 3 - e * 0.5,
    };
  });
}

function results(runs: RunRow[], specText = SPEC): ResultsData {
  const warnings: string[] = [];
  return {
    name: 'reg', sweptKeys: ['loss'], hasVariants: false, runs, epochs: new Map(runs.map((r) => [r.run_id, epochs(r)])),
    specText, spec: readSpecInfo(specText, warnings, runs), environment: null, warnings,
  };
}

const RUNS = [run('a0', 'mse', 0, 0.86), run('a1', 'mse', 1, 0.87), run('b0', 'huber', 0, 0.85), run('b1', 'huber', 1, 0.84, 'diverged')];

describe('a regression report', () => {
  it('reads the task from the values recorded: r2 and the losses, never the NaN accuracies', () => {
    expect([...resultsTasks(RUNS)]).toEqual(['regression']);
    expect(recordedMetrics(RUNS)).toEqual(['val_r2', 'test_r2', 'train_r2', 'val_rmse', 'test_rmse', 'train_rmse', 'val_mae', 'test_mae', 'train_mae', 'val_loss', 'train_loss']);
    // Nothing finite (every run diverged): the r2 columns still tell.
    expect([...resultsTasks([run('x', 'mse', 0, 0.5, 'diverged')])]).toEqual(['regression']);
  });

  it('ranks by val_r2 without report.metric, and a diverged seed counts at its epoch-0 R²', () => {
    const m = buildReport(results(RUNS));
    expect(m.metric).toBe('val_r2');
    const huber = m.tables[0]!.cells.flat().find((c) => c.seeds.some((s) => s.run.run_id === 'b1'))!;
    expect(huber.seeds.map((s) => [s.run.run_id, s.value, s.untrained])).toEqual([['b0', 0.85, false], ['b1', -0.5, true]]);
    expect(huber.unscored).toBe(0);
  });

  it('the all-configurations table has r2/rmse/mae, the gap and best epoch on R², and no accuracy column', () => {
    const m = buildReport(results(RUNS));
    const ids = m.overviewMeasures.map((x) => x.id);
    expect(ids.filter((id) => /accuracy/.test(id))).toEqual([]);
    expect(ids).toEqual(['val_r2', 'val_loss', 'train_loss', 'test_r2', 'train_r2', 'val_rmse', 'test_rmse', 'train_rmse', 'val_mae', 'test_mae', 'train_mae', 'generalization_gap', 'best_epoch']);
    const labels = Object.fromEntries(m.overviewMeasures.map((x) => [x.id, x.label]));
    expect(labels.generalization_gap).toBe('generalization gap (train − val R²)');
    expect(labels.best_epoch).toBe('best epoch (by val R²)');
    const mse = m.overview.find((o) => o.group.label === 'loss=mse')!;
    expect(mse.cells.generalization_gap!.stats!.mean).toBeCloseTo(0.05, 10);
    // The epoch of the highest validation R² (0.9 at epoch 3, above the final 0.86/0.87).
    expect(mse.cells.best_epoch!.stats!.mean).toBe(3);
    for (const o of m.overview) for (const id of ['val_r2', 'val_rmse', 'generalization_gap']) expect(o.cells[id]!.stats).not.toBeNull();
  });

  it('draws the learning curves on R² per epoch', () => {
    const m = buildReport(results(RUNS));
    const curves = m.charts.find((c) => c.name === 'learning_curves');
    expect(curves, JSON.stringify(m.skippedCharts)).toBeDefined();
    expect(curves!.caption).toMatch(/^R² per epoch/);
    const values = (curves!.spec.data as { values: { mean: number; series: string }[] }).values;
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values.map((v) => v.series))).toEqual(new Set(['validation', 'train']));
    expect(values.every((v) => Number.isFinite(v.mean))).toBe(true);
    // Asked for, the generalization chart compares train and validation R² too.
    const d = results(RUNS);
    const gap = buildReport({ ...d, spec: { ...d.spec, report: { ...d.spec.report, charts: ['generalization_gap'] } } }).charts.find((c) => c.name === 'generalization_gap');
    expect(gap?.title).toBe('Generalization gap: train vs validation R²');
  });

  it('the page: every-run columns are r2/rmse/mae, no "no value" cells, the dash note names the regression metrics', () => {
    const m = buildReport(results(RUNS));
    const html = renderHtml(m, [], { generatedAt: '2026-01-01T00:00:00Z', resultsDir: 'results/reg' });
    const runs = html.slice(html.indexOf('<section id="runs">'));
    expect(runs).toMatch(/<th>val_r2<\/th><th>test_r2<\/th><th>train_r2<\/th><th>val_rmse<\/th><th>test_rmse<\/th><th>val_mae<\/th><th>test_mae<\/th><th>val_loss<\/th><th>train_loss<\/th>/);
    expect(runs).toMatch(/has no test r2, rmse or mae \(—\)/);
    expect(html).not.toMatch(/accuracy/);
    expect(html).not.toMatch(/no value/);
    expect(renderMarkdown(m, [])).toMatch(/has no test r2, rmse or mae \(—\)/);
  });

  it('a spec.yaml naming the other task\'s metric (read tolerantly) falls back to val_r2 with a warning', () => {
    const m = buildReport(results(RUNS, `${SPEC}report: { metric: val_accuracy }\n`));
    expect(m.metric).toBe('val_r2');
    expect(m.warnings).toContain('spec.yaml: report.metric val_accuracy is a classification metric, but the runs are regression (real-valued targets), which record no accuracy; using val_r2');
  });
});
