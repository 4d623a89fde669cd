// gemm skips the p where a 4-row block of A is all zeros (src/tensor/wasm/assembly/gemm.ts).
// With finite B that must give exactly the bits of the full chain
// s = 0; s += A(i,p)·B(p,j) for every p; C = (C +) s — including ±0 in A and
// a −0 already in C when accumulating.
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { wasmBackend } from '../../src/tensor/wasm/index.js';
import { bits, emulateF32Matmul, randomMatrix } from './helpers.js';


/** op(A) (m×k) mostly zeros: whole zero columns per 4-row block, scattered ±0 and some dense blocks. */
function sparseA(rng: Rng, m: number, k: number, transA: boolean): Matrix {
  const op = Matrix.zeros(m, k);
  for (let i = 0; i < m; i++) {
    const dense = (i >> 2) % 3 === 2;
    for (let p = 0; p < k; p++) {
      const keep = dense || (p % 5 === (i >> 2) % 5 && rng.uniform() < 0.8) || rng.uniform() < 0.05;
      op.set(i, p, keep ? rng.normal() : rng.uniform() < 0.5 ? -0 : 0);
    }
  }
  if (!transA) return op;
  const t = Matrix.zeros(k, m);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) t.set(p, i, op.get(i, p));
  return t;
}

describe('wasm gemm: skipping zeros of A changes no bits', () => {
  const rng = new Rng('sparse-gemm');
  for (const [m, n, k] of [[32, 100, 784], [13, 7, 50], [784, 30, 32], [9, 3, 40], [14, 37, 50]] as const) {
    for (const [transA, transB] of [[false, false], [true, false], [false, true]] as const) {
      it(`${m}×${n}, k=${k}, transA=${transA}, transB=${transB}`, () => {
        const a = sparseA(rng, m, k, transA);
        const b = transB ? randomMatrix(rng, n, k) : randomMatrix(rng, k, n);
        const out = wasmBackend.matmul(a, b, Matrix.zeros(m, n).fill(NaN), { transA, transB });
        expect(bits(out.data)).toEqual(bits(emulateF32Matmul(a, b, transA, transB)));
        const c0 = randomMatrix(rng, m, n);
        for (let i = 0; i < c0.size; i += 3) c0.data[i] = -0;
        const acc = wasmBackend.matmul(a, b, c0.clone(), { transA, transB, accumulate: true });
        expect(bits(acc.data)).toEqual(bits(emulateF32Matmul(a, b, transA, transB, c0)));
      });
    }
  }

  it('an all-zero A gives +0 (or C + 0) everywhere', () => {
    const a = Matrix.zeros(8, 16), b = randomMatrix(rng, 16, 8);
    expect(bits(wasmBackend.matmul(a, b, Matrix.zeros(8, 8).fill(NaN)).data)).toEqual(new Array(64).fill(0));
    const c0 = Matrix.zeros(8, 8).fill(-0);
    expect(bits(wasmBackend.matmul(a, b, c0, { accumulate: true }).data)).toEqual(new Array(64).fill(0));
  });

  it('a NaN in an otherwise all-zero column of a block is not skipped (every scan layout)', () => {
    for (const [transA, n] of [[false, 5], [true, 5], [false, 33]] as const) {
      const op = Matrix.zeros(8, 9);
      op.set(5, 6, NaN);
      const a = transA ? Matrix.fromRows(Array.from({ length: 9 }, (_, p) => Array.from({ length: 8 }, (_, i) => op.get(i, p)))) : op;
      const b = randomMatrix(rng, 9, n);
      const out = wasmBackend.matmul(a, b, Matrix.zeros(8, n), { transA });
      for (let i = 0; i < 8; i++) for (let j = 0; j < n; j++) expect(Number.isNaN(out.get(i, j))).toBe(i === 5);
    }
  });
});
