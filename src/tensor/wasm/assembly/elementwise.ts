// ReLU forward/backward and the fused bias add + ReLU. Pure selects and one
// float32 add: bit-identical to the JS loops in src/nn/activations.ts.

const ZERO = f32x4.splat(0);

/** y = x > 0 ? x : 0 (NaN → 0, as the JS comparison does). */
export function relu(x: usize, y: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    v128.store(y + o, v128.and(v, f32x4.gt(v, ZERO)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const v = load<f32>(x + o);
    store<f32>(y + o, v > 0 ? v : 0);
  }
}

/** dx = x > 0 ? dy : 0. */
export function reluBackward(x: usize, dy: usize, dx: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, v128.and(v128.load(dy + o), f32x4.gt(v128.load(x + o), ZERO)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dx + o, load<f32>(x + o) > 0 ? load<f32>(dy + o) : 0);
  }
}

/** z = x + bias (rounded to float32, kept for backward), y = relu(z). */
export function addBiasRelu(x: usize, bias: usize, z: usize, y: usize, rows: i32, cols: i32): void {
  const s = <usize>cols << 2, c4 = cols & ~3;
  for (let i = 0; i < rows; i++) {
    const px = x + <usize>i * s, pz = z + <usize>i * s, py = y + <usize>i * s;
    let j = 0;
    for (; j < c4; j += 4) {
      const o = <usize>j << 2;
      const v = f32x4.add(v128.load(px + o), v128.load(bias + o));
      v128.store(pz + o, v);
      v128.store(py + o, v128.and(v, f32x4.gt(v, ZERO)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(px + o) + load<f32>(bias + o);
      store<f32>(pz + o, v);
      store<f32>(py + o, v > 0 ? v : 0);
    }
  }
}

/**
 * x[0..n) = +0. Zeroing gradients in place: TypedArray.fill on an array in
 * this (shared) memory takes V8's slow element-by-element path, ~10× a memset.
 * memory.fill (bulk memory, on by default in asc) is V8's memset: ~2.5× a
 * 16-byte store loop at 400 KB, and no slower for a few floats.
 */
export function zero(x: usize, n: i32): void {
  memory.fill(x, 0, <usize>n << 2);
}
