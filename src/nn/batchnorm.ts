/**
 * Batch normalization (Ioffe & Szegedy 2015) over the features of a [batch, features] input.
 *
 * Training: normalize with the batch's own mean and *biased* variance
 *   x̂ = (x − μ_B) / √(σ²_B + eps),  y = γ·x̂ + β,
 * and update the running statistics with the *unbiased* batch variance
 * (σ²_B · B/(B−1); plain σ²_B when B = 1), in PyTorch's convention where
 * momentum is the weight of the *new* batch statistic:
 *   running = (1 − momentum)·running + momentum·batch_stat
 * (momentum 0.1, the default, is a slow average; 1 keeps only the last batch.
 * Keras/cs231n's "0.9/0.99" is 1 minus this.)
 * Evaluation: normalize with the running mean and variance instead.
 *
 * Backward in training treats μ_B and σ²_B as functions of the whole batch:
 *   dx = γ/√(σ²+eps) · (dy − mean(dy) − x̂·mean(dy·x̂))   (column means over the batch)
 */
import { Matrix, type DType } from '../tensor/matrix.js';
import type { Layer } from './layer.js';
import { makeParam, type Param } from './param.js';
import { checkWidth, reuse } from './buffers.js';

export interface BatchNormOptions {
  /** Weight of the new batch statistic in each running-average update, in (0, 1] (default 0.1). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  name?: string;
  dtype?: DType;
}

export interface BatchNormConfig {
  kind: 'batchnorm';
  name: string;
  features: number;
  momentum: number;
  eps: number;
}

export class BatchNorm implements Layer {
  readonly kind = 'batchnorm';
  readonly name: string;
  readonly features: number;
  readonly momentum: number;
  readonly eps: number;
  readonly gamma: Param;
  readonly beta: Param;
  readonly runningMean: Matrix;
  readonly runningVar: Matrix;

  private training = false;
  /** 1/√(var + eps) per feature, of the batch (training) or the running var (eval). */
  private readonly invStd: Float64Array;
  private readonly mean: Float64Array;
  /** Per-feature scratch sums, kept to avoid allocating on every batch. */
  private readonly acc1: Float64Array;
  private readonly acc2: Float64Array;
  private xhat: Matrix | null = null;
  private y: Matrix | null = null;
  private dx: Matrix | null = null;

  constructor(features: number, opts: BatchNormOptions = {}) {
    const name = opts.name ?? 'bn';
    const momentum = opts.momentum ?? 0.1;
    const eps = opts.eps ?? 1e-5;
    const dtype = opts.dtype ?? 'float32';
    if (!Number.isInteger(features) || features < 1) throw new Error(`BatchNorm ${name}: features must be a positive integer, got ${features}`);
    if (!(momentum > 0 && momentum <= 1)) throw new Error(`BatchNorm ${name}: momentum must be in (0, 1], got ${momentum} — it is the weight of each new batch in the running stats (e.g. 0.1)`);
    if (!(eps > 0)) throw new Error(`BatchNorm ${name}: eps must be > 0, got ${eps}`);
    this.name = name;
    this.features = features;
    this.momentum = momentum;
    this.eps = eps;
    this.gamma = makeParam(`${name}.gamma`, Matrix.zeros(1, features, dtype).fill(1), false);
    this.beta = makeParam(`${name}.beta`, Matrix.zeros(1, features, dtype), false);
    this.runningMean = Matrix.zeros(1, features, dtype);
    this.runningVar = Matrix.zeros(1, features, dtype).fill(1);
    this.invStd = new Float64Array(features);
    this.mean = new Float64Array(features);
    this.acc1 = new Float64Array(features);
    this.acc2 = new Float64Array(features);
  }

  forward(x: Matrix, training: boolean): Matrix {
    checkWidth(`BatchNorm ${this.name}`, x, this.features);
    const B = x.rows, F = this.features, X = x.data;
    const mean = this.mean, invStd = this.invStd;
    this.training = training;
    if (training) {
      mean.fill(0);
      for (let i = 0; i < B; i++) for (let j = 0; j < F; j++) mean[j]! += X[i * F + j]!;
      for (let j = 0; j < F; j++) mean[j]! /= B;
      const v = this.acc1.fill(0); // two-pass variance: no cancellation
      for (let i = 0; i < B; i++) for (let j = 0; j < F; j++) { const d = X[i * F + j]! - mean[j]!; v[j]! += d * d; }
      const m = this.momentum, rm = this.runningMean.data, rv = this.runningVar.data;
      const unbias = B > 1 ? B / (B - 1) : 1;
      for (let j = 0; j < F; j++) {
        const biased = v[j]! / B;
        invStd[j] = 1 / Math.sqrt(biased + this.eps);
        rm[j] = (1 - m) * rm[j]! + m * mean[j]!;
        rv[j] = (1 - m) * rv[j]! + m * biased * unbias;
      }
    } else {
      const rm = this.runningMean.data, rv = this.runningVar.data;
      for (let j = 0; j < F; j++) { mean[j] = rm[j]!; invStd[j] = 1 / Math.sqrt(rv[j]! + this.eps); }
    }
    const xhat = (this.xhat = reuse(this.xhat, B, F, x.dtype));
    const y = (this.y = reuse(this.y, B, F, x.dtype));
    const H = xhat.data, Y = y.data, g = this.gamma.value.data, b = this.beta.value.data;
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < F; j++) {
        const k = i * F + j;
        const h = (X[k]! - mean[j]!) * invStd[j]!;
        H[k] = h;
        Y[k] = g[j]! * h + b[j]!;
      }
    }
    return y;
  }

  backward(dy: Matrix): Matrix {
    const xhat = this.xhat;
    if (xhat === null) throw new Error(`BatchNorm ${this.name}: backward called before forward`);
    const B = dy.rows, F = this.features, D = dy.data, H = xhat.data;
    const sumDy = this.acc1.fill(0), sumDyH = this.acc2.fill(0);
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < F; j++) { const k = i * F + j; sumDy[j]! += D[k]!; sumDyH[j]! += D[k]! * H[k]!; }
    }
    const dg = this.gamma.grad.data, db = this.beta.grad.data, g = this.gamma.value.data, invStd = this.invStd;
    for (let j = 0; j < F; j++) { dg[j]! += sumDyH[j]!; db[j]! += sumDy[j]!; }
    const dx = (this.dx = reuse(this.dx, B, F, dy.dtype));
    const O = dx.data;
    for (let i = 0; i < B; i++) {
      for (let j = 0; j < F; j++) {
        const k = i * F + j, s = g[j]! * invStd[j]!;
        // In eval mode the statistics are constants, so only the scale remains.
        O[k] = this.training ? s * (D[k]! - sumDy[j]! / B - H[k]! * sumDyH[j]! / B) : s * D[k]!;
      }
    }
    return dx;
  }

  params(): Param[] {
    return [this.gamma, this.beta];
  }

  buffers(): Record<string, Matrix> {
    return { [`${this.name}.running_mean`]: this.runningMean, [`${this.name}.running_var`]: this.runningVar };
  }

  config(): BatchNormConfig {
    return { kind: 'batchnorm', name: this.name, features: this.features, momentum: this.momentum, eps: this.eps };
  }
}
