// Softmax cross-entropy over rows of float32 logits, in exactly the float64
// operations and order of the JS reference (jsBackend.softmaxCrossEntropy in
// src/tensor/kernels.ts), with an exp that matches Math.exp: the same bits.
import { exp } from './exp';

/**
 * g = (softmax(s) − onehot(labels)) / rows for each row of s (rows×cols
 * float32, labels i32). Writes each row's max m and z = Σ e^{s−m} as two
 * float64 at stats + 16·i; the caller adds m + log z − s_y with Math.log.
 */
export function softmaxCE(s: usize, labels: usize, g: usize, rows: i32, cols: i32, stats: usize): void {
  const B = <f64>rows;
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const r = s + <usize>i * rowBytes, gr = g + <usize>i * rowBytes;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, <f64>load<f32>(r + (<usize>j << 2)));
    let z = 0.0;
    for (let j = 0; j < cols; j++) {
      const e = exp(<f64>load<f32>(r + (<usize>j << 2)) - m);
      store<f32>(gr + (<usize>j << 2), <f32>e); // the reference keeps e in the float32 gradient
      z += e;
    }
    const y = load<i32>(labels + (<usize>i << 2));
    for (let j = 0; j < cols; j++) {
      const q = gr + (<usize>j << 2);
      store<f32>(q, <f32>((<f64>load<f32>(q) / z - (j == y ? 1.0 : 0.0)) / B));
    }
    store<f64>(stats + (<usize>i << 4), m);
    store<f64>(stats + (<usize>i << 4), z, 8);
  }
}
