/**
 * Regression losses on real-valued targets T [batch, k] against the raw network
 * output O [batch, k] (no output activation). Each returns the mean over the
 * batch of a sum over the k targets, and backward() is already divided by B:
 *
 *   mse    L = (1/(2B)) Σ_i Σ_j (o_ij − t_ij)²          dL/do = (o − t)/B
 *          (Assignment 1's 1/(2N)·Σ(y−ŷ)²; with one-hot targets it is nnlab's classification mse)
 *   mae    L = (1/B) Σ_i Σ_j |o_ij − t_ij|              dL/do = sign(o − t)/B   (0 at o = t)
 *   huber  L = (1/B) Σ_i Σ_j h(o_ij − t_ij),  h(d) = d²/2 for |d| ≤ δ, else δ·(|d| − δ/2)
 *          dL/do = clamp(d, −δ, δ)/B, with δ = 1 (Huber 1964; in the units the targets are
 *          trained in, i.e. standard deviations when data.target_scale is standardize)
 */
import type { Matrix } from '../../tensor/matrix.js';
import { reuse } from '../buffers.js';

export interface RegressionLoss {
  readonly name: string;
  /** Mean loss over the batch; output and targets are both [batch, k]. */
  forward(output: Matrix, targets: Matrix): number;
  /** dLoss/dOutput of the last forward, divided by the batch size. */
  backward(): Matrix;
}

abstract class Elementwise implements RegressionLoss {
  abstract readonly name: string;
  private grad: Matrix | null = null;

  forward(output: Matrix, targets: Matrix): number {
    const B = output.rows;
    if (targets.rows !== B || targets.cols !== output.cols) {
      throw new Error(`loss ${this.name}: output is [${B}, ${output.cols}] but the targets are [${targets.rows}, ${targets.cols}] — the last layer's width must be the number of target columns`);
    }
    if (B === 0) throw new Error(`loss ${this.name}: empty batch`);
    const g = (this.grad = reuse(this.grad, B, output.cols, output.dtype));
    const O = output.data, T = targets.data, G = g.data;
    let total = 0;
    for (let k = 0; k < O.length; k++) {
      const d = O[k]! - T[k]!;
      total += this.value(d);
      G[k] = this.slope(d) / B;
    }
    return total / B;
  }

  backward(): Matrix {
    if (this.grad === null) throw new Error(`loss ${this.name}: backward called before forward`);
    return this.grad;
  }

  protected abstract value(d: number): number;
  protected abstract slope(d: number): number;
}

export class RegressionMse extends Elementwise {
  readonly name = 'mse';
  protected value(d: number): number { return 0.5 * d * d; }
  protected slope(d: number): number { return d; }
}

export class RegressionMae extends Elementwise {
  readonly name = 'mae';
  protected value(d: number): number { return Math.abs(d); }
  protected slope(d: number): number { return d > 0 ? 1 : d < 0 ? -1 : 0; }
}

export class Huber extends Elementwise {
  readonly name = 'huber';
  readonly delta = 1;
  protected value(d: number): number {
    const a = Math.abs(d);
    return a <= this.delta ? 0.5 * d * d : this.delta * (a - 0.5 * this.delta);
  }
  protected slope(d: number): number { return Math.max(-this.delta, Math.min(this.delta, d)); }
}

export const REGRESSION_LOSSES = {
  mse: () => new RegressionMse(),
  mae: () => new RegressionMae(),
  huber: () => new Huber(),
} as const;

export function isRegressionLoss(name: string): name is keyof typeof REGRESSION_LOSSES {
  return Object.hasOwn(REGRESSION_LOSSES, name);
}

export function makeRegressionLoss(name: string): RegressionLoss {
  if (!isRegressionLoss(name)) {
    throw new Error(`loss ${name} needs class labels, but the data is a regression set (real-valued targets); use ${Object.keys(REGRESSION_LOSSES).join(', ')}`);
  }
  return REGRESSION_LOSSES[name]();
}
