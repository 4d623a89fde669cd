/**
 * Softmax cross-entropy from logits s (integer labels y):
 *   L = (1/B) Σ_i [ logΣ_j e^{s_ij} − s_{i,y_i} ]
 * computed as log-sum-exp around the row max, so logits of 1e4 neither
 * overflow nor lose the answer. dL/ds = (softmax(s) − onehot(y)) / B.
 */
import type { Matrix } from '../../tensor/matrix.js';
import { BaseLoss } from './base.js';

export class SoftmaxCrossEntropy extends BaseLoss {
  readonly name = 'softmax_cross_entropy';

  forward(output: Matrix, labels: Int32Array): number {
    const grad = this.prepare(output, labels);
    const B = output.rows, K = output.cols, S = output.data, G = grad.data;
    let total = 0;
    for (let i = 0; i < B; i++) {
      const r = i * K;
      let m = -Infinity;
      for (let j = 0; j < K; j++) m = Math.max(m, S[r + j]!);
      let z = 0;
      for (let j = 0; j < K; j++) { const e = Math.exp(S[r + j]! - m); G[r + j] = e; z += e; }
      const y = labels[i]!;
      total += m + Math.log(z) - S[r + y]!;
      for (let j = 0; j < K; j++) G[r + j] = (G[r + j]! / z - (j === y ? 1 : 0)) / B;
    }
    return total / B;
  }
}
