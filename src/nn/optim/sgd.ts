/**
 * Plain stochastic gradient descent (Robbins & Monro 1951):
 *   θ ← θ − η·g
 * https://doi.org/10.1214/aoms/1177729586
 * No state. L2 regularization is not done here: it is a loss term added
 * by the trainer (see nn/regularization.ts), so it shows up in the loss curves.
 */
import type { Optimizer } from '../layer.js';
import type { Param } from '../param.js';
import { checkPositive } from './hyper.js';

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
    const lr = this.lr;
    for (const p of params) {
      const theta = p.value.data;
      const g = p.grad.data;
      for (let i = 0; i < theta.length; i++) theta[i] -= lr * g[i]!;
    }
  }
}
