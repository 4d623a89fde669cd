import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { Dense } from '../../src/nn/dense.js';
import { parseInit } from '../../src/nn/init.js';
import { checkLayer } from '../../src/nn/gradcheck.js';
import { randn, SHAPES } from './helpers.js';

describe('Dense', () => {
  it('computes XW + b and its gradients by hand', () => {
    const d = new Dense(2, 3, { name: 'fc', rng: new Rng(1), dtype: 'float64' });
    d.W.value.data.set([1, 2, 3, 4, 5, 6]);
    d.b.value.data.set([0.5, -1, 2]);
    const x = Matrix.fromRows([[1, -1], [2, 0.5]], 'float64');
    expect(d.forward(x, true).toArray()).toEqual([[-2.5, -4, -1], [4.5, 5.5, 11]]);
    const dy = Matrix.fromRows([[1, 0, -1], [0.5, 2, 1]], 'float64');
    expect(d.backward(dy).toArray()).toEqual([[1 - 3, 4 - 6], [0.5 + 4 + 3, 2 + 10 + 6]]);
    // dW = Xᵀ·dY, db = column sums of dY
    expect(d.W.grad.toArray()).toEqual([[2, 4, 1], [-0.75, 1, 1.5]]);
    expect(Array.from(d.b.grad.data)).toEqual([1.5, 2, 0]);
    // grads accumulate across backward calls
    d.forward(x, true);
    d.backward(dy);
    expect(Array.from(d.b.grad.data)).toEqual([3, 4, 0]);
  });

  it('names params, decays W but not b unless asked', () => {
    const d = new Dense(4, 2, { name: 'dense3', rng: new Rng(1) });
    expect(d.params().map((p) => [p.name, p.decay])).toEqual([['dense3.W', true], ['dense3.b', false]]);
    const e = new Dense(4, 2, { name: 'x', rng: new Rng(1), decayBias: true });
    expect(e.b.decay).toBe(true);
    expect(d.W.value.shape).toEqual([4, 2]);
    expect(d.b.value.shape).toEqual([1, 2]);
    expect(d.W.value.dtype).toBe('float32');
  });

  it('uses its initializers with fans (inputs, outputs)', () => {
    const d = new Dense(3, 2, { rng: new Rng(5), dtype: 'float64', weightInit: parseInit('constant(0.5)'), biasInit: parseInit('constant(0.1)') });
    expect(Array.from(d.W.value.data)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(d.b.value.data)).toEqual([0.1, 0.1]);
    const seen: number[][] = [];
    new Dense(3, 2, { rng: new Rng(5), weightInit: (i, o) => (seen.push([i, o]), 0) });
    expect(seen[0]).toEqual([3, 2]);
  });

  it('reuses its output buffer while the batch size is unchanged', () => {
    const d = new Dense(3, 2, { rng: new Rng(2) });
    const y1 = d.forward(Matrix.zeros(4, 3), true);
    const y2 = d.forward(Matrix.zeros(4, 3), true);
    expect(y2).toBe(y1);
    expect(d.forward(Matrix.zeros(5, 3), true)).not.toBe(y1);
  });

  it('skips dX when asked and rejects a wrong input width', () => {
    const d = new Dense(3, 2, { name: 'fc', rng: new Rng(2), dtype: 'float64' });
    const x = randn(2, 3, 'x');
    d.forward(x, true);
    expect(d.backward(randn(2, 2, 'dy'), false).size).toBe(0);
    expect(d.W.grad.data.some((v) => v !== 0)).toBe(true);
    expect(() => d.forward(Matrix.zeros(2, 4, 'float64'), true)).toThrow(/Dense fc: input has 4 columns but the layer expects 3/);
    expect(() => new Dense(0, 2, { rng: new Rng(1) })).toThrow(/inputs must be a positive integer/);
  });

  it.each(SHAPES)('passes a float64 gradient check at batch %i, width %i', (batch, width) => {
    const d = new Dense(width, width + 2, { name: 'd', rng: new Rng(`dense/${batch}`), dtype: 'float64', biasInit: parseInit('normal(0.1)') });
    const errs = checkLayer(d, randn(batch, width, `x/${batch}`));
    expect(Object.keys(errs)).toEqual(['input', 'd.W', 'd.b']);
    for (const e of Object.values(errs)) expect(e).toBeLessThan(1e-6);
  });
});
