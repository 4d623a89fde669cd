// Row-broadcast kernels: the bias add and its gradient (column sums).
// Both vectorize across columns; the last 1–3 columns of a row are scalar.

/** out[i,j] = x[i,j] + bias[j]. out may alias x. */
export function addBias(x: usize, bias: usize, out: usize, rows: i32, cols: i32): void {
  const s = <usize>cols << 2, c4 = cols & ~3;
  for (let i = 0; i < rows; i++) {
    const px = x + <usize>i * s, po = out + <usize>i * s;
    let j = 0;
    for (; j < c4; j += 4) {
      const o = <usize>j << 2;
      v128.store(po + o, f32x4.add(v128.load(px + o), v128.load(bias + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(po + o, load<f32>(px + o) + load<f32>(bias + o));
    }
  }
}

/**
 * out[j] (+)= Σ_i x[i,j], summed in row order 0..rows-1 from zero, then added
 * to out when accumulating (the same chain shape as gemm).
 */
export function sumRows(x: usize, out: usize, rows: i32, cols: i32, accumulate: bool): void {
  const s = <usize>cols << 2, c4 = cols & ~3;
  let j = 0;
  for (; j < c4; j += 4) {
    const o = <usize>j << 2;
    let acc = f32x4.splat(0);
    for (let i = 0; i < rows; i++) acc = f32x4.add(acc, v128.load(x + <usize>i * s + o));
    v128.store(out + o, accumulate ? f32x4.add(v128.load(out + o), acc) : acc);
  }
  for (; j < cols; j++) {
    const o = <usize>j << 2;
    let acc: f32 = 0;
    for (let i = 0; i < rows; i++) acc += load<f32>(x + <usize>i * s + o);
    store<f32>(out + o, accumulate ? load<f32>(out + o) + acc : acc);
  }
}
