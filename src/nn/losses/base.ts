/** Plumbing shared by the losses: label checks and the reused gradient buffer. */
import type { Matrix } from '../../tensor/matrix.js';
import { argmaxRows } from '../../tensor/kernels.js';
import type { Loss } from '../layer.js';
import { reuse } from '../buffers.js';

export abstract class BaseLoss implements Loss {
  abstract readonly name: string;
  protected grad: Matrix | null = null;

  abstract forward(output: Matrix, labels: Int32Array): number;

  backward(): Matrix {
    if (this.grad === null) throw new Error(`loss ${this.name}: backward called before forward`);
    return this.grad;
  }

  /** Argmax of each row; the binary hinge overrides this with the sign. */
  predict(output: Matrix): Int32Array {
    return argmaxRows(output);
  }

  outputWidth(classes: number): number {
    if (!Number.isInteger(classes) || classes < 2) throw new Error(`loss ${this.name}: needs at least 2 classes, got ${classes}`);
    return classes;
  }

  /** Checks shapes and labels, and returns the gradient buffer for this batch. */
  protected prepare(output: Matrix, labels: Int32Array, width?: number): Matrix {
    const B = output.rows, K = output.cols;
    if (labels.length !== B) throw new Error(`loss ${this.name}: ${B} output rows but ${labels.length} labels`);
    if (width !== undefined && K !== width) throw new Error(`loss ${this.name}: output must have ${width} column(s), got ${K} — build the model with outputWidth(classes)`);
    if (B === 0) throw new Error(`loss ${this.name}: empty batch`);
    const max = width === 1 ? 2 : K;
    for (let i = 0; i < B; i++) {
      const c = labels[i]!;
      if (c < 0 || c >= max) throw new Error(`loss ${this.name}: label ${c} at row ${i} is outside [0, ${max - 1}] for an output of width ${K}`);
    }
    return (this.grad = reuse(this.grad, B, K, output.dtype));
  }
}
