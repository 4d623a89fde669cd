/**
 * A trainable parameter: its value and the gradient accumulated into it.
 * Per-parameter options ride on the pair (e.g. biases skip L2 by default).
 */
import { Matrix } from '../tensor/matrix.js';
import { zero } from '../tensor/kernels.js';

export interface Param {
  /** Stable name within a model, e.g. "dense1.W" — used by save/load and diagnostics. */
  name: string;
  value: Matrix;
  grad: Matrix;
  /** Whether L2 / weight decay applies to this parameter. */
  decay: boolean;
}

export function makeParam(name: string, value: Matrix, decay: boolean): Param {
  return { name, value, grad: value.zerosLike(), decay };
}

export function zeroGrads(params: Param[]): void {
  for (const p of params) zero(p.grad.data);
}
