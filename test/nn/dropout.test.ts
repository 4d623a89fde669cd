import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { Dropout } from '../../src/nn/dropout.js';
import { checkLayer, maxError } from '../../src/nn/gradcheck.js';
import { mean, randn, SHAPES } from './helpers.js';

describe('Dropout', () => {
  const p = 0.3;
  const x = Matrix.zeros(200, 500, 'float64');
  const rng = new Rng('dropout-x');
  for (let k = 0; k < x.data.length; k++) x.data[k] = rng.uniformRange(0.5, 1.5);

  it('drops a fraction ≈ p and scales kept units by 1/(1−p), preserving the mean', () => {
    const y = new Dropout(p, new Rng(3)).forward(x, true).data;
    let dropped = 0;
    for (let k = 0; k < y.length; k++) {
      if (y[k] === 0) dropped++;
      else expect(y[k]).toBeCloseTo(x.data[k]! / (1 - p), 12);
    }
    // 100k units: the std of the dropped fraction is ~0.0014.
    expect(Math.abs(dropped / y.length - p)).toBeLessThan(0.006);
    // Without the 1/(1−p) scale the mean would drop by 30%.
    expect(Math.abs(mean(y) / mean(x.data) - 1)).toBeLessThan(0.01);
  });

  it('is the identity at eval, and backward passes dy through', () => {
    const d = new Dropout(p, new Rng(3));
    expect(d.forward(x, false)).toBe(x);
    const dy = randn(200, 500, 'dy');
    expect(d.backward(dy)).toBe(dy);
  });

  it('backward applies the same mask and scale as forward', () => {
    const d = new Dropout(0.5, new Rng(9));
    const small = randn(3, 4, 's');
    const y = d.forward(small, true).data;
    const ones = Matrix.zeros(3, 4, 'float64').fill(1);
    const g = d.backward(ones).data;
    for (let k = 0; k < 12; k++) expect(g[k]).toBe(y[k] === 0 ? 0 : 2);
  });

  it('draws a fresh mask per forward unless frozen, and is seeded', () => {
    const small = Matrix.zeros(10, 10, 'float64').fill(1);
    const d = new Dropout(0.5, new Rng(1));
    const a = Array.from(d.forward(small, true).data);
    const b = Array.from(d.forward(small, true).data);
    expect(b).not.toEqual(a);
    d.frozen = true;
    expect(Array.from(d.forward(small, true).data)).toEqual(b);
    expect(Array.from(new Dropout(0.5, new Rng(1)).forward(small, true).data)).toEqual(a);
  });

  it('p = 0 is the identity; p outside [0, 1) is rejected', () => {
    const d = new Dropout(0, new Rng(1));
    expect(d.forward(x, true)).toBe(x);
    expect(() => new Dropout(1, new Rng(1))).toThrow(/Dropout: p must be in \[0, 1\), got 1/);
    expect(() => new Dropout(-0.1, new Rng(1))).toThrow(/p must be in \[0, 1\)/);
  });

  it.each(SHAPES)('passes gradient checks in train and eval at batch %i, width %i', (b, w) => {
    const xs = randn(b, w, `drop/${b}`);
    expect(maxError(checkLayer(new Dropout(0.4, new Rng(b)), xs, { training: true }))).toBeLessThan(1e-6);
    expect(maxError(checkLayer(new Dropout(0.4, new Rng(b)), xs, { training: false }))).toBeLessThan(1e-6);
  });
});
