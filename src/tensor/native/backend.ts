/**
 * The native SIMD float32 backend: the addon's kernels (AVX-512, AVX2 or NEON,
 * chosen when it loads) called on the typed arrays in place. Same contract and
 * the same bits as the WebAssembly backend (see native/kernels.inc for why);
 * shapes are checked by the same rules (../shapes.ts).
 */
import type { Backend, MatmulOptions } from '../kernels.js';
import type { FloatArray, Matrix } from '../matrix.js';
import type { NativeAddon } from './load.js';
import { matmulDims, sameLength, sameShape, shapeError } from '../shapes.js';

/** An operand as float32 (a float64 one is rounded, as the wasm backend's copy-in rounds it). */
const f32 = (a: FloatArray): Float32Array => (a instanceof Float32Array ? a : Float32Array.from(a));

/**
 * An output array the kernels can write: float32 arrays themselves. (Outputs are always float32 here:
 * kernels.ts sends an op to this backend by its output's dtype.)
 */
function out32(a: FloatArray): Float32Array {
  if (!(a instanceof Float32Array)) throw new Error('native backend: outputs must be float32');
  return a;
}

type Elementwise = (x: Float32Array, y: Float32Array, n: number) => void;
type Backward = (a: Float32Array, dy: Float32Array, dx: Float32Array, n: number) => void;

/** y = f(x), element by element (relu, sigmoid). */
function elementwise(what: string, f: Elementwise): (x: Matrix, out: Matrix) => Matrix {
  return (x, out) => {
    sameShape(what, x, out);
    f(f32(x.data), out32(out.data), x.size);
    return out;
  };
}

/** dx from the forward's input or output `a` and dy, element by element (relu, sigmoid). */
function backward(what: string, f: Backward): (a: Matrix, dy: Matrix, dx: Matrix) => Matrix {
  return (a, dy, dx) => {
    sameShape(what, a, dy);
    sameShape(what, a, dx);
    f(f32(a.data), f32(dy.data), out32(dx.data), a.size);
    return dx;
  };
}

export function createNativeBackend(k: NativeAddon): Backend {
  let stats = new Float64Array(64);
  return {
    name: k.kernels()!,

    matmul(a: Matrix, b: Matrix, out: Matrix, opts: MatmulOptions = {}): Matrix {
      const { transA = false, transB = false, accumulate = false } = opts;
      const { m, n, k: kk } = matmulDims(a, b, out, transA, transB);
      if (m === 0 || n === 0) return out;
      k.gemm(f32(a.data), f32(b.data), out32(out.data), m, n, kk, transA, transB, accumulate);
      return out;
    },

    addBias(x: Matrix, bias: Matrix, out: Matrix): Matrix {
      if (bias.rows !== 1 || bias.cols !== x.cols || out.rows !== x.rows || out.cols !== x.cols) {
        throw shapeError('addBias', x, bias, out);
      }
      k.addBias(f32(x.data), f32(bias.data), out32(out.data), x.rows, x.cols);
      return out;
    },

    sumRows(x: Matrix, out: Matrix, accumulate = false): Matrix {
      if (out.rows !== 1 || out.cols !== x.cols) throw shapeError('sumRows', x, x, out);
      k.sumRows(f32(x.data), out32(out.data), x.rows, x.cols, accumulate);
      return out;
    },

    relu: elementwise('relu', k.relu),
    reluBackward: backward('reluBackward', k.reluBackward),

    addBiasRelu(x: Matrix, bias: Matrix, z: Matrix, out: Matrix): Matrix {
      if (bias.rows !== 1 || bias.cols !== x.cols) throw shapeError('addBiasRelu', x, bias, out);
      sameShape('addBiasRelu', x, z);
      sameShape('addBiasRelu', x, out);
      k.addBiasRelu(f32(x.data), f32(bias.data), out32(z.data), out32(out.data), x.rows, x.cols);
      return out;
    },

    sigmoid: elementwise('sigmoid', k.sigmoid),
    sigmoidBackward: backward('sigmoidBackward', k.sigmoidBackward),

    softmaxCrossEntropy(x: Matrix, labels: Int32Array, grad: Matrix): number {
      sameShape('softmaxCrossEntropy', x, grad);
      const rows = x.rows, cols = x.cols;
      if (stats.length < 2 * rows) stats = new Float64Array(2 * rows);
      k.softmaxCE(f32(x.data), labels, out32(grad.data), rows, cols, stats);
      // The loss as the JS reference sums it, with Math.log (as the wasm backend does).
      const S = x.data;
      let total = 0;
      for (let i = 0; i < rows; i++) total += stats[2 * i]! + Math.log(stats[2 * i + 1]!) - S[i * cols + labels[i]!]!;
      return total / rows;
    },

    // Plain JS-heap arrays are what these kernels compute on: nothing to place.
    withResidentMemory<T>(f: () => T): T {
      return f();
    },

    zero(a: FloatArray): void {
      a.fill(0);
    },

    sgdStep(theta: FloatArray, g: FloatArray, lr: number): void {
      sameLength('sgdStep', theta, g);
      k.sgd(out32(theta), f32(g), theta.length, lr);
    },

    momentumStep(theta: FloatArray, g: FloatArray, v: FloatArray, lr: number, mu: number, nesterov: boolean): void {
      sameLength('momentumStep', theta, g);
      sameLength('momentumStep', theta, v);
      k.momentum(out32(theta), f32(g), out32(v), theta.length, lr, mu, nesterov);
    },

    adamStep(theta: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, lr: number, b1: number, b2: number, eps: number, t: number): void {
      sameLength('adamStep', theta, g);
      sameLength('adamStep', theta, m);
      sameLength('adamStep', theta, v);
      // Constants computed exactly as the JS reference (and the wasm backend) computes them.
      k.adam(out32(theta), f32(g), out32(m), out32(v), theta.length, lr, b1, 1 - b1, b2, 1 - b2, 1 - b1 ** t, 1 - b2 ** t, eps);
    },
  };
}
