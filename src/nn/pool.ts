/**
 * Max and average pooling over channels-last images (see geometry.ts), each
 * channel on its own, with a window of kernel×kernel moved by stride (default
 * kernel: non-overlapping). No padding: the windows must tile the input, which
 * the spec checks before a run starts (see stack.ts).
 *
 *   max: Y[b,oh,ow,c] = max_{kh,kw} X[b, oh·s+kh, ow·s+kw, c]; dX gets dY at the
 *        first position holding the max (ties: the first in row-major order), 0 elsewhere.
 *   avg: Y[b,oh,ow,c] = (1/K²) Σ_{kh,kw} X[b, oh·s+kh, ow·s+kw, c]; dX += dY/K² over the window.
 * Overlapping windows (stride < kernel) add their contributions to dX.
 */
import type { Matrix } from '../tensor/matrix.js';
import type { Layer } from './layer.js';
import type { Param } from './param.js';
import { checkWidth, reuse } from './buffers.js';
import { outSize, size, showShape, type ImageShape, type Window } from './geometry.js';

export interface PoolConfig {
  kind: 'maxpool' | 'avgpool';
  input: ImageShape;
  kernel: number;
  stride: number;
}

abstract class Pool2D implements Layer {
  abstract readonly kind: 'maxpool' | 'avgpool';
  readonly input: ImageShape;
  readonly output: ImageShape;
  readonly window: Window;
  protected x: Matrix | null = null;
  protected y: Matrix | null = null;
  protected dx: Matrix | null = null;

  constructor(input: ImageShape, kernel: number, stride = kernel) {
    for (const [what, v] of [['kernel', kernel], ['stride', stride]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`pool: ${what} must be a positive integer, got ${v}`);
    }
    this.window = { kernel, stride, padding: 0 };
    this.input = { ...input };
    this.output = { c: input.c, h: outSize(input.h, this.window), w: outSize(input.w, this.window) };
    if (this.output.h < 1 || this.output.w < 1) throw new Error(`pool: a ${kernel}×${kernel} window does not fit the ${showShape(input)} input`);
  }

  forward(x: Matrix, _training: boolean): Matrix {
    checkWidth(`${this.kind}`, x, size(this.input));
    this.x = x;
    const y = (this.y = reuse(this.y, x.rows, size(this.output), x.dtype));
    this.pool(x, y);
    return y;
  }

  backward(dy: Matrix): Matrix {
    const x = this.x;
    if (x === null) throw new Error(`${this.kind}: backward called before forward`);
    const dx = (this.dx = reuse(this.dx, x.rows, x.cols, dy.dtype));
    dx.data.fill(0);
    this.unpool(dy, dx);
    return dx;
  }

  params(): Param[] {
    return [];
  }

  config(): PoolConfig {
    return { kind: this.kind, input: { ...this.input }, kernel: this.window.kernel, stride: this.window.stride };
  }

  protected abstract pool(x: Matrix, y: Matrix): void;
  protected abstract unpool(dy: Matrix, dx: Matrix): void;
}

export class MaxPool2D extends Pool2D {
  readonly kind = 'maxpool';
  /** For each output element, the index (within its row) of the input element that won. */
  private argmax = new Int32Array(0);

  protected pool(xm: Matrix, ym: Matrix): void {
    const { c: C, h: H, w: W } = this.input, { h: OH, w: OW } = this.output, { kernel: K, stride: S } = this.window;
    const X = xm.data, Y = ym.data, inRow = H * W * C, outRow = OH * OW * C;
    if (this.argmax.length < Y.length) this.argmax = new Int32Array(Y.length);
    const arg = this.argmax;
    // Window positions in row-major order, each a run of C channels (channels last): the first
    // position seeds the maxima, later ones replace them only when strictly greater (ties: the
    // first) — or when NaN, which never compares greater but must not be hidden.
    for (let b = 0; b < xm.rows; b++) {
      const xb = b * inRow;
      let o = b * outRow;
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++, o += C) {
          const first = ((oh * S) * W + ow * S) * C;
          for (let c = 0; c < C; c++) { Y[o + c] = X[xb + first + c]!; arg[o + c] = first + c; }
          for (let kh = 0; kh < K; kh++) {
            for (let kw = kh === 0 ? 1 : 0; kw < K; kw++) {
              const at = ((oh * S + kh) * W + ow * S + kw) * C;
              for (let c = 0; c < C; c++) {
                const v = X[xb + at + c]!, best = Y[o + c]!;
                if (v > best || (v !== v && best === best)) { Y[o + c] = v; arg[o + c] = at + c; }
              }
            }
          }
        }
      }
    }
  }

  protected unpool(dym: Matrix, dxm: Matrix): void {
    const D = dym.data, O = dxm.data, arg = this.argmax, inRow = dxm.cols, outRow = dym.cols;
    for (let b = 0; b < dym.rows; b++) {
      const xb = b * inRow, ob = b * outRow;
      for (let j = 0; j < outRow; j++) O[xb + arg[ob + j]!]! += D[ob + j]!;
    }
  }
}

export class AvgPool2D extends Pool2D {
  readonly kind = 'avgpool';

  protected pool(xm: Matrix, ym: Matrix): void {
    const { c: C, h: H, w: W } = this.input, { h: OH, w: OW } = this.output, { kernel: K, stride: S } = this.window;
    const X = xm.data, Y = ym.data, inRow = H * W * C, outRow = OH * OW * C, scale = 1 / (K * K);
    for (let b = 0; b < xm.rows; b++) {
      const xb = b * inRow;
      let o = b * outRow;
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          for (let c = 0; c < C; c++, o++) {
            let s = 0;
            for (let kh = 0; kh < K; kh++) {
              const rowStart = xb + ((oh * S + kh) * W + ow * S) * C + c;
              for (let kw = 0; kw < K; kw++) s += X[rowStart + kw * C]!;
            }
            Y[o] = s * scale;
          }
        }
      }
    }
  }

  protected unpool(dym: Matrix, dxm: Matrix): void {
    const { c: C, h: H, w: W } = this.input, { h: OH, w: OW } = this.output, { kernel: K, stride: S } = this.window;
    const D = dym.data, O = dxm.data, inRow = H * W * C, outRow = OH * OW * C, scale = 1 / (K * K);
    for (let b = 0; b < dym.rows; b++) {
      const xb = b * inRow;
      let o = b * outRow;
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          for (let c = 0; c < C; c++, o++) {
            const g = D[o]! * scale;
            for (let kh = 0; kh < K; kh++) {
              const rowStart = xb + ((oh * S + kh) * W + ow * S) * C + c;
              for (let kw = 0; kw < K; kw++) O[rowStart + kw * C]! += g;
            }
          }
        }
      }
    }
  }
}
