/**
 * L2 regularization as a loss term: (λ/2)·Σ‖W‖² over the params with decay=true
 * (biases and batch-norm γ/β are excluded by default). Its gradient is λ·W.
 */
import { sumSquares } from '../tensor/kernels.js';
import type { Param } from './param.js';

export function l2Penalty(params: Param[], lambda: number): number {
  if (lambda === 0) return 0;
  let s = 0;
  for (const p of params) if (p.decay) s += sumSquares(p.value);
  return 0.5 * lambda * s;
}

/** grad += λ·W for every param with decay=true. */
export function addL2Grad(params: Param[], lambda: number): void {
  if (lambda === 0) return;
  for (const p of params) {
    if (!p.decay) continue;
    const g = p.grad.data, w = p.value.data;
    for (let i = 0; i < g.length; i++) g[i]! += lambda * w[i]!;
  }
}
