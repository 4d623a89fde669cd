/**
 * Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization",
 * Algorithm 1; https://arxiv.org/abs/1412.6980):
 *
 *   t ← t + 1
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m / (1 − β₁ᵗ)          bias correction: m and v start at 0
 *   v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − η·m̂ / (√v̂ + ε)
 *
 * t is counted per parameter (as in PyTorch), so a parameter first stepped
 * late still gets its own bias correction.
 */
import type { Optimizer } from '../layer.js';
import type { Param } from '../param.js';
import { allocate, type FloatArray } from '../../tensor/matrix.js';
import { adamStep } from '../../tensor/kernels.js';
import { restoreArray, restoreCounter, type OptimizerState } from './state.js';
import { checkPositive, checkUnitOpen } from './hyper.js';

export interface AdamOptions {
  lr: number;
  /** β₁, decay of the gradient average; default 0.9. */
  beta1?: number;
  /** β₂, decay of the squared-gradient average; default 0.999. */
  beta2?: number;
  /** ε added to √v̂; default 1e-8. */
  eps?: number;
}

interface AdamState {
  t: number;
  m: FloatArray;
  v: FloatArray;
}

export class Adam implements Optimizer {
  readonly name: string;
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  private readonly state = new Map<Param, AdamState>();

  /** name is the registry name used in error messages (AdamW passes its own). */
  constructor(opts: AdamOptions, name = 'adam') {
    this.name = name;
    this.lr = checkPositive(this.name, 'optimizer.lr', opts.lr, 'try 0.001');
    this.beta1 = checkUnitOpen(this.name, 'optimizer.beta1', opts.beta1 ?? 0.9, 'try 0.9');
    this.beta2 = checkUnitOpen(this.name, 'optimizer.beta2', opts.beta2 ?? 0.999, 'try 0.999');
    this.eps = checkPositive(this.name, 'optimizer.eps', opts.eps ?? 1e-8, 'try 1e-8');
  }

  step(params: Param[]): void {
    const { lr, beta1: b1, beta2: b2, eps } = this;
    for (const p of params) {
      const theta = p.value.data;
      const g = p.grad.data;
      let s = this.state.get(p);
      if (s === undefined) {
        s = { t: 0, m: allocate(theta.length, p.value.dtype), v: allocate(theta.length, p.value.dtype) };
        this.state.set(p, s);
      }
      // The update of the module comment, in tensor/kernels.ts (wasm for float32,
      // same bits as the JS loop; c1 = 1−β₁ᵗ and c2 = 1−β₂ᵗ are computed there).
      adamStep(theta, g, s.m, s.v, lr, b1, b2, eps, ++s.t);
    }
  }

  saveState(params: Param[]): OptimizerState {
    const out: OptimizerState = {};
    for (const p of params) {
      const s = this.state.get(p);
      if (s) out[p.name] = { t: s.t, m: s.m, v: s.v };
    }
    return out;
  }

  loadState(params: Param[], state: OptimizerState): void {
    this.state.clear();
    for (const p of params) {
      const s = state[p.name];
      if (s) this.state.set(p, { t: restoreCounter(p, s, 't'), m: restoreArray(p, s, 'm'), v: restoreArray(p, s, 'v') });
    }
  }
}
