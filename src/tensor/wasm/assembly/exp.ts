// e^x in float64 giving exactly what V8's Math.exp gives, so a kernel built on
// it changes no bits against the JS reference (test/tensor/wasm-softmax.test.ts
// compares them; 30 million random inputs matched when this was written).
// WebAssembly has no exp instruction, and AssemblyScript's Math.exp (musl's
// method) differs from V8's in the last bit for ~10% of inputs.
//
// The method is fdlibm's, which V8 uses: x = k·ln2 + r with |r| ≤ ln2/2, where
// ln2 is split into a high part (its products with k are exact) and a low
// part; e^r comes from a degree-5 minimax polynomial R in r² as
// 1 + r + r·c/(2 − c) with c = r − r²·R(r²); the result is scaled by 2^k.
// V8 returns exactly e for x = 1, and so does this.

const LN2_HI = 6.93147180369123816490e-01; // 0x3fe62e42fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef35793c76
const INV_LN2 = 1.44269504088896338700e+00;
const P1 = 1.66666666666666019037e-01;
const P2 = -2.77777777770155933842e-03;
const P3 = 6.61375632143793436117e-05;
const P4 = -1.65339022054652515390e-06;
const P5 = 4.13813679705723846039e-08;
const OVERFLOW = 7.09782712893383973096e+02; // above: +∞
const UNDERFLOW = -7.45133219101941108420e+02; // below: +0
const TWO_M1000 = 9.33263618503218878990e-302; // 2^-1000, for results below the normal range

export function exp(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  const hx = <u32>(bits >> 32) & 0x7fffffff; // high word of |x|
  const neg = (bits >> 63) != 0;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78: NaN, ±∞, overflow or underflow.
    if (hx >= 0x7ff00000) return x != x ? x + x : neg ? 0.0 : x;
    if (x > OVERFLOW) return Infinity;
    if (x < UNDERFLOW) return 0.0;
  }
  if (x == 1.0) return Math.E;
  let hi = 0.0, lo = 0.0, k = 0;
  if (hx > 0x3fd62e42) {
    // |x| > ln2/2: reduce.
    if (hx < 0x3ff0a2b2) {
      // |x| < 1.5·ln2: k = ±1.
      hi = neg ? x + LN2_HI : x - LN2_HI;
      lo = neg ? -LN2_LO : LN2_LO;
      k = neg ? -1 : 1;
    } else {
      k = <i32>(INV_LN2 * x + (neg ? -0.5 : 0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI;
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1.0 + x; // |x| < 2^-28
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * 8.98846567431157953865e+307; // 2^1023
    return y * reinterpret<f64>(<u64>(0x3ff + k) << 52);
  }
  return y * reinterpret<f64>(<u64>(0x3ff + k + 1000) << 52) * TWO_M1000;
}
