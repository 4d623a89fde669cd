// The logistic activation and its derivative in the float64 operations of the
// JS reference (jsBackend.sigmoid / sigmoidBackward in src/tensor/kernels.ts),
// with an exp that matches Math.exp: the same bits.
import { exp } from './exp';

/** y = σ(x) = 1/(1+e^{−x}), as e^{x}/(1+e^{x}) for x < 0 so exp never overflows. */
export function sigmoid(x: usize, y: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const v = <f64>load<f32>(x + o);
    let s: f64;
    if (v >= 0) s = 1.0 / (1.0 + exp(-v));
    else {
      const e = exp(v);
      s = e / (1.0 + e);
    }
    store<f32>(y + o, <f32>s);
  }
}

/** dx = dy·σ·(1−σ) from the forward's output σ. */
export function sigmoidBackward(y: usize, dy: usize, dx: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    const s = <f64>load<f32>(y + o);
    store<f32>(dx + o, <f32>(<f64>load<f32>(dy + o) * s * (1.0 - s)));
  }
}
