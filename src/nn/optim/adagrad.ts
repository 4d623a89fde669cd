/**
 * Adagrad (Duchi, Hazan & Singer 2011, "Adaptive Subgradient Methods for
 * Online Learning and Stochastic Optimization", JMLR 12; diagonal form;
 * https://jmlr.org/papers/v12/duchi11a.html):
 *
 *   G ← G + g²
 *   θ ← θ − η·g / (√G + ε)
 *
 * G starts at 0 and only grows, so each coordinate's step shrinks with its
 * own gradient history. The first step is η·g/(|g| + ε) ≈ η·sign(g).
 */
import type { Optimizer } from '../layer.js';
import type { Param } from '../param.js';
import { allocate, type FloatArray } from '../../tensor/matrix.js';
import { loadArrays, saveArrays, type OptimizerState } from './state.js';
import { checkPositive } from './hyper.js';

export interface AdagradOptions {
  lr: number;
  /** ε added to √G; default 1e-10 (PyTorch's). */
  eps?: number;
}

export class Adagrad implements Optimizer {
  readonly name: string = 'adagrad';
  lr: number;
  readonly eps: number;
  private readonly sumSquares = new Map<Param, FloatArray>();

  constructor(opts: AdagradOptions) {
    this.lr = checkPositive(this.name, 'optimizer.lr', opts.lr, 'try 0.01');
    this.eps = checkPositive(this.name, 'optimizer.eps', opts.eps ?? 1e-10, 'try 1e-10');
  }

  step(params: Param[]): void {
    const { lr, eps } = this;
    for (const p of params) {
      const theta = p.value.data;
      const g = p.grad.data;
      let G = this.sumSquares.get(p);
      if (G === undefined) {
        G = allocate(theta.length, p.value.dtype);
        this.sumSquares.set(p, G);
      }
      for (let i = 0; i < theta.length; i++) {
        const gi = g[i]!;
        const Gi = G[i]! + gi * gi;
        G[i] = Gi;
        theta[i] -= (lr * gi) / (Math.sqrt(Gi) + eps);
      }
    }
  }

  saveState(params: Param[]): OptimizerState {
    return saveArrays(this.sumSquares, params, 'sum_squares');
  }

  loadState(params: Param[], state: OptimizerState): void {
    loadArrays(this.sumSquares, params, 'sum_squares', state);
  }
}
