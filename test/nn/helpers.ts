/** Shared fixtures for the nn tests. */
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

/** A float64 matrix of N(0, std²) values, nudged at least `gap` away from 0 (ReLU kinks). */
export function randn(rows: number, cols: number, seed: string, std = 1, gap = 0.05): Matrix {
  const rng = new Rng(seed);
  const m = Matrix.zeros(rows, cols, 'float64');
  for (let k = 0; k < m.data.length; k++) {
    const v = rng.normal(0, std);
    m.data[k] = Math.abs(v) < gap ? Math.sign(v || 1) * (gap + Math.abs(v)) : v;
  }
  return m;
}

export function labelsFor(rows: number, classes: number, seed: string): Int32Array {
  const rng = new Rng(seed);
  return Int32Array.from({ length: rows }, () => rng.int(classes));
}

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

export function std(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - m) ** 2;
  return Math.sqrt(s / a.length);
}

/** Shapes every gradient check runs over: batch 1, odd widths, and a wider one. */
export const SHAPES: [number, number][] = [[1, 3], [5, 7], [4, 10]];
