// C[m×n] (+)= A·B in float32 with 128-bit SIMD and 4×8 / 2×16 register tiles.
//
// A and B are row-major: A(i,p) = a[i*k + p], B is k×n. For Xᵀ·G and G·Wᵀ
// the caller transposes first (see transpose.ts and backend.ts): one pass over
// a small matrix buys the row-major path below for every product.
//
// Every C element is one chain  s = 0; for p in 0..k-1: s += A(i,p)*B(p,j)
// (separate mul and add: no fused/relaxed ops) followed by C = C + s when
// accumulating. The order never depends on the tile an element lands in, so
// results are bit-identical regardless of shape edges or call batching.
//
// Edges: widths that are not multiples of 8 take a 4-wide tile, and the last
// 1–3 columns a 4-wide tile whose loads may read past the row (the caller
// leaves 16 bytes of slack after every operand) and whose store is masked.
// Rows beyond a multiple of 4 take 1-row tiles of the same shapes. With an
// even m and n ≥ 32, the 16-wide strips take 2×16 tiles over blocks of 2 rows
// instead (see tile2x16), and the rest of n the above.
//
// Zeros in A are skipped: for each block of 4 (or 2) rows, the p where all
// its A(i.., p) are ±0 are left out of the chain. That changes no bits while B
// is finite — a ±0 product added to s leaves s unchanged, and s, starting at
// +0, is never −0 — and it is worth a lot for real inputs: MNIST pixels are
// ~80% zeros, and the first layer's X·W and Xᵀ·G are most of a small net's
// work. (A NaN/Inf in B behind a zero of A then does not propagate, as in the
// JS reference, which also skips zeros.) Blocks without enough zeros take the
// plain tiles.

@inline function fma(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

@inline function put(pc: usize, v: v128, acc: bool): void {
  v128.store(pc, acc ? f32x4.add(v128.load(pc), v) : v);
}

// Keep lanes < w of v, the rest from memory (w in 1..3).
@inline function putMasked(pc: usize, v: v128, acc: bool, mask: v128): void {
  const old = v128.load(pc);
  const nv = acc ? f32x4.add(old, v) : v;
  v128.store(pc, v128.bitselect(nv, old, mask));
}

function laneMask(w: i32): v128 {
  return i32x4(w > 0 ? -1 : 0, w > 1 ? -1 : 0, w > 2 ? -1 : 0, 0);
}

// ---- 4-row tiles ---------------------------------------------------------

function tile4x8(pa: usize, sai: usize, pb: usize, sb: usize, pc: usize, sc: usize, k: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const a1 = sai, a2 = sai * 2, a3 = sai * 3;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let av = v128.load32_splat(pa);
    c00 = fma(c00, av, b0); c01 = fma(c01, av, b1);
    av = v128.load32_splat(pa + a1);
    c10 = fma(c10, av, b0); c11 = fma(c11, av, b1);
    av = v128.load32_splat(pa + a2);
    c20 = fma(c20, av, b0); c21 = fma(c21, av, b1);
    av = v128.load32_splat(pa + a3);
    c30 = fma(c30, av, b0); c31 = fma(c31, av, b1);
    pa += 4; pb += sb;
  }
  put(pc, c00, acc); put(pc + 16, c01, acc); pc += sc;
  put(pc, c10, acc); put(pc + 16, c11, acc); pc += sc;
  put(pc, c20, acc); put(pc + 16, c21, acc); pc += sc;
  put(pc, c30, acc); put(pc + 16, c31, acc);
}

// 4×4 tile; w < 4 masks the store to the first w columns.
function tile4x4(pa: usize, sai: usize, pb: usize, sb: usize, pc: usize, sc: usize, k: i32, acc: bool, w: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const a1 = sai, a2 = sai * 2, a3 = sai * 3;
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb);
    c0 = fma(c0, v128.load32_splat(pa), b0);
    c1 = fma(c1, v128.load32_splat(pa + a1), b0);
    c2 = fma(c2, v128.load32_splat(pa + a2), b0);
    c3 = fma(c3, v128.load32_splat(pa + a3), b0);
    pa += 4; pb += sb;
  }
  if (w >= 4) {
    put(pc, c0, acc); put(pc + sc, c1, acc); put(pc + sc * 2, c2, acc); put(pc + sc * 3, c3, acc);
  } else {
    const m = laneMask(w);
    putMasked(pc, c0, acc, m); putMasked(pc + sc, c1, acc, m);
    putMasked(pc + sc * 2, c2, acc, m); putMasked(pc + sc * 3, c3, acc, m);
  }
}

// ---- 4-row tiles over a list of p (the rows' nonzero columns) -------------

function tile4x8s(pa: usize, sai: usize, pb: usize, sb: usize, pc: usize, sc: usize, list: usize, cnt: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const a1 = sai, a2 = sai * 2, a3 = sai * 3;
  const end = list + (<usize>cnt << 2);
  for (let l = list; l < end; l += 4) {
    const p = <usize>load<i32>(l);
    const qa = pa + (p << 2), qb = pb + p * sb;
    const b0 = v128.load(qb), b1 = v128.load(qb, 16);
    let av = v128.load32_splat(qa);
    c00 = fma(c00, av, b0); c01 = fma(c01, av, b1);
    av = v128.load32_splat(qa + a1);
    c10 = fma(c10, av, b0); c11 = fma(c11, av, b1);
    av = v128.load32_splat(qa + a2);
    c20 = fma(c20, av, b0); c21 = fma(c21, av, b1);
    av = v128.load32_splat(qa + a3);
    c30 = fma(c30, av, b0); c31 = fma(c31, av, b1);
  }
  put(pc, c00, acc); put(pc + 16, c01, acc); pc += sc;
  put(pc, c10, acc); put(pc + 16, c11, acc); pc += sc;
  put(pc, c20, acc); put(pc + 16, c21, acc); pc += sc;
  put(pc, c30, acc); put(pc + 16, c31, acc);
}

function tile4x4s(pa: usize, sai: usize, pb: usize, sb: usize, pc: usize, sc: usize, list: usize, cnt: i32, acc: bool, w: i32): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
  const a1 = sai, a2 = sai * 2, a3 = sai * 3;
  const end = list + (<usize>cnt << 2);
  for (let l = list; l < end; l += 4) {
    const p = <usize>load<i32>(l);
    const qa = pa + (p << 2);
    const b0 = v128.load(pb + p * sb);
    c0 = fma(c0, v128.load32_splat(qa), b0);
    c1 = fma(c1, v128.load32_splat(qa + a1), b0);
    c2 = fma(c2, v128.load32_splat(qa + a2), b0);
    c3 = fma(c3, v128.load32_splat(qa + a3), b0);
  }
  if (w >= 4) {
    put(pc, c0, acc); put(pc + sc, c1, acc); put(pc + sc * 2, c2, acc); put(pc + sc * 3, c3, acc);
  } else {
    const m = laneMask(w);
    putMasked(pc, c0, acc, m); putMasked(pc + sc, c1, acc, m);
    putMasked(pc + sc * 2, c2, acc, m); putMasked(pc + sc * 3, c3, acc, m);
  }
}

// Left-packing table for the scans below: entry b (16 bytes) is the
// i8x16.swizzle that moves the i32 lanes whose bit is set in b to the front.
const PACK = memory.data(256, 16);
for (let b = 0; b < 16; b++) {
  let o: usize = 0;
  for (let l = 0; l < 4; l++) {
    if (((b >> l) & 1) == 0) continue;
    for (let t = 0; t < 4; t++) store<u8>(PACK + (<usize>b << 4) + o++, <u8>(l * 4 + t));
  }
}

/**
 * For the 4 rows at pa, pa + sai, …: writes the p where any A(i..i+3, p) is
 * nonzero (NaN counts) to list, in increasing order, and returns how many
 * there are. May write up to 3 entries past the count (within its k entries).
 */
function nonzeroColumns(pa: usize, sai: usize, k: i32, list: usize): i32 {
  // Branch-free: whether p is kept depends on the data, so a branch would
  // mispredict. Vectors test 4 p of each row at once and left-pack the kept p:
  // scalar, the scan was a quarter of MNIST's first-layer gemm.
  const zero = f32x4.splat(0), lanes = i32x4(0, 1, 2, 3);
  let cnt = 0, p = 0;
  for (; p + 4 <= k; p += 4) {
    const q = pa + (<usize>p << 2);
    const nz = v128.or(v128.or(f32x4.ne(v128.load(q), zero), f32x4.ne(v128.load(q + sai), zero)),
                       v128.or(f32x4.ne(v128.load(q + sai * 2), zero), f32x4.ne(v128.load(q + sai * 3), zero)));
    const bits = i32x4.bitmask(nz);
    v128.store(list + (<usize>cnt << 2), i8x16.swizzle(i32x4.add(i32x4.splat(p), lanes), v128.load(PACK + (<usize>bits << 4))));
    cnt += <i32>popcnt(bits);
  }
  for (; p < k; p++) {
    const q = pa + (<usize>p << 2);
    const nz = (load<f32>(q) != 0) | (load<f32>(q + sai) != 0) | (load<f32>(q + sai * 2) != 0) | (load<f32>(q + sai * 3) != 0);
    store<i32>(list + (<usize>cnt << 2), p);
    cnt += <i32>nz;
  }
  return cnt;
}

// ---- 2×16 tiles: blocks of 2 rows -------------------------------------------
//
// When m is even and n ≥ 32, the 16-wide strips take blocks of 2 rows: a pair
// of rows has fewer columns with a nonzero than four (MNIST: 28% vs 39% of the
// pixels; ReLU outputs ~75% vs ~94%), and per p the 2×16 tile does the 32
// multiply-adds of a 4×8 tile with 2 splats instead of 4, so dense blocks run
// as fast. (Narrower n kept the 4×8 tiles: 2-row tiles measured slower there.)

function tile2x16(pa: usize, sai: usize, pb: usize, sb: usize, pc: usize, sc: usize, k: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16), b2 = v128.load(pb, 32), b3 = v128.load(pb, 48);
    let av = v128.load32_splat(pa);
    c00 = fma(c00, av, b0); c01 = fma(c01, av, b1); c02 = fma(c02, av, b2); c03 = fma(c03, av, b3);
    av = v128.load32_splat(pa + sai);
    c10 = fma(c10, av, b0); c11 = fma(c11, av, b1); c12 = fma(c12, av, b2); c13 = fma(c13, av, b3);
    pa += 4; pb += sb;
  }
  put(pc, c00, acc); put(pc + 16, c01, acc); put(pc + 32, c02, acc); put(pc + 48, c03, acc);
  pc += sc;
  put(pc, c10, acc); put(pc + 16, c11, acc); put(pc + 32, c12, acc); put(pc + 48, c13, acc);
}

function tile2x16s(pa: usize, sai: usize, pb: usize, sb: usize, pc: usize, sc: usize, list: usize, cnt: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  const end = list + (<usize>cnt << 2);
  for (let l = list; l < end; l += 4) {
    const p = <usize>load<i32>(l);
    const qa = pa + (p << 2), qb = pb + p * sb;
    const b0 = v128.load(qb), b1 = v128.load(qb, 16), b2 = v128.load(qb, 32), b3 = v128.load(qb, 48);
    let av = v128.load32_splat(qa);
    c00 = fma(c00, av, b0); c01 = fma(c01, av, b1); c02 = fma(c02, av, b2); c03 = fma(c03, av, b3);
    av = v128.load32_splat(qa + sai);
    c10 = fma(c10, av, b0); c11 = fma(c11, av, b1); c12 = fma(c12, av, b2); c13 = fma(c13, av, b3);
  }
  put(pc, c00, acc); put(pc + 16, c01, acc); put(pc + 32, c02, acc); put(pc + 48, c03, acc);
  pc += sc;
  put(pc, c10, acc); put(pc + 16, c11, acc); put(pc + 32, c12, acc); put(pc + 48, c13, acc);
}

/** nonzeroColumns for the 2 row-major rows at pa and pa + sai. */
function nonzeroColumns2(pa: usize, sai: usize, k: i32, list: usize): i32 {
  const zero = f32x4.splat(0), lanes = i32x4(0, 1, 2, 3);
  let cnt = 0, p = 0;
  for (; p + 4 <= k; p += 4) {
    const q = pa + (<usize>p << 2);
    const bits = i32x4.bitmask(v128.or(f32x4.ne(v128.load(q), zero), f32x4.ne(v128.load(q + sai), zero)));
    v128.store(list + (<usize>cnt << 2), i8x16.swizzle(i32x4.add(i32x4.splat(p), lanes), v128.load(PACK + (<usize>bits << 4))));
    cnt += <i32>popcnt(bits);
  }
  for (; p < k; p++) {
    const q = pa + (<usize>p << 2);
    store<i32>(list + (<usize>cnt << 2), p);
    cnt += <i32>((load<f32>(q) != 0) | (load<f32>(q + sai) != 0));
  }
  return cnt;
}

// ---- 1-row tiles (the m % 4 leftover rows) -------------------------------

function tile1x8(pa: usize, pb: usize, sb: usize, pc: usize, k: i32, acc: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    const av = v128.load32_splat(pa);
    c0 = fma(c0, av, v128.load(pb)); c1 = fma(c1, av, v128.load(pb, 16));
    pa += 4; pb += sb;
  }
  put(pc, c0, acc); put(pc + 16, c1, acc);
}

function tile1x4(pa: usize, pb: usize, sb: usize, pc: usize, k: i32, acc: bool, w: i32): void {
  let c0 = f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    c0 = fma(c0, v128.load32_splat(pa), v128.load(pb));
    pa += 4; pb += sb;
  }
  if (w >= 4) put(pc, c0, acc);
  else putMasked(pc, c0, acc, laneMask(w));
}

/**
 * Each whole block of `rows` (2 or 4) rows of A gets its list at lists + block·stride:
 * the count of p with a nonzero in the block, then those p; the count is -1
 * (plain tiles) when more than sparseMax of them are nonzero.
 */
function zeroLists(a: usize, sAi: usize, m: i32, k: i32, rows: i32, lists: usize, stride: usize, sparseMax: i32): void {
  for (let i = 0, blk = 0; i + rows <= m; i += rows, blk++) {
    const at = lists + <usize>blk * stride, pa = a + <usize>i * sAi;
    const cnt = rows == 2 ? nonzeroColumns2(pa, sAi, k, at + 4) : nonzeroColumns(pa, sAi, k, at + 4);
    store<i32>(at, cnt <= sparseMax ? cnt : -1);
  }
}

/**
 * C (+)= A·B. Pointers are byte addresses. A is m×k, B k×n and C m×n, all
 * row-major.
 * lists: scratch for (m/4 + m/2)·(k+1) i32 (each 4-row and 2-row block's count and nonzero p).
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, accumulate: bool, lists: usize): void {
  const sAi = <usize>k << 2;
  const sb = <usize>n << 2, sc = <usize>n << 2;
  const m4 = m & ~3;
  const stride = (<usize>k + 1) << 2;
  // A block keeps its plain tiles (count -1) unless at least 1/8 of p drop out.
  const sparseMax = k - (k >> 3) - 1;
  let j = 0;
  if ((m & 1) == 0 && n >= 32) {
    // 16-wide strips over 2-row blocks (lists after the 4-row ones).
    const lists2 = lists + <usize>(m >> 2) * stride;
    zeroLists(a, sAi, m, k, 2, lists2, stride, sparseMax);
    for (; j + 16 <= n; j += 16) {
      const pb = b + (<usize>j << 2);
      for (let i = 0; i < m; i += 2) {
        const at = lists2 + <usize>(i >> 1) * stride, cnt = load<i32>(at);
        const pa = a + <usize>i * sAi, pc = c + <usize>i * sc + (<usize>j << 2);
        if (cnt < 0) tile2x16(pa, sAi, pb, sb, pc, sc, k, accumulate);
        else tile2x16s(pa, sAi, pb, sb, pc, sc, at + 4, cnt, accumulate);
      }
    }
    if (j == n) return;
  }
  // Once per block, not per column strip: the list is shared by all strips.
  zeroLists(a, sAi, m, k, 4, lists, stride, sparseMax);
  // Column strips outer: an 8-wide strip of B (k×32 bytes) stays in L1 while
  // every row block of A streams past it.
  for (; j + 8 <= n; j += 8) {
    const pb = b + (<usize>j << 2);
    let i = 0;
    for (; i < m4; i += 4) {
      const at = lists + <usize>(i >> 2) * stride, cnt = load<i32>(at);
      const pa = a + <usize>i * sAi, pc = c + <usize>i * sc + (<usize>j << 2);
      if (cnt < 0) tile4x8(pa, sAi, pb, sb, pc, sc, k, accumulate);
      else tile4x8s(pa, sAi, pb, sb, pc, sc, at + 4, cnt, accumulate);
    }
    for (; i < m; i++) {
      tile1x8(a + <usize>i * sAi, pb, sb, c + <usize>i * sc + (<usize>j << 2), k, accumulate);
    }
  }
  // 1–7 columns left: a full 4-wide strip and/or a masked one.
  while (j < n) {
    const w = min(n - j, 4);
    const pb = b + (<usize>j << 2);
    let i = 0;
    for (; i < m4; i += 4) {
      const at = lists + <usize>(i >> 2) * stride, cnt = load<i32>(at);
      const pa = a + <usize>i * sAi, pc = c + <usize>i * sc + (<usize>j << 2);
      if (cnt < 0) tile4x4(pa, sAi, pb, sb, pc, sc, k, accumulate, w);
      else tile4x4s(pa, sAi, pb, sb, pc, sc, at + 4, cnt, accumulate, w);
    }
    for (; i < m; i++) {
      tile1x4(a + <usize>i * sAi, pb, sb, c + <usize>i * sc + (<usize>j << 2), k, accumulate, w);
    }
    j += w;
  }
}
