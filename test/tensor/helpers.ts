// Shared test helpers: seeded random matrices and float64 references.
import { Matrix, type DType } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

export function randomMatrix(rng: Rng, rows: number, cols: number, dtype: DType = 'float32'): Matrix {
  const m = Matrix.zeros(rows, cols, dtype);
  for (let i = 0; i < m.size; i++) m.data[i] = rng.normal();
  return m;
}

/** op(a)·op(b) (+ c0) by the textbook triple loop in float64, plus Σ|terms| for error bounds. */
export function naiveMatmul(
  a: Matrix, b: Matrix, transA: boolean, transB: boolean, c0?: Matrix,
): { value: Float64Array; magnitude: Float64Array; m: number; n: number } {
  const m = transA ? a.cols : a.rows, k = transA ? a.rows : a.cols, n = transB ? b.rows : b.cols;
  const value = new Float64Array(m * n), magnitude = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = c0 ? c0.data[i * n + j]! : 0;
      let mag = Math.abs(s);
      for (let p = 0; p < k; p++) {
        const t = (transA ? a.get(p, i) : a.get(i, p)) * (transB ? b.get(j, p) : b.get(p, j));
        s += t;
        mag += Math.abs(t);
      }
      value[i * n + j] = s;
      magnitude[i * n + j] = mag;
    }
  }
  return { value, magnitude, m, n };
}

/** Largest violation of |got - want| <= rel·magnitude + abs (≤ 0 means within tolerance). */
export function worstExcess(got: ArrayLike<number>, want: ArrayLike<number>, magnitude: ArrayLike<number>, rel: number, abs = 1e-30): number {
  let worst = -Infinity;
  for (let i = 0; i < want.length; i++) {
    worst = Math.max(worst, Math.abs(got[i]! - want[i]!) - (rel * magnitude[i]! + abs));
  }
  return want.length === 0 ? 0 : worst;
}

/** The raw bits of a float array, so tests can demand bit-identical results (−0 ≠ +0). */
export const bits = (a: Float32Array | Float64Array): number[] =>
  Array.from(new Uint32Array(a.buffer, a.byteOffset, a.byteLength / 4));

/** s = 0; s = f32(s + f32(a·b)) for p = 0..k-1; c = f32(c + s): the float32 order gemm.ts promises. */
export function emulateF32Matmul(a: Matrix, b: Matrix, transA: boolean, transB: boolean, c0?: Matrix): Float32Array {
  const f = Math.fround;
  const m = transA ? a.cols : a.rows, k = transA ? a.rows : a.cols, n = transB ? b.rows : b.cols;
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s = f(s + f((transA ? a.get(p, i) : a.get(i, p)) * (transB ? b.get(j, p) : b.get(p, j))));
      out[i * n + j] = c0 ? f(c0.data[i * n + j]! + s) : s;
    }
  }
  return out;
}
