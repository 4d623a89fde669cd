// Optimizer updates over float32 parameters, computed in float64 lanes with
// exactly the operations and order of the JS optimizers in src/nn/optim/
// (JS arithmetic is float64, rounded to float32 on store), so adopting these
// kernels changes no bits. Two elements per f64x2 vector; odd tail scalar.

@inline function ld2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

@inline function st2(p: usize, v: v128): void {
  v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
}

// Four floats per full-width load/store, as two f64x2 halves.
@inline function lo2(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

@inline function hi2(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<i64>(v, v, 1, 0));
}

@inline function join4(lo: v128, hi: v128): v128 {
  return v128.shuffle<i64>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

// θ[0..8) -= lr·g[0..8), each 64-bit half promoted as it loads. The
// conversions and the subtraction share two pipes on current x86 cores; they,
// not memory or shuffles, bound this loop (~1 cycle per float).
@inline function sgd8(pt: usize, pg: usize, L: v128): void {
  const a = f64x2.sub(ld2(pt), f64x2.mul(L, ld2(pg)));
  const b = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(pt, 8)), f64x2.mul(L, f64x2.promote_low_f32x4(v128.load64_zero(pg, 8))));
  const c = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(pt, 16)), f64x2.mul(L, f64x2.promote_low_f32x4(v128.load64_zero(pg, 16))));
  const d = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(pt, 24)), f64x2.mul(L, f64x2.promote_low_f32x4(v128.load64_zero(pg, 24))));
  v128.store(pt, join4(a, b));
  v128.store(pt, join4(c, d), 16);
}

/**
 * θ -= lr·g. Blocks of 16 whose gradient bits are all +0 are left as they are
 * when lr > 0 is finite: lr·(+0) = +0 and θ − (+0) = θ exactly (−0, ±∞ and
 * subnormals included), so the store would rewrite the same bits. Only a NaN θ
 * could change (the float64 round trip quiets a signalling NaN), so a block
 * holding one is computed. Dead inputs make such blocks common: MNIST's blank
 * border pixels zero ~40% of a first layer's weight gradient rows.
 */
export function sgd(theta: usize, g: usize, n: i32, lr: f64): void {
  const L = f64x2.splat(lr);
  const n16 = n & ~15, n4 = n & ~3, n2 = n & ~1;
  const end = theta + (<usize>n16 << 2);
  let pt = theta, pg = g;
  // Two loops rather than a flag tested in one: V8 would re-evaluate the flag's comparisons every iteration.
  if (lr > 0 && lr < Infinity) {
    for (; pt < end; pt += 64, pg += 64) {
      if (!v128.any_true(v128.or(v128.or(v128.load(pg), v128.load(pg, 16)), v128.or(v128.load(pg, 32), v128.load(pg, 48))))) {
        const t0 = v128.load(pt), t1 = v128.load(pt, 16), t2 = v128.load(pt, 32), t3 = v128.load(pt, 48);
        if (!v128.any_true(v128.or(v128.or(f32x4.ne(t0, t0), f32x4.ne(t1, t1)), v128.or(f32x4.ne(t2, t2), f32x4.ne(t3, t3))))) continue;
      }
      sgd8(pt, pg, L);
      sgd8(pt + 32, pg + 32, L);
    }
  } else {
    for (; pt < end; pt += 64, pg += 64) {
      sgd8(pt, pg, L);
      sgd8(pt + 32, pg + 32, L);
    }
  }
  let i = n16;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const t = v128.load(theta + o), gv = v128.load(g + o);
    v128.store(theta + o, join4(f64x2.sub(lo2(t), f64x2.mul(L, lo2(gv))), f64x2.sub(hi2(t), f64x2.mul(L, hi2(gv)))));
  }
  for (; i < n2; i += 2) {
    const o = <usize>i << 2;
    st2(theta + o, f64x2.sub(ld2(theta + o), f64x2.mul(L, ld2(g + o))));
  }
  if (i < n) {
    const o = <usize>i << 2;
    store<f32>(theta + o, <f32>(<f64>load<f32>(theta + o) - lr * <f64>load<f32>(g + o)));
  }
}

/**
 * v = μ·v + g;  θ -= lr·v  (classical)  or  θ -= lr·(g + μ·v)  (Nesterov),
 * where the θ update uses the unrounded float64 v, as the JS loop does.
 */
export function momentum(theta: usize, g: usize, v: usize, n: i32, lr: f64, mu: f64, nesterov: bool): void {
  const L = f64x2.splat(lr), M = f64x2.splat(mu);
  const n4 = n & ~3, n2 = n & ~1;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const t = v128.load(theta + o), gv = v128.load(g + o), vv = v128.load(v + o);
    const gl = lo2(gv), gh = hi2(gv);
    const vl = f64x2.add(f64x2.mul(M, lo2(vv)), gl), vh = f64x2.add(f64x2.mul(M, hi2(vv)), gh);
    v128.store(v + o, join4(vl, vh));
    const sl = nesterov ? f64x2.add(gl, f64x2.mul(M, vl)) : vl;
    const sh = nesterov ? f64x2.add(gh, f64x2.mul(M, vh)) : vh;
    v128.store(theta + o, join4(f64x2.sub(lo2(t), f64x2.mul(L, sl)), f64x2.sub(hi2(t), f64x2.mul(L, sh))));
  }
  for (; i < n2; i += 2) {
    const o = <usize>i << 2;
    const gi = ld2(g + o);
    const vi = f64x2.add(f64x2.mul(M, ld2(v + o)), gi);
    st2(v + o, vi);
    const step = nesterov ? f64x2.add(gi, f64x2.mul(M, vi)) : vi;
    st2(theta + o, f64x2.sub(ld2(theta + o), f64x2.mul(L, step)));
  }
  if (i < n) {
    const o = <usize>i << 2;
    const gi = <f64>load<f32>(g + o);
    const vi = mu * <f64>load<f32>(v + o) + gi;
    store<f32>(v + o, <f32>vi);
    const step = nesterov ? gi + mu * vi : vi;
    store<f32>(theta + o, <f32>(<f64>load<f32>(theta + o) - lr * step));
  }
}

/**
 * Adam: m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g·g;
 * θ -= (lr·(m/c1)) / (√(v/c2) + ε)  with c1 = 1−β1ᵗ, c2 = 1−β2ᵗ from the caller.
 * omb1/omb2 are the caller's (1−β1)/(1−β2) so they round exactly as in JS.
 */
export function adam(theta: usize, g: usize, m: usize, v: usize, n: i32, lr: f64, b1: f64, omb1: f64, b2: f64, omb2: f64, c1: f64, c2: f64, eps: f64): void {
  const L = f64x2.splat(lr), B1 = f64x2.splat(b1), O1 = f64x2.splat(omb1), B2 = f64x2.splat(b2), O2 = f64x2.splat(omb2);
  const C1 = f64x2.splat(c1), C2 = f64x2.splat(c2), E = f64x2.splat(eps);
  const n2 = n & ~1;
  let i = 0;
  for (; i < n2; i += 2) {
    const o = <usize>i << 2;
    const gi = ld2(g + o);
    const mi = f64x2.add(f64x2.mul(B1, ld2(m + o)), f64x2.mul(O1, gi));
    const vi = f64x2.add(f64x2.mul(B2, ld2(v + o)), f64x2.mul(f64x2.mul(O2, gi), gi));
    st2(m + o, mi);
    st2(v + o, vi);
    const upd = f64x2.div(f64x2.mul(L, f64x2.div(mi, C1)), f64x2.add(f64x2.sqrt(f64x2.div(vi, C2)), E));
    st2(theta + o, f64x2.sub(ld2(theta + o), upd));
  }
  if (i < n) {
    const o = <usize>i << 2;
    const gi = <f64>load<f32>(g + o);
    const mi = b1 * <f64>load<f32>(m + o) + omb1 * gi;
    const vi = b2 * <f64>load<f32>(v + o) + omb2 * gi * gi;
    store<f32>(m + o, <f32>mi);
    store<f32>(v + o, <f32>vi);
    store<f32>(theta + o, <f32>(<f64>load<f32>(theta + o) - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps)));
  }
}
