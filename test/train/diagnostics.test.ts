import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/nn/build.js';
import { makeLoss } from '../../src/nn/losses.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { matmul } from '../../src/tensor/kernels.js';
import { Rng } from '../../src/tensor/rng.js';
import { Diagnostics, frobenius, meanStd } from '../../src/train/diagnostics.js';
import { trainRun } from '../../src/train/trainer.js';
import { epochColumns, EPOCH_BASE_COLUMNS } from '../../src/experiment/store/results.js';
import { data, fakeClock, makeConfig } from './fixtures.js';

const deep = [100, 100, 100, 100, 100, 100];

function initialDiagnostics(weights: string): Record<string, number> {
  // Only the epoch-0 record matters: a small training split keeps the one epoch cheap (probe = its first 200 rows).
  const cfg = makeConfig({ data: { train_size: 200 }, model: { hidden: deep, init: { weights, biases: 'zeros' } }, train: { epochs: 1, diagnostics: true, probe_size: 256 } });
  const r = trainRun(cfg, data(cfg.data), { now: fakeClock() });
  expect(r.status).toBe('completed');
  return r.history[0]!.diagnostics;
}

const std = (d: Record<string, number>, i: number) => d[`L${i}_act_std`]!;

describe('diagnostics', () => {
  it('records every Dense layer\'s four statistics, in the results-table column order, every epoch', () => {
    const cfg = makeConfig({ model: { hidden: [32, 16] }, train: { epochs: 2, diagnostics: true, probe_size: 64 } });
    const r = trainRun(cfg, data(cfg.data), { now: fakeClock() });
    const expected = epochColumns(3).slice(EPOCH_BASE_COLUMNS.length);
    expect(expected).toHaveLength(12);
    for (const h of r.history) {
      expect(Object.keys(h.diagnostics)).toEqual(expected);
      for (const v of Object.values(h.diagnostics)) expect(Number.isFinite(v)).toBe(true);
      for (let i = 1; i <= 3; i++) {
        expect(h.diagnostics[`L${i}_act_std`]).toBeGreaterThan(0);
        expect(h.diagnostics[`L${i}_grad_norm`]).toBeGreaterThan(0);
      }
      // Post-ReLU activations are non-negative, so their mean is too; the raw output's need not be.
      expect(h.diagnostics.L1_act_mean).toBeGreaterThan(0);
    }
    // Training moves the weights.
    expect(r.history[2]!.diagnostics.L1_weight_norm).not.toBe(r.history[0]!.diagnostics.L1_weight_norm);
    // Off → no diagnostics at all.
    const off = trainRun({ ...cfg, train: { ...cfg.train, diagnostics: false } }, data(cfg.data), { now: fakeClock() });
    expect(off.history.every((h) => Object.keys(h.diagnostics).length === 0)).toBe(true);
  });

  it('a regression run records them too (the probe backpropagates its loss against the targets), and they change no number', () => {
    const friedman = { dataset: 'friedman' as const, samples: 300, val_size: 60, noise: 1, scale: 'standardize' as const };
    const cfg = makeConfig({ data: friedman, loss: 'huber', model: { hidden: [16] }, optimizer: { name: 'adam', lr: 0.01 }, train: { epochs: 2, diagnostics: true, probe_size: 64 } });
    const r = trainRun(cfg, data(cfg.data), { now: fakeClock() });
    expect(r.status).toBe('completed');
    const expected = epochColumns(2, true).filter((c) => /^L\d+_/.test(c));
    expect(expected).toHaveLength(8);
    for (const h of r.history) {
      expect(Object.keys(h.diagnostics)).toEqual(expected);
      expect(h.diagnostics.L1_grad_norm).toBeGreaterThan(0);
      expect(h.diagnostics.L2_grad_norm).toBeGreaterThan(0);
    }
    const off = trainRun({ ...cfg, train: { ...cfg.train, diagnostics: false } }, data(cfg.data), { now: fakeClock() });
    expect(off.history.map((h) => h.metrics)).toEqual(r.history.map((h) => h.metrics));
    expect(off.metrics).toEqual(r.metrics);
  });

  it('N(0, 0.01) init: activations shrink ~10× per layer and gradients vanish; He keeps them; Xavier in between', () => {
    const small = initialDiagnostics('normal(0.01)');
    const he = initialDiagnostics('he_normal');
    const xavier = initialDiagnostics('xavier_normal');
    for (let i = 1; i < 6; i++) expect(std(small, i + 1)).toBeLessThan(0.2 * std(small, i));
    expect(std(small, 6) / std(small, 1)).toBeLessThan(1e-5);
    for (let i = 2; i <= 6; i++) {
      expect(std(he, i) / std(he, 1)).toBeGreaterThan(0.5);
      expect(std(he, i) / std(he, 1)).toBeLessThan(2);
    }
    // Xavier halves the variance through each ReLU: a slow decline, not a collapse.
    expect(std(xavier, 6) / std(xavier, 1)).toBeLessThan(0.5);
    expect(std(xavier, 6) / std(xavier, 1)).toBeGreaterThan(0.05);
    for (let i = 1; i <= 7; i++) {
      expect(small[`L${i}_grad_norm`]).toBeLessThan(1e-5);
      expect(he[`L${i}_grad_norm`]).toBeGreaterThan(0.1);
    }
    // ‖W‖ of an [n_in, n_out] N(0, σ²) matrix ≈ σ·√(n_in·n_out).
    expect(small.L1_weight_norm).toBeCloseTo(0.01 * Math.sqrt(64 * 100), 1);
    expect(small.L2_weight_norm).toBeCloseTo(0.01 * Math.sqrt(100 * 100), 1);
    expect(small.L7_weight_norm).toBeCloseTo(0.01 * Math.sqrt(100 * 10), 1);
    expect(he.L2_weight_norm / (Math.sqrt(2 / 100) * 100)).toBeCloseTo(1, 1);
  });

  it('matches a hand computation of the last layer\'s output statistics and weight gradient', () => {
    const d = data(makeConfig().data);
    const model = buildModel(makeConfig({ model: { hidden: [20, 15] } }).model, 64, 10, new Rng(4));
    const loss = makeLoss('softmax_cross_entropy');
    const probe = { x: d.train.x.sliceRows(0, 40), y: d.train.y.subarray(0, 40) };
    const diag = new Diagnostics(model, loss, probe).measure();

    const trace: Matrix[] = [];
    const out = model.forward(probe.x, false, (_i, h) => trace.push(h.clone()));
    const { mean, std: s } = meanStd(out);
    expect(diag.L3_act_mean).toBe(mean);
    expect(diag.L3_act_std).toBe(s);
    // Layer 2's post-ReLU output is the input of the last Dense.
    const h2 = trace[trace.length - 2]!;
    expect(diag.L2_act_mean).toBe(meanStd(h2).mean);
    // dL/dW3 = h2ᵀ · dL/dOut, the latter already divided by the batch size.
    loss.forward(out, probe.y);
    const gW = Matrix.zeros(15, 10);
    matmul(h2, loss.backward(), gW, { transA: true });
    expect(diag.L3_grad_norm).toBeCloseTo(frobenius(gW), 6);
    expect(diag.L3_weight_norm).toBe(frobenius(model.denseLayers()[2]!.W.value));
  });

  it('leaves the training gradients, the weights and the dropout stream untouched', () => {
    const d = data(makeConfig().data);
    const spec = makeConfig({ model: { hidden: [20], dropout: 0.5 } }).model;
    const a = buildModel(spec, 64, 10, new Rng(5));
    const b = buildModel(spec, 64, 10, new Rng(5));
    const probe = { x: d.train.x.sliceRows(0, 30), y: d.train.y.subarray(0, 30) };
    a.params().forEach((p, k) => p.grad.data.fill(k + 1));
    const before = a.params().map((p) => [p.value.data.slice(), p.grad.data.slice()]);
    new Diagnostics(a, makeLoss('softmax_cross_entropy'), probe).measure();
    a.params().forEach((p, k) => {
      expect(p.value.data).toEqual(before[k]![0]);
      expect(p.grad.data).toEqual(before[k]![1]);
    });
    // The next training forward draws the same dropout mask as in a model never probed.
    const x = d.train.x.sliceRows(0, 8);
    expect(a.forward(x, true).data).toEqual(b.forward(x, true).data);
  });

  it('does not change a run: diagnostics on or off give identical metrics (dropout and batch norm included)', () => {
    const cfg = makeConfig({ model: { hidden: [32, 32], dropout: 0.3, batch_norm: true }, train: { epochs: 3, batch_size: 40, probe_size: 100 } });
    const on = trainRun({ ...cfg, train: { ...cfg.train, diagnostics: true } }, data(cfg.data), { now: fakeClock() });
    const off = trainRun(cfg, data(cfg.data), { now: fakeClock() });
    expect(on.status).toBe('completed');
    const strip = (r: typeof on) => r.history.map(({ diagnostics: _d, ...rest }) => rest);
    expect(strip(on)).toEqual(strip(off));
    expect(on.test_accuracy).toBe(off.test_accuracy);
  });
});
