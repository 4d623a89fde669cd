import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { BatchNorm } from '../../src/nn/batchnorm.js';
import { checkLayer } from '../../src/nn/gradcheck.js';
import { mean, randn, SHAPES, std } from './helpers.js';

function column(m: Matrix, j: number): number[] {
  return Array.from({ length: m.rows }, (_, i) => m.get(i, j));
}

describe('BatchNorm', () => {
  it('normalizes each feature of a training batch to mean 0, variance 1 (biased)', () => {
    const bn = new BatchNorm(3, { dtype: 'float64' });
    const x = randn(64, 3, 'bn-x', 4);
    for (let i = 0; i < 64; i++) { x.data[i * 3]! += 10; x.data[i * 3 + 2]! *= 0.01; }
    const y = bn.forward(x, true);
    for (let j = 0; j < 3; j++) {
      expect(Math.abs(mean(column(y, j)))).toBeLessThan(1e-12);
      // Exactly v/(v + eps) for the batch's biased variance v: eps = 1e-5 pulls the tiny third feature visibly below 1.
      const v = std(column(x, j)) ** 2;
      expect(std(column(y, j)) ** 2).toBeCloseTo(v / (v + 1e-5), 12);
    }
  });

  it('applies gamma and beta and matches a hand computation', () => {
    const bn = new BatchNorm(1, { dtype: 'float64', eps: 1e-5 });
    bn.gamma.value.data[0] = 2;
    bn.beta.value.data[0] = -1;
    const x = Matrix.fromRows([[1], [2], [3], [6]], 'float64'); // mean 3, biased var 3.5
    const y = bn.forward(x, true);
    const s = Math.sqrt(3.5 + 1e-5);
    expect(Array.from(y.data)).toEqual([1, 2, 3, 6].map((v) => 2 * ((v - 3) / s) - 1).map((v) => expect.closeTo(v, 12)));
  });

  it('updates running stats as (1−momentum)·old + momentum·batch, with the unbiased variance', () => {
    const bn = new BatchNorm(1, { dtype: 'float64', momentum: 0.2 });
    bn.forward(Matrix.fromRows([[1], [2], [3], [6]], 'float64'), true);
    expect(bn.runningMean.data[0]).toBeCloseTo(0.8 * 0 + 0.2 * 3, 12);
    expect(bn.runningVar.data[0]).toBeCloseTo(0.8 * 1 + 0.2 * (14 / 3), 12); // Σ(x−μ)²/(B−1) = 14/3
  });

  it('running stats converge to the data mean/var and eval uses them', () => {
    const bn = new BatchNorm(2, { dtype: 'float64', momentum: 0.02 }); // averages ~100 batches
    const rng = new Rng('bn-stream');
    const batch = Matrix.zeros(32, 2, 'float64');
    for (let step = 0; step < 400; step++) {
      for (let i = 0; i < 32; i++) { batch.data[i * 2] = rng.normal(5, 2); batch.data[i * 2 + 1] = rng.normal(-1, 0.5); }
      bn.forward(batch, true);
    }
    expect(Math.abs(bn.runningMean.data[0]! - 5)).toBeLessThan(0.15);
    expect(Math.abs(bn.runningMean.data[1]! + 1)).toBeLessThan(0.05);
    expect(Math.abs(bn.runningVar.data[0]! / 4 - 1)).toBeLessThan(0.1);
    expect(Math.abs(bn.runningVar.data[1]! / 0.25 - 1)).toBeLessThan(0.1);

    bn.gamma.value.data.set([1.5, 0.5]);
    bn.beta.value.data.set([0.1, -0.2]);
    const rm = Array.from(bn.runningMean.data), rv = Array.from(bn.runningVar.data);
    const x = Matrix.fromRows([[7, -1.5]], 'float64');
    const y = bn.forward(x, false).data;
    expect(y[0]).toBeCloseTo(1.5 * (7 - rm[0]!) / Math.sqrt(rv[0]! + 1e-5) + 0.1, 12);
    expect(y[1]).toBeCloseTo(0.5 * (-1.5 - rm[1]!) / Math.sqrt(rv[1]! + 1e-5) - 0.2, 12);
    expect(Array.from(bn.runningMean.data)).toEqual(rm); // eval leaves the running stats alone
  });

  it('exposes gamma/beta without decay and the running stats as buffers', () => {
    const bn = new BatchNorm(4, { name: 'bn2' });
    expect(bn.params().map((p) => [p.name, p.decay, Array.from(p.value.data)])).toEqual([
      ['bn2.gamma', false, [1, 1, 1, 1]],
      ['bn2.beta', false, [0, 0, 0, 0]],
    ]);
    expect(Object.keys(bn.buffers())).toEqual(['bn2.running_mean', 'bn2.running_var']);
    expect(() => new BatchNorm(4, { momentum: 0 })).toThrow(/momentum must be in \(0, 1\]/);
    expect(() => bn.forward(Matrix.zeros(2, 3), true)).toThrow(/BatchNorm bn2: input has 3 columns but the layer expects 4/);
  });

  it.each(SHAPES)('passes gradient checks in train (whole-batch function) and eval at batch %i, width %i', (b, w) => {
    const make = () => {
      const bn = new BatchNorm(w, { name: 'bn', dtype: 'float64' });
      const r = new Rng(`bn-params/${w}`);
      for (let j = 0; j < w; j++) {
        bn.gamma.value.data[j] = r.uniformRange(0.5, 2);
        bn.beta.value.data[j] = r.normal();
        bn.runningMean.data[j] = r.normal();
        bn.runningVar.data[j] = r.uniformRange(0.5, 2);
      }
      return bn;
    };
    const x = randn(b, w, `bnx/${b}`, 1.5);
    for (const training of [true, false]) {
      const bn = make();
      const before = Array.from(bn.runningVar.data);
      const errs = checkLayer(bn, x, { training });
      expect(Object.keys(errs)).toEqual(['input', 'bn.gamma', 'bn.beta']);
      for (const e of Object.values(errs)) expect(e).toBeLessThan(1e-6);
      expect(Array.from(bn.runningVar.data)).toEqual(before); // the check restores the running stats
    }
  });
});
