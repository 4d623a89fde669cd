/**
 * 2-D convolution (cross-correlation, as in every framework) over channels-last
 * images, by im2col onto the GEMM every Dense layer uses:
 *   cols = im2col(X)             [B·OH·OW, K·K·C]
 *   Y    = cols · W + b          W [K·K·C, F], b [1, F]  → Y is [B, OH, OW, F]
 * i.e. Y[b, oh, ow, f] = b_f + Σ_{kh,kw,c} X[b, oh·s−p+kh, ow·s−p+kw, c] · W[(kh·K+kw)·C+c, f].
 *
 * Backward, for dY viewed as [B·OH·OW, F]:
 *   dW += colsᵀ · dY (computed as (dYᵀ · cols)ᵀ),   db += Σ_rows dY,   dX = col2im(dY · Wᵀ).
 * One product per step for the whole batch, in a fixed order, so the bits do
 * not depend on anything but the inputs (workers, batching of the caller).
 * Initializers see fanIn = K·K·C and fanOut = K·K·F (Glorot's and He's
 * receptive-field convention, as in Keras and PyTorch).
 */
import { Matrix, type DType } from '../tensor/matrix.js';
import { addBias, matmul, sumRows } from '../tensor/kernels.js';
import type { Rng } from '../tensor/rng.js';
import type { Layer } from './layer.js';
import { makeParam, type Param } from './param.js';
import { fillInit, parseInit, type Initializer } from './init.js';
import { checkWidth, reuse } from './buffers.js';
import { outSize, size, showShape, type ImageShape, type Window } from './geometry.js';
import { col2im, im2col } from './im2col.js';

export interface Conv2DOptions {
  /** Prefix of the parameter names ("conv1" → "conv1.W", "conv1.b"). */
  name?: string;
  stride?: number;
  padding?: number;
  /** Default xavier_uniform, as Dense. */
  weightInit?: Initializer;
  biasInit?: Initializer;
  rng: Rng;
  dtype?: DType;
  decayBias?: boolean;
}

export interface Conv2DConfig {
  kind: 'conv2d';
  name: string;
  input: ImageShape;
  filters: number;
  kernel: number;
  stride: number;
  padding: number;
  decayBias: boolean;
}

const EMPTY = Matrix.zeros(0, 0);

/** A [rows, cols] matrix over m's memory (the same numbers, another shape). */
export function reshape(m: Matrix, rows: number, cols: number): Matrix {
  return m.rows === rows && m.cols === cols ? m : new Matrix(rows, cols, m.data);
}

/** out[i, j] += m[j, i]. */
function addTransposed(m: Matrix, out: Matrix): void {
  const M = m.data, O = out.data, R = m.rows, C = m.cols;
  for (let i = 0; i < C; i++) for (let j = 0; j < R; j++) O[i * R + j]! += M[j * C + i]!;
}

export class Conv2D implements Layer {
  readonly kind = 'conv2d';
  readonly name: string;
  readonly input: ImageShape;
  readonly output: ImageShape;
  readonly window: Window;
  readonly filters: number;
  readonly W: Param;
  readonly b: Param;

  private x: Matrix | null = null;
  private cols: Matrix | null = null;
  private y: Matrix | null = null;
  private dcols: Matrix | null = null;
  private gw: Matrix | null = null;
  private dx: Matrix | null = null;

  constructor(input: ImageShape, filters: number, kernel: number, opts: Conv2DOptions) {
    const name = opts.name ?? 'conv';
    const stride = opts.stride ?? 1, padding = opts.padding ?? 0;
    for (const [what, v, min] of [['filters', filters, 1], ['kernel', kernel, 1], ['stride', stride, 1], ['padding', padding, 0]] as const) {
      if (!Number.isInteger(v) || v < min) throw new Error(`Conv2D ${name}: ${what} must be an integer >= ${min}, got ${v}`);
    }
    this.window = { kernel, stride, padding };
    const oh = outSize(input.h, this.window), ow = outSize(input.w, this.window);
    if (oh < 1 || ow < 1) throw new Error(`Conv2D ${name}: a ${kernel}×${kernel} kernel does not fit the ${showShape(input)} input with padding ${padding}`);
    const dtype = opts.dtype ?? 'float32';
    this.name = name;
    this.input = { ...input };
    this.filters = filters;
    this.output = { c: filters, h: oh, w: ow };
    const taps = kernel * kernel * input.c;
    const fanIn = taps, fanOut = kernel * kernel * filters;
    const W = fillInit(Matrix.zeros(taps, filters, dtype), opts.weightInit ?? parseInit('xavier_uniform'), fanIn, fanOut, opts.rng);
    const b = fillInit(Matrix.zeros(1, filters, dtype), opts.biasInit ?? parseInit('zeros'), fanIn, fanOut, opts.rng);
    this.W = makeParam(`${name}.W`, W, true);
    this.b = makeParam(`${name}.b`, b, opts.decayBias ?? false);
  }

  forward(x: Matrix, _training: boolean): Matrix {
    checkWidth(`Conv2D ${this.name}`, x, size(this.input));
    this.x = x; // a reference: the caller keeps x unchanged until backward
    const B = x.rows, positions = this.output.h * this.output.w;
    const cols = (this.cols = reuse(this.cols, B * positions, this.W.value.rows, x.dtype));
    im2col(x.data, B, this.input, this.window, cols.data);
    const y = (this.y = reuse(this.y, B * positions, this.filters, x.dtype));
    addBias(matmul(cols, this.W.value, y), this.b.value, y);
    return reshape(y, B, positions * this.filters);
  }

  /** Adds into W.grad and b.grad and returns dX; with inputGrad=false (the first layer) dX is skipped. */
  backward(dy: Matrix, inputGrad = true): Matrix {
    const cols = this.cols, x = this.x;
    if (cols === null || x === null) throw new Error(`Conv2D ${this.name}: backward called before forward`);
    const g = reshape(dy, cols.rows, this.filters);
    // dWᵀ = dYᵀ·cols, then added transposed: the same products summed in the same order as
    // colsᵀ·dY (so the same bits), but the GEMM transposes dY (F columns) instead of cols (K·K·C
    // columns), and skips the positions where a block of filters has no gradient (after ReLU and max pooling, most).
    const gw = (this.gw = reuse(this.gw, this.filters, cols.cols, dy.dtype));
    matmul(g, cols, gw, { transA: true });
    addTransposed(gw, this.W.grad);
    sumRows(g, this.b.grad, true);
    if (!inputGrad) return EMPTY;
    const dcols = (this.dcols = reuse(this.dcols, cols.rows, cols.cols, dy.dtype));
    matmul(g, this.W.value, dcols, { transB: true });
    const dx = (this.dx = reuse(this.dx, x.rows, x.cols, dy.dtype));
    col2im(dcols.data, x.rows, this.input, this.window, dx.data);
    return dx;
  }

  params(): Param[] {
    return [this.W, this.b];
  }

  config(): Conv2DConfig {
    const { kernel, stride, padding } = this.window;
    return { kind: 'conv2d', name: this.name, input: { ...this.input }, filters: this.filters, kernel, stride, padding, decayBias: this.b.decay };
  }
}
