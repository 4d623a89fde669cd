/**
 * What training would gain once layers and optimizers call the optional
 * kernels (tensor/kernels.ts: relu, reluBackward, sgdStep). The network is the
 * same Sequential with its ReLU layers and SGD swapped for thin wrappers over
 * those kernels — same bits, so the loss matches the stock path exactly.
 */
import { ReLU } from '../nn/activations.js';
import type { Layer } from '../nn/layer.js';
import type { Param } from '../nn/param.js';
import { relu, reluBackward, sgdStep } from '../tensor/kernels.js';
import { Matrix } from '../tensor/matrix.js';

class KernelReLU implements Layer {
  readonly kind = 'relu';
  private x: Matrix | null = null;
  private y: Matrix | null = null;
  private dx: Matrix | null = null;
  forward(x: Matrix): Matrix {
    this.x = x;
    if (this.y?.rows !== x.rows || this.y.cols !== x.cols) this.y = x.zerosLike();
    return relu(x, this.y);
  }
  backward(dy: Matrix): Matrix {
    if (this.dx?.rows !== dy.rows || this.dx.cols !== dy.cols) this.dx = dy.zerosLike();
    return reluBackward(this.x!, dy, this.dx);
  }
  params(): Param[] {
    return [];
  }
}

/** Replace ReLU layers in place (the list is the Sequential's own array). */
export function useKernelLayers(layers: Layer[]): void {
  for (let i = 0; i < layers.length; i++) if (layers[i] instanceof ReLU) layers[i] = new KernelReLU();
}

export class KernelSGD {
  readonly name = 'sgd';
  constructor(public lr: number) {}
  step(params: Param[]): void {
    for (const p of params) sgdStep(p.value.data, p.grad.data, this.lr);
  }
}
