/**
 * The shape rules every backend checks before it touches memory, written once so the JS
 * reference, WebAssembly and native backends refuse exactly the same calls with the same words.
 */
import type { FloatArray, Matrix } from './matrix.js';

export function shapeError(what: string, a: Matrix, b: Matrix, out: Matrix): Error {
  return new Error(`${what}: incompatible shapes a=[${a.shape}] b=[${b.shape}] out=[${out.shape}]`);
}

export function sameShape(what: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`${what}: shapes differ: [${a.shape}] vs [${b.shape}]`);
}

export function sameLength(what: string, a: FloatArray, b: FloatArray): void {
  if (a.length !== b.length) throw new Error(`${what}: arrays differ in length: ${a.length} vs ${b.length}`);
}

/** out (m×n) = op(a) (m×k) · op(b) (k×n), op = transpose when asked: the sizes, once they agree. */
export function matmulDims(a: Matrix, b: Matrix, out: Matrix, transA: boolean, transB: boolean): { m: number; n: number; k: number } {
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb || out.rows !== m || out.cols !== n) throw shapeError('matmul', a, b, out);
  return { m, n, k };
}
