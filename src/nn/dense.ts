/**
 * Fully connected layer: Y = X·W + b, with W [inputs, outputs] and b [1, outputs].
 *
 * Backward, for dY = dLoss/dY:
 *   dW += Xᵀ·dY   (matmul with transA — no transposed copy of X)
 *   db += Σ_rows dY
 *   dX  = dY·Wᵀ   (matmul with transB)
 */
import { Matrix, type DType } from '../tensor/matrix.js';
import { addBias, matmul, sumRows } from '../tensor/kernels.js';
import type { Rng } from '../tensor/rng.js';
import type { Layer } from './layer.js';
import { makeParam, type Param } from './param.js';
import { fillInit, parseInit, type Initializer } from './init.js';
import { checkWidth, reuse } from './buffers.js';

export interface DenseOptions {
  /** Prefix of the parameter names ("dense1" → "dense1.W", "dense1.b"). */
  name?: string;
  /** Default xavier_uniform (Glorot & Bengio 2010). */
  weightInit?: Initializer;
  /** Default zeros. */
  biasInit?: Initializer;
  /** Draws the initial weights; required unless both inits are deterministic, so always pass one. */
  rng: Rng;
  dtype?: DType;
  /** Apply L2 / weight decay to the bias too (off by default, as is usual). */
  decayBias?: boolean;
}

export interface DenseConfig {
  kind: 'dense';
  name: string;
  inputs: number;
  outputs: number;
  decayBias: boolean;
}

const EMPTY = Matrix.zeros(0, 0);

export class Dense implements Layer {
  readonly kind = 'dense';
  readonly name: string;
  readonly inputs: number;
  readonly outputs: number;
  readonly W: Param;
  readonly b: Param;

  private x: Matrix | null = null;
  private y: Matrix | null = null;
  private dx: Matrix | null = null;

  constructor(inputs: number, outputs: number, opts: DenseOptions) {
    const name = opts.name ?? 'dense';
    for (const [what, v] of [['inputs', inputs], ['outputs', outputs]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`Dense ${name}: ${what} must be a positive integer, got ${v}`);
    }
    const dtype = opts.dtype ?? 'float32';
    this.name = name;
    this.inputs = inputs;
    this.outputs = outputs;
    const W = fillInit(Matrix.zeros(inputs, outputs, dtype), opts.weightInit ?? parseInit('xavier_uniform'), inputs, outputs, opts.rng);
    const b = fillInit(Matrix.zeros(1, outputs, dtype), opts.biasInit ?? parseInit('zeros'), inputs, outputs, opts.rng);
    this.W = makeParam(`${name}.W`, W, true);
    this.b = makeParam(`${name}.b`, b, opts.decayBias ?? false);
  }

  forward(x: Matrix, training: boolean): Matrix {
    return addBias(this.forwardLinear(x, training), this.b.value, this.y!);
  }

  /** X·W without the bias, into this layer's output buffer (a fused bias+activation adds it). */
  forwardLinear(x: Matrix, _training: boolean): Matrix {
    checkWidth(`Dense ${this.name}`, x, this.inputs);
    this.x = x; // a reference: the caller keeps x unchanged until backward
    const y = (this.y = reuse(this.y, x.rows, this.outputs, x.dtype));
    return matmul(x, this.W.value, y);
  }

  /**
   * Adds into W.grad and b.grad and returns dX. With inputGrad=false (the first
   * layer, whose input is the data) dX is skipped and an empty matrix returned.
   */
  backward(dy: Matrix, inputGrad = true): Matrix {
    const x = this.x;
    if (x === null) throw new Error(`Dense ${this.name}: backward called before forward`);
    matmul(x, dy, this.W.grad, { transA: true, accumulate: true });
    sumRows(dy, this.b.grad, true);
    if (!inputGrad) return EMPTY;
    const dx = (this.dx = reuse(this.dx, dy.rows, this.inputs, dy.dtype));
    return matmul(dy, this.W.value, dx, { transB: true });
  }

  params(): Param[] {
    return [this.W, this.b];
  }

  config(): DenseConfig {
    return { kind: 'dense', name: this.name, inputs: this.inputs, outputs: this.outputs, decayBias: this.b.decay };
  }
}
