/**
 * Element-wise activations. Each keeps its own output buffer (never writes
 * into its input, which the previous layer may still need for its backward)
 * and caches what its derivative needs: the input for ReLU-type kinks, the
 * output for sigmoid/tanh (σ' = σ(1−σ), tanh' = 1−tanh²).
 */
import type { Matrix } from '../tensor/matrix.js';
import { addBiasRelu, relu, reluBackward, sigmoid as sigmoidKernel, sigmoidBackward } from '../tensor/kernels.js';
import type { Layer } from './layer.js';
import type { Param } from './param.js';
import { reuse } from './buffers.js';
import { unknownNameMessage } from './names.js';

export interface ActivationConfig {
  kind: ActivationName;
  slope?: number;
}

/** Shared plumbing: buffers, and backward as dx = dy ⊙ f'(cached). */
abstract class Elementwise implements Layer {
  abstract readonly kind: ActivationName;
  protected x: Matrix | null = null;
  protected y: Matrix | null = null;
  protected dx: Matrix | null = null;

  forward(x: Matrix, _training: boolean): Matrix {
    this.x = x;
    const y = (this.y = reuse(this.y, x.rows, x.cols, x.dtype));
    this.apply(x, y);
    return y;
  }

  backward(dy: Matrix): Matrix {
    if (this.x === null || this.y === null) throw new Error(`${this.kind}: backward called before forward`);
    const dx = (this.dx = reuse(this.dx, dy.rows, dy.cols, dy.dtype));
    this.derive(dy, this.x, this.y, dx);
    return dx;
  }

  params(): Param[] {
    return [];
  }

  config(): ActivationConfig {
    return { kind: this.kind };
  }

  protected abstract apply(x: Matrix, y: Matrix): void;
  protected abstract derive(dy: Matrix, x: Matrix, y: Matrix, dx: Matrix): void;
}

/**
 * max(0, x); the derivative at exactly 0 is taken as 0. The loops live in
 * tensor/kernels.ts (relu, reluBackward) so float32 runs them in wasm, with
 * the same bits as the plain JS loop.
 */
export class ReLU extends Elementwise {
  readonly kind = 'relu';
  protected apply(x: Matrix, y: Matrix): void {
    relu(x, y);
  }
  protected derive(dy: Matrix, x: Matrix, _y: Matrix, dx: Matrix): void {
    reluBackward(x, dy, dx);
  }

  /**
   * forward(z + bias) with the bias added in place in z (a Dense layer's
   * output buffer, see Sequential.forward): one fused pass instead of two,
   * the same bits, and the same state for backward as the unfused path.
   */
  forwardBiased(z: Matrix, bias: Matrix): Matrix {
    this.x = z;
    const y = (this.y = reuse(this.y, z.rows, z.cols, z.dtype));
    return addBiasRelu(z, bias, z, y);
  }
}

/** x for x > 0, slope·x otherwise (Maas et al. 2013). */
export class LeakyReLU extends Elementwise {
  readonly kind = 'leaky_relu';
  readonly slope: number;
  constructor(slope = 0.01) {
    super();
    if (!Number.isFinite(slope) || slope < 0 || slope >= 1) {
      throw new Error(`leaky_relu: slope must be in [0, 1), got ${slope} — set model.leaky_slope`);
    }
    this.slope = slope;
  }
  protected apply(xm: Matrix, ym: Matrix): void {
    const x = xm.data, y = ym.data, s = this.slope;
    for (let i = 0; i < y.length; i++) { const v = x[i]!; y[i] = v > 0 ? v : s * v; }
  }
  protected derive(dym: Matrix, xm: Matrix, _y: Matrix, dxm: Matrix): void {
    const dy = dym.data, x = xm.data, dx = dxm.data, s = this.slope;
    for (let i = 0; i < dx.length; i++) dx[i] = x[i]! > 0 ? dy[i]! : s * dy[i]!;
  }
  override config(): ActivationConfig {
    return { kind: this.kind, slope: this.slope };
  }
}

/** The scalar logistic σ (one formula, shared with the sigmoid kernels' JS reference). */
export { logistic as sigmoid } from '../tensor/kernels.js';

export class Sigmoid extends Elementwise {
  readonly kind = 'sigmoid';
  // The loops are kernels (σ is the logistic() above), so float32 runs them in wasm with the same bits.
  protected apply(x: Matrix, y: Matrix): void {
    sigmoidKernel(x, y);
  }
  protected derive(dy: Matrix, _x: Matrix, y: Matrix, dx: Matrix): void {
    sigmoidBackward(y, dy, dx);
  }
}

export class Tanh extends Elementwise {
  readonly kind = 'tanh';
  protected apply(xm: Matrix, ym: Matrix): void {
    const x = xm.data, y = ym.data;
    for (let i = 0; i < y.length; i++) y[i] = Math.tanh(x[i]!);
  }
  protected derive(dym: Matrix, _x: Matrix, ym: Matrix, dxm: Matrix): void {
    const dy = dym.data, y = ym.data, dx = dxm.data;
    for (let i = 0; i < dx.length; i++) { const t = y[i]!; dx[i] = dy[i]! * (1 - t * t); }
  }
}

/** f(x) = x. Passes its input and gradient through without copying. */
export class Identity implements Layer {
  readonly kind = 'linear';
  forward(x: Matrix, _training: boolean): Matrix {
    return x;
  }
  backward(dy: Matrix): Matrix {
    return dy;
  }
  params(): Param[] {
    return [];
  }
  config(): ActivationConfig {
    return { kind: this.kind };
  }
}

export interface ActivationOptions {
  /** leaky_relu slope (default 0.01). */
  slope?: number;
}

export const ACTIVATIONS = {
  relu: () => new ReLU(),
  leaky_relu: (o: ActivationOptions) => new LeakyReLU(o.slope),
  sigmoid: () => new Sigmoid(),
  tanh: () => new Tanh(),
  linear: () => new Identity(),
} as const;

export type ActivationName = keyof typeof ACTIVATIONS;

export function activationNames(): ActivationName[] {
  return Object.keys(ACTIVATIONS) as ActivationName[];
}

export function isActivationName(name: string): name is ActivationName {
  return Object.prototype.hasOwnProperty.call(ACTIVATIONS, name);
}

export function makeActivation(name: string, opts: ActivationOptions = {}): ReLU | LeakyReLU | Sigmoid | Tanh | Identity {
  if (!isActivationName(name)) throw new Error(`model.activation: ${unknownNameMessage('activation', name, activationNames())}`);
  return ACTIVATIONS[name](opts);
}
