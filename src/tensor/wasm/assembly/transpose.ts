// dst (cols×rows) = srcᵀ (src is rows×cols), in 4×4 SIMD blocks. Used so
// G·Wᵀ runs through the same gemm (and the same summation order) as X·W.

@inline function block(ps: usize, ss: usize, pd: usize, sd: usize): void {
  const r0 = v128.load(ps), r1 = v128.load(ps + ss);
  const r2 = v128.load(ps + ss * 2), r3 = v128.load(ps + ss * 3);
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(pd, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(pd + sd, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(pd + sd * 2, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(pd + sd * 3, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

// Tiles of T×T, 4×4 blocks inside: with rows of a power-of-two size (256
// floats = 1 KB) the plain block-by-block sweep keeps many lines 4 KB apart in
// flight, which share L1 sets; a 256×256 transpose took 85 µs that way, against
// ~3 µs for 100×200. A 16×16 tile touches 16 source and 16 destination lines.
const T = 16;

export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  const ss = <usize>cols << 2, sd = <usize>rows << 2;
  const r4 = rows & ~3, c4 = cols & ~3;
  for (let i0 = 0; i0 < r4; i0 += T) {
    const i1 = min(i0 + T, r4);
    for (let j0 = 0; j0 < c4; j0 += T) {
      const j1 = min(j0 + T, c4);
      for (let i = i0; i < i1; i += 4) {
        for (let j = j0; j < j1; j += 4) {
          block(src + <usize>i * ss + (<usize>j << 2), ss, dst + <usize>j * sd + (<usize>i << 2), sd);
        }
      }
    }
  }
  // Ragged right and bottom edges (fewer than 4 rows or columns): scalar.
  for (let i = 0; i < rows; i++) {
    for (let j = i < r4 ? c4 : 0; j < cols; j++) {
      store<f32>(dst + <usize>j * sd + (<usize>i << 2), load<f32>(src + <usize>i * ss + (<usize>j << 2)));
    }
  }
}
