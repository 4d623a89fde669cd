/**
 * AdamW (Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization",
 * Algorithm 2; https://arxiv.org/abs/1711.05101): weight decay applied to the
 * weights directly instead of being added to the gradient, so Adam's
 * per-coordinate scaling does not weaken it for large-gradient weights.
 *
 *   θ ← θ − η·λ·θ            only for params with decay: true
 *   θ ← θ − Adam step        (adam.ts, unchanged)
 *
 * Convention (PyTorch's): the decay is multiplied by the current lr η, so it
 * follows the lr schedule the way the paper's schedule multiplier η_t does;
 * the paper's per-step decay is therefore η·λ here. Since the Adam step does
 * not read θ, decaying first or last gives the same result.
 */
import type { Param } from '../param.js';
import { Adam, type AdamOptions } from './adam.js';
import { checkNonNegative } from './hyper.js';

export interface AdamWOptions extends AdamOptions {
  /** λ, decoupled weight decay; default 0.01 (PyTorch's). */
  weight_decay?: number;
}

export class AdamW extends Adam {
  readonly weightDecay: number;

  constructor(opts: AdamWOptions) {
    super(opts, 'adamw');
    this.weightDecay = checkNonNegative(this.name, 'optimizer.weight_decay', opts.weight_decay ?? 0.01, 'try 0.01');
  }

  override step(params: Param[]): void {
    const shrink = 1 - this.lr * this.weightDecay;
    if (shrink !== 1) {
      for (const p of params) {
        if (!p.decay) continue;
        const theta = p.value.data;
        for (let i = 0; i < theta.length; i++) theta[i] *= shrink;
      }
    }
    super.step(params);
  }
}
