// jsBackend (the reference every faster backend is tested against) against the
// textbook triple loop, in float64, plus the elementwise helpers.
import { describe, expect, it } from 'vitest';
import { argmaxRows, jsBackend, map, maxRows, sumSquares, zip } from '../../src/tensor/kernels.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { naiveMatmul, randomMatrix, worstExcess } from './helpers.js';

describe('jsBackend', () => {
  const rng = new Rng('js-kernels');

  it('matmul equals the naive triple loop in float64 for every form and accumulate mode', () => {
    for (const [m, n, k] of [[1, 1, 1], [3, 10, 7], [10, 3, 30], [32, 30, 17], [5, 1, 100]] as const) {
      for (const transA of [false, true]) for (const transB of [false, true]) for (const accumulate of [false, true]) {
        const a = transA ? randomMatrix(rng, k, m, 'float64') : randomMatrix(rng, m, k, 'float64');
        const b = transB ? randomMatrix(rng, n, k, 'float64') : randomMatrix(rng, k, n, 'float64');
        const c0 = accumulate ? randomMatrix(rng, m, n, 'float64') : undefined;
        const out = c0 ? c0.clone() : Matrix.zeros(m, n, 'float64').fill(123);
        jsBackend.matmul(a, b, out, { transA, transB, accumulate });
        const ref = naiveMatmul(a, b, transA, transB, c0);
        expect(worstExcess(out.data, ref.value, ref.magnitude, 1e-14)).toBeLessThanOrEqual(0);
      }
    }
  });

  it('matmul skips zero entries of A without changing the result (also with NaN-free inputs)', () => {
    const a = Matrix.fromRows([[0, 2], [0, 0]], 'float64'), b = Matrix.fromRows([[1, 2], [3, 4]], 'float64');
    expect(jsBackend.matmul(a, b, Matrix.zeros(2, 2, 'float64')).toArray()).toEqual([[6, 8], [0, 0]]);
  });

  it('matmul rejects incompatible shapes', () => {
    expect(() => jsBackend.matmul(Matrix.zeros(2, 3), Matrix.zeros(2, 3), Matrix.zeros(2, 3))).toThrow(/incompatible/);
    expect(() => jsBackend.matmul(Matrix.zeros(2, 3), Matrix.zeros(2, 3), Matrix.zeros(3, 4), { transA: true })).toThrow(/incompatible/);
  });

  it('addBias broadcasts the bias row; sumRows sums columns (accumulating on request)', () => {
    const x = Matrix.fromRows([[1, 2, 3], [4, 5, 6]], 'float64');
    const bias = Matrix.fromRows([[10, 20, 30]], 'float64');
    expect(jsBackend.addBias(x, bias, x.zerosLike()).toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
    const s = Matrix.fromRows([[1, 1, 1]], 'float64');
    expect(jsBackend.sumRows(x, s.clone()).toArray()).toEqual([[5, 7, 9]]);
    expect(jsBackend.sumRows(x, s, true).toArray()).toEqual([[6, 8, 10]]);
    expect(() => jsBackend.addBias(x, Matrix.zeros(1, 2), x)).toThrow(/addBias/);
    expect(() => jsBackend.sumRows(x, Matrix.zeros(2, 3))).toThrow(/sumRows/);
  });

  it('elementwise helpers: map, zip, argmaxRows (first on ties), maxRows, sumSquares', () => {
    const x = Matrix.fromRows([[1, -2, 3], [5, 5, -1]], 'float64');
    expect(map(x, (v) => v * 2, x.zerosLike()).toArray()).toEqual([[2, -4, 6], [10, 10, -2]]);
    expect(zip(x, x, (u, v) => u - v, x.zerosLike()).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(Array.from(argmaxRows(x))).toEqual([2, 0]);
    expect(Array.from(maxRows(x))).toEqual([3, 5]);
    expect(sumSquares(x)).toBe(1 + 4 + 9 + 25 + 25 + 1);
  });
});
