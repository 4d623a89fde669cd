/**
 * Squared error against one-hot targets, with the ½ convention:
 *   L = (1/B) Σ_i ½ Σ_j (o_ij − onehot(y_i)_j)²,   dL/do = (o − onehot) / B
 * i.e. half the squared error summed over the classes, averaged over the batch.
 */
import type { Matrix } from '../../tensor/matrix.js';
import { sigmoid } from '../activations.js';
import { BaseLoss } from './base.js';

/** ½-MSE on the raw outputs (see the module comment for the exact formula). */
export class MeanSquaredError extends BaseLoss {
  readonly name = 'mse';

  forward(output: Matrix, labels: Int32Array): number {
    const grad = this.prepare(output, labels);
    const B = output.rows, K = output.cols, S = output.data, G = grad.data;
    let total = 0;
    for (let i = 0; i < B; i++) {
      const r = i * K, y = labels[i]!;
      for (let j = 0; j < K; j++) {
        const d = S[r + j]! - (j === y ? 1 : 0);
        total += 0.5 * d * d;
        G[r + j] = d / B;
      }
    }
    return total / B;
  }
}

/**
 * Sigmoid on each output, then the same ½-MSE against one-hot targets (the
 * combination of older course material):
 *   p = σ(o),  L = (1/B) Σ_i ½ Σ_j (p_ij − onehot_ij)²,  dL/do = (p − onehot)·p·(1−p) / B
 * Predicts the argmax of o (σ is monotone, so it is also the argmax of p).
 */
export class SigmoidMeanSquaredError extends BaseLoss {
  readonly name = 'sigmoid_mse';

  forward(output: Matrix, labels: Int32Array): number {
    const grad = this.prepare(output, labels);
    const B = output.rows, K = output.cols, S = output.data, G = grad.data;
    let total = 0;
    for (let i = 0; i < B; i++) {
      const r = i * K, y = labels[i]!;
      for (let j = 0; j < K; j++) {
        const p = sigmoid(S[r + j]!);
        const d = p - (j === y ? 1 : 0);
        total += 0.5 * d * d;
        G[r + j] = (d * p * (1 - p)) / B;
      }
    }
    return total / B;
  }
}
