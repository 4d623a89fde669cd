import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Huber, makeRegressionLoss, RegressionMae, RegressionMse } from '../../src/nn/losses/regression.js';
import { relativeError } from '../../src/nn/gradcheck.js';
import { randn } from './helpers.js';

/** Centred differences of loss.forward(o, t) with respect to o (float64). */
function numeric(loss: { forward(o: Matrix, t: Matrix): number }, o: Matrix, t: Matrix, h = 1e-6): Float64Array {
  const g = new Float64Array(o.size);
  for (let k = 0; k < o.size; k++) {
    const v = o.data[k]!;
    o.data[k] = v + h; const fp = loss.forward(o, t);
    o.data[k] = v - h; const fm = loss.forward(o, t);
    o.data[k] = v;
    g[k] = (fp - fm) / (2 * h);
  }
  return g;
}

describe('regression losses', () => {
  const o = Matrix.fromRows([[1, -2], [0.5, 3]], 'float64');
  const t = Matrix.fromRows([[0, 0], [2, 1]], 'float64');

  it('mse is 1/(2N)·Σ(y−ŷ)², summed over target columns', () => {
    expect(new RegressionMse().forward(o, t)).toBeCloseTo((1 + 4 + 2.25 + 4) / (2 * 2), 14);
  });
  it('mae is (1/N)·Σ|y−ŷ|', () => {
    expect(new RegressionMae().forward(o, t)).toBeCloseTo((1 + 2 + 1.5 + 2) / 2, 14);
  });
  it('huber is quadratic within δ = 1 and linear beyond', () => {
    const h = new Huber();
    expect(h.forward(Matrix.fromRows([[0.5]], 'float64'), Matrix.fromRows([[0]], 'float64'))).toBeCloseTo(0.125, 14);
    expect(h.forward(Matrix.fromRows([[-3]], 'float64'), Matrix.fromRows([[0]], 'float64'))).toBeCloseTo(2.5, 14);
  });

  it.each(['mse', 'mae', 'huber'])('%s passes the float64 gradient check', (name) => {
    const loss = makeRegressionLoss(name);
    const out = randn(5, 3, `reg-${name}-o`, 2);
    const tgt = randn(5, 3, `reg-${name}-t`, 2);
    // Keep every residual away from the kinks (0 for mae, ±1 for huber).
    for (let k = 0; k < out.size; k++) {
      const d = out.data[k]! - tgt.data[k]!;
      if (Math.abs(d) < 0.05 || Math.abs(Math.abs(d) - 1) < 0.05) out.data[k]! += 0.2;
    }
    loss.forward(out, tgt);
    const analytic = Float64Array.from(loss.backward().data);
    expect(relativeError(analytic, numeric(loss, out, tgt), 1e-8)).toBeLessThan(1e-7);
  });

  it('refuses mismatched shapes and a classification loss name', () => {
    expect(() => new RegressionMse().forward(o, Matrix.zeros(2, 1, 'float64'))).toThrow(/last layer's width must be the number of target columns/);
    expect(() => makeRegressionLoss('softmax_cross_entropy')).toThrow(/needs class labels, but the data is a regression set/);
  });
});
