/**
 * Inverted dropout (Srivastava et al. 2014): while training each unit is zeroed
 * with probability p and the kept ones are scaled by 1/(1−p), so the expected
 * output equals the input and evaluation is the identity (no rescaling at test time).
 */
import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { Layer } from './layer.js';
import type { Param } from './param.js';
import { reuse } from './buffers.js';

export interface DropoutConfig {
  kind: 'dropout';
  p: number;
}

export class Dropout implements Layer {
  readonly kind = 'dropout';
  readonly p: number;
  /**
   * When true, training forwards reuse the last mask instead of drawing a new
   * one — gradient checks need the same function on every evaluation.
   */
  frozen = false;

  private readonly rng: Rng;
  private mask = new Uint8Array(0);
  /** Whether the last forward applied a mask (training with p > 0). */
  private masked = false;
  private y: Matrix | null = null;
  private dx: Matrix | null = null;

  constructor(p: number, rng: Rng) {
    if (!(p >= 0 && p < 1)) throw new Error(`Dropout: p must be in [0, 1), got ${p} — it is the probability of dropping a unit`);
    this.p = p;
    this.rng = rng;
  }

  forward(x: Matrix, training: boolean): Matrix {
    this.masked = training && this.p > 0;
    if (!this.masked) return x;
    const n = x.data.length;
    if (!this.frozen || this.mask.length !== n) {
      if (this.mask.length !== n) this.mask = new Uint8Array(n);
      const p = this.p, rng = this.rng, mask = this.mask;
      for (let i = 0; i < n; i++) mask[i] = rng.uniform() >= p ? 1 : 0;
    }
    const y = (this.y = reuse(this.y, x.rows, x.cols, x.dtype));
    const scale = 1 / (1 - this.p), X = x.data, Y = y.data, mask = this.mask;
    for (let i = 0; i < n; i++) Y[i] = mask[i] ? X[i]! * scale : 0;
    return y;
  }

  backward(dy: Matrix): Matrix {
    if (!this.masked) return dy;
    const dx = (this.dx = reuse(this.dx, dy.rows, dy.cols, dy.dtype));
    const scale = 1 / (1 - this.p), D = dy.data, O = dx.data, mask = this.mask;
    for (let i = 0; i < O.length; i++) O[i] = mask[i] ? D[i]! * scale : 0;
    return dx;
  }

  params(): Param[] {
    return [];
  }

  config(): DropoutConfig {
    return { kind: 'dropout', p: this.p };
  }
}
