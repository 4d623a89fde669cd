/**
 * Softmax cross-entropy from logits s (integer labels y):
 *   L = (1/B) Σ_i [ logΣ_j e^{s_ij} − s_{i,y_i} ]
 * computed as log-sum-exp around the row max, so logits of 1e4 neither
 * overflow nor lose the answer. dL/ds = (softmax(s) − onehot(y)) / B.
 */
import type { Matrix } from '../../tensor/matrix.js';
import { softmaxCrossEntropy } from '../../tensor/kernels.js';
import { BaseLoss } from './base.js';

export class SoftmaxCrossEntropy extends BaseLoss {
  readonly name = 'softmax_cross_entropy';

  forward(output: Matrix, labels: Int32Array): number {
    // The loop is a kernel (jsBackend.softmaxCrossEntropy), so float32 runs it in wasm with the same bits.
    return softmaxCrossEntropy(output, labels, this.prepare(output, labels));
  }
}
