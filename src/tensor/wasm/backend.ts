/**
 * The WebAssembly SIMD float32 backend: same contract as jsBackend, float32
 * results deterministic to the bit (one fixed summation order per element,
 * single-threaded, no relaxed SIMD).
 */
import type { Backend, MatmulOptions } from '../kernels.js';
import type { FloatArray, Matrix } from '../matrix.js';
import { matmulDims, sameLength, sameShape, shapeError } from '../shapes.js';
import { Arena } from './arena.js';
import { loadKernels } from './load.js';
import { Staging } from './staging.js';

export function createWasmBackend(): Backend {
  const k = loadKernels();
  const arena = new Arena(k);
  const s = new Staging(arena);

  /** An elementwise kernel f(x → out) over n floats. */
  const unary = (what: string, f: (px: number, po: number, n: number) => void) => (x: Matrix, out: Matrix): Matrix => {
    sameShape(what, x, out);
    s.reset();
    const px = s.input(x.data), po = s.target(out.data);
    f(px, po, x.size);
    s.output(po, out.data);
    return out;
  };
  /** An elementwise kernel f(a, b → out) over n floats (the activation backward passes). */
  const binary = (what: string, f: (pa: number, pb: number, po: number, n: number) => void) => (a: Matrix, b: Matrix, out: Matrix): Matrix => {
    sameShape(what, a, b);
    sameShape(what, a, out);
    s.reset();
    const pa = s.input(a.data), pb = s.input(b.data), po = s.target(out.data);
    f(pa, pb, po, a.size);
    s.output(po, out.data);
    return out;
  };

  return {
    name: 'wasm-simd',

    matmul(a: Matrix, b: Matrix, out: Matrix, opts: MatmulOptions = {}): Matrix {
      const { transA = false, transB = false, accumulate = false } = opts;
      const { m, n, k: kk } = matmulDims(a, b, out, transA, transB);
      if (m === 0 || n === 0) return out;
      s.reset();
      let pa = s.input(a.data);
      if (transA) {
        // Aᵀ (Xᵀ·G, the weight gradients) is made row-major once as well: gemm's
        // row-major path (vector zero scans, 2×16 tiles) then serves it, 1.05–1.18×
        // faster than reading A down its columns; same chains, same bits.
        const t = s.alloc(m * kk);
        k.transpose(pa, kk, m, t);
        pa = t;
      }
      let pb = s.input(b.data);
      if (transB) {
        // Transposing once in wasm lets G·Wᵀ share gemm's tiles and its
        // summation order; it costs one pass over B, next to m passes in gemm.
        const t = s.alloc(kk * n);
        k.transpose(pb, n, kk, t);
        pb = t;
      }
      const pc = accumulate ? s.input(out.data) : s.target(out.data);
      const lists = s.alloc(((m >> 2) + (m >> 1)) * (kk + 1)); // i32 scratch: gemm's zero-skipping lists
      k.gemm(pa, pb, pc, m, n, kk, accumulate ? 1 : 0, lists);
      s.output(pc, out.data);
      return out;
    },

    addBias(x: Matrix, bias: Matrix, out: Matrix): Matrix {
      if (bias.rows !== 1 || bias.cols !== x.cols || out.rows !== x.rows || out.cols !== x.cols) {
        throw shapeError('addBias', x, bias, out);
      }
      if (x.size === 0) return out;
      s.reset();
      const px = s.input(x.data);
      const pb = s.input(bias.data);
      const po = s.target(out.data);
      k.addBias(px, pb, po, x.rows, x.cols);
      s.output(po, out.data);
      return out;
    },

    sumRows(x: Matrix, out: Matrix, accumulate = false): Matrix {
      if (out.rows !== 1 || out.cols !== x.cols) throw shapeError('sumRows', x, x, out);
      if (x.cols === 0) return out;
      s.reset();
      const px = s.input(x.data);
      const po = accumulate ? s.input(out.data) : s.target(out.data);
      k.sumRows(px, po, x.rows, x.cols, accumulate ? 1 : 0);
      s.output(po, out.data);
      return out;
    },

    relu: unary('relu', k.relu),
    reluBackward: binary('reluBackward', k.reluBackward),

    addBiasRelu(x: Matrix, bias: Matrix, z: Matrix, out: Matrix): Matrix {
      if (bias.rows !== 1 || bias.cols !== x.cols) throw shapeError('addBiasRelu', x, bias, out);
      sameShape('addBiasRelu', x, z);
      sameShape('addBiasRelu', x, out);
      s.reset();
      const px = s.input(x.data), pb = s.input(bias.data), pz = s.target(z.data), py = s.target(out.data);
      k.addBiasRelu(px, pb, pz, py, x.rows, x.cols);
      s.output(pz, z.data);
      s.output(py, out.data);
      return out;
    },

    sigmoid: unary('sigmoid', k.sigmoid),
    sigmoidBackward: binary('sigmoidBackward', k.sigmoidBackward),

    softmaxCrossEntropy(x: Matrix, labels: Int32Array, grad: Matrix): number {
      sameShape('softmaxCrossEntropy', x, grad);
      const rows = x.rows, cols = x.cols;
      s.reset();
      const px = s.input(x.data), pl = s.inputInts(labels), pg = s.target(grad.data);
      const ps = s.alloc(rows * 4); // two float64 per row: max and Σ e^{s−max}
      k.softmaxCE(px, pl, pg, rows, cols, ps);
      s.output(pg, grad.data);
      // The loss as the JS reference sums it (Math.log: wasm has no log to match it with).
      const st = s.f64(ps, rows * 2), S = x.data;
      let total = 0;
      for (let i = 0; i < rows; i++) total += st[2 * i]! + Math.log(st[2 * i + 1]!) - S[i * cols + labels[i]!]!;
      return total / rows;
    },

    withResidentMemory<T>(f: () => T): T {
      return arena.scope(f);
    },

    zero(a: FloatArray): void {
      if (arena.owns(a)) k.zero(a.byteOffset, a.length);
      else a.fill(0); // on the JS heap fill is a memset; copying in and out would only add work
    },

    sgdStep(theta: FloatArray, g: FloatArray, lr: number): void {
      sameLength('sgdStep', theta, g);
      s.reset();
      const pt = s.input(theta), pg = s.input(g);
      k.sgd(pt, pg, theta.length, lr);
      s.output(pt, theta);
    },

    momentumStep(theta: FloatArray, g: FloatArray, v: FloatArray, lr: number, mu: number, nesterov: boolean): void {
      sameLength('momentumStep', theta, g);
      sameLength('momentumStep', theta, v);
      s.reset();
      const pt = s.input(theta), pg = s.input(g), pv = s.input(v);
      k.momentum(pt, pg, pv, theta.length, lr, mu, nesterov ? 1 : 0);
      s.output(pt, theta);
      s.output(pv, v);
    },

    adamStep(theta: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, lr: number, b1: number, b2: number, eps: number, t: number): void {
      sameLength('adamStep', theta, g);
      sameLength('adamStep', theta, m);
      sameLength('adamStep', theta, v);
      s.reset();
      const pt = s.input(theta), pg = s.input(g), pm = s.input(m), pv = s.input(v);
      // Constants computed here exactly as the JS reference computes them.
      k.adam(pt, pg, pm, pv, theta.length, lr, b1, 1 - b1, b2, 1 - b2, 1 - b1 ** t, 1 - b2 ** t, eps);
      s.output(pt, theta);
      s.output(pm, m);
      s.output(pv, v);
    },
  };
}
