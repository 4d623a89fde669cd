/**
 * Shared setup for the optimizer golden tests: two params (so per-param state
 * is exercised) driven by a fixed gradient sequence. The expected trajectories
 * in each test were computed independently in float64 from the papers'
 * equations (and checked by hand for the first steps, shown in comments).
 */
import { expect } from 'vitest';
import { Matrix, type DType } from '../../../src/tensor/matrix.js';
import { makeParam, type Param } from '../../../src/nn/param.js';
import type { Optimizer } from '../../../src/nn/layer.js';

/** a = [1, -2] (decay: true, a weight), b = [0.5] (decay: false, a bias). */
export function twoParams(dtype: DType = 'float64'): [Param, Param] {
  const a = makeParam('a', Matrix.fromRows([[1, -2]], dtype), true);
  const b = makeParam('b', Matrix.fromRows([[0.5]], dtype), false);
  return [a, b];
}

/** Gradients fed to a and b at steps 1, 2, 3. */
export const GRADS_A = [[0.5, -1], [0.1, 0.3], [-0.2, 0.4]];
export const GRADS_B = [[2], [2], [-1]];

/** Step `opt` three times over [a, b]; returns the values of a and b after each step. */
export function drive(opt: Optimizer, dtype: DType = 'float64'): { a: number[][]; b: number[][] } {
  const [a, b] = twoParams(dtype);
  const out = { a: [] as number[][], b: [] as number[][] };
  for (let s = 0; s < GRADS_A.length; s++) {
    a.grad.data.set(GRADS_A[s]!);
    b.grad.data.set(GRADS_B[s]!);
    const before = a.grad.data.slice();
    opt.step([a, b]);
    // step must not touch the grads (the trainer zeroes them).
    expect(a.grad.data).toEqual(before);
    out.a.push(Array.from(a.value.data));
    out.b.push(Array.from(b.value.data));
  }
  return out;
}

/** Element-wise closeness of two trajectories; `digits` as in toBeCloseTo. */
export function expectTrajectory(actual: number[][], expected: number[][], digits = 12): void {
  expect(actual.length).toBe(expected.length);
  for (let s = 0; s < expected.length; s++) {
    expect(actual[s]!.length).toBe(expected[s]!.length);
    for (let i = 0; i < expected[s]!.length; i++) {
      const got = actual[s]![i]!;
      const want = expected[s]![i]!;
      if (Math.abs(got - want) > 0.5 * 10 ** -digits) {
        throw new Error(`step ${s + 1}, element ${i}: got ${got}, expected ${want}`);
      }
    }
  }
}

/** Adam's golden trajectory of b (see adam.test.ts); AdamW must reproduce it for a decay: false param. */
export const ADAM_B = [[0.49000000005], [0.48000000010000005], [0.474843466071923]];
