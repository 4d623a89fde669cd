import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { makeParam } from '../../src/nn/param.js';
import { addL2Grad, l2Penalty } from '../../src/nn/regularization.js';

describe('L2 regularization', () => {
  const w = makeParam('d.W', Matrix.fromRows([[1, -2], [3, 0]], 'float64'), true);
  const b = makeParam('d.b', Matrix.fromRows([[5, 5]], 'float64'), false);

  it('penalty is (λ/2)·Σ‖W‖² over decayed params only', () => {
    expect(l2Penalty([w, b], 0.1)).toBeCloseTo(0.05 * (1 + 4 + 9), 15);
    expect(l2Penalty([w, b], 0)).toBe(0);
  });

  it('gradient adds λ·W to decayed params only', () => {
    w.grad.data.set([1, 1, 1, 1]);
    addL2Grad([w, b], 0.1);
    expect(Array.from(w.grad.data).map((v) => +v.toFixed(12))).toEqual([1.1, 0.8, 1.3, 1]);
    expect(Array.from(b.grad.data)).toEqual([0, 0]);
  });
});
