/**
 * RMSprop (Tieleman & Hinton 2012, Coursera "Neural Networks for Machine
 * Learning", lecture 6e; https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf):
 * divide the gradient by a running root-mean-square of its recent magnitudes.
 *
 *   s ← ρ·s + (1 − ρ)·g²
 *   θ ← θ − η·g / (√s + ε)
 *
 * s starts at 0 (as in PyTorch), so early steps are larger than η·sign(g):
 * the first is η·g/(|g|·√(1−ρ) + ε).
 */
import type { Optimizer } from '../layer.js';
import type { Param } from '../param.js';
import { allocate, type FloatArray } from '../../tensor/matrix.js';
import { loadArrays, saveArrays, type OptimizerState } from './state.js';
import { checkPositive, checkUnitOpen } from './hyper.js';

export interface RMSpropOptions {
  lr: number;
  /** ρ, decay of the squared-gradient average; default 0.99 (PyTorch's alpha). */
  rho?: number;
  /** ε added to the root mean square; default 1e-8. */
  eps?: number;
}

export class RMSprop implements Optimizer {
  readonly name: string = 'rmsprop';
  lr: number;
  readonly rho: number;
  readonly eps: number;
  private readonly meanSquare = new Map<Param, FloatArray>();

  constructor(opts: RMSpropOptions) {
    this.lr = checkPositive(this.name, 'optimizer.lr', opts.lr, 'try 0.001');
    this.rho = checkUnitOpen(this.name, 'optimizer.rho', opts.rho ?? 0.99, 'try 0.9 or 0.99');
    this.eps = checkPositive(this.name, 'optimizer.eps', opts.eps ?? 1e-8, 'try 1e-8');
  }

  step(params: Param[]): void {
    const { lr, rho, eps } = this;
    for (const p of params) {
      const theta = p.value.data;
      const g = p.grad.data;
      let s = this.meanSquare.get(p);
      if (s === undefined) {
        s = allocate(theta.length, p.value.dtype);
        this.meanSquare.set(p, s);
      }
      for (let i = 0; i < theta.length; i++) {
        const gi = g[i]!;
        const si = rho * s[i]! + (1 - rho) * gi * gi;
        s[i] = si;
        theta[i] -= (lr * gi) / (Math.sqrt(si) + eps);
      }
    }
  }

  saveState(params: Param[]): OptimizerState {
    return saveArrays(this.meanSquare, params, 'mean_square');
  }

  loadState(params: Param[], state: OptimizerState): void {
    loadArrays(this.meanSquare, params, 'mean_square', state);
  }
}
