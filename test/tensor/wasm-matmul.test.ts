// The WebAssembly SIMD matmul against a float64 reference, and against an exact
// float32 emulation of its documented summation order.
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { wasmBackend } from '../../src/tensor/wasm/index.js';
import { emulateF32Matmul, naiveMatmul, randomMatrix, worstExcess } from './helpers.js';

const SIZES = [1, 3, 10, 30, 32, 100, 785];
const FORMS = [
  { transA: false, transB: false },
  { transA: true, transB: false },
  { transA: false, transB: true },
];

function operands(rng: Rng, m: number, n: number, k: number, transA: boolean, transB: boolean) {
  const a = transA ? randomMatrix(rng, k, m) : randomMatrix(rng, m, k);
  const b = transB ? randomMatrix(rng, n, k) : randomMatrix(rng, k, n);
  return { a, b };
}

describe('wasm matmul', () => {
  const rng = new Rng('wasm-matmul');
  for (const { transA, transB } of FORMS) {
    for (const accumulate of [false, true]) {
      const form = `${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'}${accumulate ? ' (accumulate)' : ''}`;
      it(`${form} matches the float64 reference on all shape mixes`, () => {
        let checked = 0;
        for (const m of SIZES) for (const n of SIZES) for (const k of SIZES) {
          if (m * n * k > 2_500_000) continue; // the naive reference is slow; big shapes are covered below
          const { a, b } = operands(rng, m, n, k, transA, transB);
          const c0 = accumulate ? randomMatrix(rng, m, n) : undefined;
          const out = c0 ? c0.clone() : Matrix.zeros(m, n).fill(NaN); // non-accumulate must overwrite garbage
          wasmBackend.matmul(a, b, out, { transA, transB, accumulate });
          const ref = naiveMatmul(a, b, transA, transB, c0);
          // float32 rounding bound for a k-term sum: ~(k+1)·2⁻²⁴ relative to Σ|terms|.
          const excess = worstExcess(out.data, ref.value, ref.magnitude, (k + 2) * 6e-8);
          expect(excess, `m=${m} n=${n} k=${k}`).toBeLessThanOrEqual(0);
          checked++;
        }
        expect(checked).toBeGreaterThan(250);
      });
    }
  }

  it('follows its documented float32 summation order exactly (every form, odd edges)', () => {
    for (const { transA, transB } of FORMS) {
      for (const [m, n, k] of [[7, 13, 5], [5, 30, 9], [32, 10, 17], [3, 785, 4], [9, 1, 31]] as const) {
        for (const accumulate of [false, true]) {
          const { a, b } = operands(rng, m, n, k, transA, transB);
          const c0 = accumulate ? randomMatrix(rng, m, n) : undefined;
          const out = c0 ? c0.clone() : Matrix.zeros(m, n);
          wasmBackend.matmul(a, b, out, { transA, transB, accumulate });
          expect(Array.from(out.data)).toEqual(Array.from(emulateF32Matmul(a, b, transA, transB, c0)));
        }
      }
    }
  });

  it('matches the reference on the training shapes of a 784-100-10 net', () => {
    // X·W, Xᵀ·G and G·Wᵀ for batch 32 and widths 784/785 (kept separate: slow reference).
    for (const [m, n, k, transA, transB] of [
      [32, 100, 785, false, false], [785, 100, 32, true, false], [32, 785, 100, false, true],
      [100, 30, 785, false, false], [785, 30, 100, true, false], [100, 785, 30, false, true],
    ] as const) {
      const { a, b } = operands(rng, m, n, k, transA, transB);
      const c0 = randomMatrix(rng, m, n);
      const out = c0.clone();
      wasmBackend.matmul(a, b, out, { transA, transB, accumulate: true });
      const ref = naiveMatmul(a, b, transA, transB, c0);
      expect(worstExcess(out.data, ref.value, ref.magnitude, (k + 2) * 6e-8)).toBeLessThanOrEqual(0);
    }
  });

  it('is deterministic: the same inputs give identical bits, also after other calls', () => {
    const { a, b } = operands(rng, 33, 47, 61, false, true);
    const first = Matrix.zeros(33, 47), second = Matrix.zeros(33, 47);
    wasmBackend.matmul(a, b, first, { transB: true });
    const other = Matrix.zeros(300, 300);
    wasmBackend.matmul(randomMatrix(rng, 300, 200), randomMatrix(rng, 200, 300), other); // grows memory
    wasmBackend.matmul(a, b, second, { transB: true });
    expect(Buffer.from(second.data.buffer).equals(Buffer.from(first.data.buffer))).toBe(true);
  });

  it('accepts operands in SharedArrayBuffers, float64 arrays and row slices', () => {
    const a = randomMatrix(rng, 20, 30), b = randomMatrix(rng, 30, 11);
    const shared = new Float32Array(new SharedArrayBuffer(a.size * 4));
    shared.set(a.data);
    const want = Matrix.zeros(20, 11);
    wasmBackend.matmul(a, b, want);
    const got1 = Matrix.zeros(20, 11);
    wasmBackend.matmul(new Matrix(20, 30, shared), b, got1);
    expect(got1.data).toEqual(want.data);
    const got2 = Matrix.zeros(20, 11);
    wasmBackend.matmul(a, b.to('float64'), got2);
    expect(got2.data).toEqual(want.data);
    const big = randomMatrix(rng, 50, 30);
    const slice = big.sliceRows(10, 30);
    const got3 = Matrix.zeros(20, 11);
    wasmBackend.matmul(slice, b, got3);
    const ref = Matrix.zeros(20, 11);
    wasmBackend.matmul(slice.clone(), b, ref);
    expect(got3.data).toEqual(ref.data);
  });

  it('handles empty dimensions and rejects mismatched shapes', () => {
    const out = Matrix.zeros(3, 4).fill(7);
    wasmBackend.matmul(Matrix.zeros(3, 0), Matrix.zeros(0, 4), out);
    expect(Array.from(out.data)).toEqual(new Array(12).fill(0));
    expect(() => wasmBackend.matmul(Matrix.zeros(2, 3), Matrix.zeros(4, 5), Matrix.zeros(2, 5))).toThrow(/incompatible/);
    expect(() => wasmBackend.matmul(Matrix.zeros(2, 3), Matrix.zeros(3, 5), Matrix.zeros(2, 4))).toThrow(/incompatible/);
  });
});
