import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { AvgPool2D, MaxPool2D } from '../../src/nn/pool.js';
import { Flatten } from '../../src/nn/flatten.js';
import { checkLayer, maxError } from '../../src/nn/gradcheck.js';
import { randn } from './helpers.js';
import { poolLoop } from './conv.helpers.js';
import type { ImageShape } from '../../src/nn/geometry.js';

const CASES: [ImageShape, number, number][] = [
  [{ c: 1, h: 4, w: 4 }, 2, 2],
  [{ c: 3, h: 6, w: 9 }, 3, 3],
  [{ c: 2, h: 7, w: 5 }, 3, 2], // overlapping windows
  [{ c: 2, h: 5, w: 5 }, 1, 1],
];

describe.each([
  ['max', MaxPool2D],
  ['avg', AvgPool2D],
] as const)('%spool', (kind, Pool) => {
  it.each(CASES)('matches a direct loop on %o, kernel %i, stride %i', (s, k, st) => {
    const layer = new Pool(s, k, st);
    const x = randn(3, s.c * s.h * s.w, `pool-${kind}`);
    const y = layer.forward(x, true);
    const want = poolLoop(x.data, 3, s, k, st, kind);
    expect(y.cols * 3).toBe(want.length);
    want.forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 14));
  });

  it.each(CASES)('passes the float64 gradient check on %o, kernel %i, stride %i', (s, k, st) => {
    const layer = new Pool(s, k, st);
    // Distinct values a whole step apart, so no max is within h of another: the check sees no kinks.
    const x = randn(2, s.c * s.h * s.w, `pool-gc-${kind}`);
    const order = Array.from(x.data.keys()).sort((i, j) => x.data[i]! - x.data[j]!);
    order.forEach((i, r) => (x.data[i] = r * 0.01 - 1));
    expect(maxError(checkLayer(layer, x))).toBeLessThan(1e-7);
  });
});

describe('maxpool', () => {
  it('routes the gradient to the first maximum of each window', () => {
    const layer = new MaxPool2D({ c: 1, h: 2, w: 4 }, 2);
    const x = Matrix.fromRows([[1, 3, 5, 5, 3, 2, 0, 5]], 'float64');
    expect(Array.from(layer.forward(x, true).data)).toEqual([3, 5]);
    expect(Array.from(layer.backward(Matrix.fromRows([[10, 20]], 'float64')).data)).toEqual([0, 10, 20, 0, 0, 0, 0, 0]);
  });
});

describe('Flatten', () => {
  it('passes numbers through both ways', () => {
    const f = new Flatten({ c: 2, h: 1, w: 2 });
    const x = Matrix.fromRows([[1, 2, 3, 4]], 'float64');
    expect(f.forward(x, true)).toBe(x);
    expect(f.backward(x)).toBe(x);
    expect(f.params()).toEqual([]);
  });
});
