/**
 * Flatten: an image [C, H, W] becomes a vector of C·H·W features. Images
 * already ride one per matrix row (geometry.ts), so the numbers do not move;
 * the layer exists so that a layer list says where the image ends and the
 * dense part begins, and the shape checks can hold a list to it.
 */
import type { Matrix } from '../tensor/matrix.js';
import type { Layer } from './layer.js';
import type { Param } from './param.js';
import type { ImageShape } from './geometry.js';

export interface FlattenConfig {
  kind: 'flatten';
  input: ImageShape;
}

export class Flatten implements Layer {
  readonly kind = 'flatten';
  readonly input: ImageShape;

  constructor(input: ImageShape) {
    this.input = { ...input };
  }

  forward(x: Matrix, _training: boolean): Matrix {
    return x;
  }

  backward(dy: Matrix): Matrix {
    return dy;
  }

  params(): Param[] {
    return [];
  }

  config(): FlattenConfig {
    return { kind: 'flatten', input: { ...this.input } };
  }
}
