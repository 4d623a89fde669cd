/** Margin losses: binary hinge (one output column) and the multiclass SVM loss. */
import type { Matrix } from '../../tensor/matrix.js';
import { BaseLoss } from './base.js';

/**
 * Binary hinge on a single output score s: label 0 ↦ t = −1, 1 ↦ t = +1,
 *   L = (1/B) Σ_i max(0, 1 − t_i·s_i),  dL/ds_i = −t_i/B where the margin is violated.
 * Predicts class 1 when s > 0.
 */
export class Hinge extends BaseLoss {
  readonly name = 'hinge';

  forward(output: Matrix, labels: Int32Array): number {
    const grad = this.prepare(output, labels, 1);
    const B = output.rows, S = output.data, G = grad.data;
    let total = 0;
    for (let i = 0; i < B; i++) {
      const t = labels[i] === 1 ? 1 : -1;
      const margin = 1 - t * S[i]!;
      total += margin > 0 ? margin : 0;
      G[i] = margin > 0 ? -t / B : 0;
    }
    return total / B;
  }

  override predict(output: Matrix): Int32Array {
    const out = new Int32Array(output.rows);
    for (let i = 0; i < output.rows; i++) out[i] = output.data[i * output.cols]! > 0 ? 1 : 0;
    return out;
  }

  override outputWidth(classes: number): number {
    if (classes !== 2) throw new Error(`loss hinge: is binary (2 classes) but the data has ${classes} — use multiclass_hinge or softmax_cross_entropy`);
    return 1;
  }
}

/**
 * Multiclass SVM loss, Weston–Watkins form as in cs231n (margin 1):
 *   L = (1/B) Σ_i Σ_{j≠y_i} max(0, s_ij − s_{i,y_i} + 1)
 * Each violated margin adds +1/B to dL/ds_ij and −1/B to dL/ds_{i,y_i}.
 */
export class MulticlassHinge extends BaseLoss {
  readonly name = 'multiclass_hinge';

  forward(output: Matrix, labels: Int32Array): number {
    const grad = this.prepare(output, labels);
    const B = output.rows, K = output.cols, S = output.data, G = grad.data;
    let total = 0;
    for (let i = 0; i < B; i++) {
      const r = i * K, y = labels[i]!, sy = S[r + y]!;
      let violated = 0;
      for (let j = 0; j < K; j++) {
        if (j === y) continue;
        const margin = S[r + j]! - sy + 1;
        if (margin > 0) { total += margin; violated++; G[r + j] = 1 / B; } else G[r + j] = 0;
      }
      G[r + y] = -violated / B;
    }
    return total / B;
  }
}
