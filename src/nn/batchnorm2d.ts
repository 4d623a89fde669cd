/**
 * Batch normalization over the channels of images (Ioffe & Szegedy 2015, §3.2:
 * "for convolutional layers ... normalized in the same way at every location"):
 * each channel has one γ, β and one running mean/variance, with statistics over
 * the batch and every pixel position, B·H·W values per channel.
 *
 * Channels last (geometry.ts) makes this plain batch norm: a [B, H·W·C] batch
 * is a [B·H·W, C] matrix over the same memory, so the formulas, the running
 * statistics (unbiased over B·H·W values, as in PyTorch) and the backward are
 * those of batchnorm.ts, applied to that view.
 */
import { Matrix } from '../tensor/matrix.js';
import type { Layer } from './layer.js';
import type { Param } from './param.js';
import { BatchNorm, type BatchNormOptions } from './batchnorm.js';
import { checkWidth } from './buffers.js';
import { size, type ImageShape } from './geometry.js';

export interface BatchNorm2DConfig {
  kind: 'batchnorm2d';
  name: string;
  input: ImageShape;
  momentum: number;
  eps: number;
}

function view(m: Matrix, rows: number, cols: number): Matrix {
  return new Matrix(rows, cols, m.data);
}

export class BatchNorm2D implements Layer {
  readonly kind = 'batchnorm2d';
  readonly input: ImageShape;
  /** The per-channel batch norm this layer runs on the [B·H·W, C] view. */
  readonly bn: BatchNorm;

  constructor(input: ImageShape, opts: BatchNormOptions = {}) {
    this.input = { ...input };
    this.bn = new BatchNorm(input.c, { ...opts, name: opts.name ?? 'bn' });
  }

  get name(): string {
    return this.bn.name;
  }

  forward(x: Matrix, training: boolean): Matrix {
    checkWidth(`BatchNorm2D ${this.bn.name}`, x, size(this.input));
    const positions = x.rows * this.input.h * this.input.w;
    return view(this.bn.forward(view(x, positions, this.input.c), training), x.rows, x.cols);
  }

  backward(dy: Matrix): Matrix {
    const positions = dy.rows * this.input.h * this.input.w;
    return view(this.bn.backward(view(dy, positions, this.input.c)), dy.rows, dy.cols);
  }

  params(): Param[] {
    return this.bn.params();
  }

  buffers(): Record<string, Matrix> {
    return this.bn.buffers();
  }

  config(): BatchNorm2DConfig {
    return { kind: 'batchnorm2d', name: this.bn.name, input: { ...this.input }, momentum: this.bn.momentum, eps: this.bn.eps };
  }
}
