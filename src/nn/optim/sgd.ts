/**
 * Plain stochastic gradient descent (Robbins & Monro 1951):
 *   θ ← θ − η·g
 * https://doi.org/10.1214/aoms/1177729586
 * No state. L2 regularization is not done here: it is a loss term added
 * by the trainer (see nn/regularization.ts), so it shows up in the loss curves.
 */
import type { Optimizer } from '../layer.js';
import type { Param } from '../param.js';
import { sgdStep } from '../../tensor/kernels.js';
import { checkPositive } from './hyper.js';
import type { OptimizerState } from './state.js';

export interface SGDOptions {
  lr: number;
}

export class SGD implements Optimizer {
  readonly name: string = 'sgd';
  lr: number;

  constructor(opts: SGDOptions) {
    this.lr = checkPositive(this.name, 'optimizer.lr', opts.lr, 'try 0.1');
  }

  step(params: Param[]): void {
    // θ[i] -= lr·g[i] (tensor/kernels.ts: the wasm kernel for float32, same bits as the loop).
    for (const p of params) sgdStep(p.value.data, p.grad.data, this.lr);
  }

  saveState(): OptimizerState {
    return {};
  }

  loadState(): void {}
}
