/**
 * The narrow set of kernels every layer, loss and optimizer computes through.
 * Keeping the math behind this one interface lets a faster backend (WebAssembly
 * SIMD, see src/tensor/wasm/) replace the plain-JS reference for float32 without
 * touching the layers. float64 always uses the reference (gradient checks).
 */
import { Matrix, type FloatArray } from './matrix.js';
import { matmulDims, shapeError } from './shapes.js';

export interface MatmulOptions {
  /** Use A^T instead of A. */
  transA?: boolean;
  /** Use B^T instead of B. */
  transB?: boolean;
  /** out += op(A)·op(B) instead of out = op(A)·op(B) (gradient accumulation). */
  accumulate?: boolean;
}

export interface Backend {
  readonly name: string;
  /** out = op(a)·op(b) (+ out when accumulate). out must not alias a or b. */
  matmul(a: Matrix, b: Matrix, out: Matrix, opts?: MatmulOptions): Matrix;
  /** out[i, j] = x[i, j] + bias[0, j]. out may alias x. */
  addBias(x: Matrix, bias: Matrix, out: Matrix): Matrix;
  /** out[0, j] (+)= Σ_i x[i, j] — the bias gradient. */
  sumRows(x: Matrix, out: Matrix, accumulate?: boolean): Matrix;

  // Optional kernels (jsBackend has them all; call them through the dispatching
  // functions at the end of this file). Each gives the same bits as the plain
  // JS loop in its doc comment, so layers and optimizers may adopt them freely.
  /** out = x > 0 ? x : 0. out may alias x. */
  relu?(x: Matrix, out: Matrix): Matrix;
  /** dx = x > 0 ? dy : 0 (x is the ReLU's input). dx may alias dy. */
  reluBackward?(x: Matrix, dy: Matrix, dx: Matrix): Matrix;
  /** z = x + bias (broadcast over rows), out = relu(z); z may alias x (keep z for backward). */
  addBiasRelu?(x: Matrix, bias: Matrix, z: Matrix, out: Matrix): Matrix;
  /**
   * Softmax cross-entropy of logits s (rows×cols) with integer labels (checked
   * by the caller): grad = (softmax(s) − onehot(labels)) / rows, and returns
   * the mean over rows of logΣ_j e^{s_ij} − s_{i,y_i} (log-sum-exp around the row max).
   */
  softmaxCrossEntropy?(s: Matrix, labels: Int32Array, grad: Matrix): number;
  /** out = σ(x) = 1/(1+e^{−x}) (as e^{x}/(1+e^{x}) for x < 0). out may alias x. */
  sigmoid?(x: Matrix, out: Matrix): Matrix;
  /** dx = dy·y·(1−y) where y = σ(x) is the forward's output. dx may alias dy. */
  sigmoidBackward?(y: Matrix, dy: Matrix, dx: Matrix): Matrix;
  /**
   * Run f with new float32 arrays (allocate, Matrix.zeros) placed in the
   * memory this backend computes on, so its kernels use them without copies.
   * Everything allocated inside is reclaimed when f returns: nothing may keep it.
   */
  withResidentMemory?<T>(f: () => T): T;
  /** a[i] = 0 (zeroing gradients). */
  zero?(a: FloatArray): void;
  /** SGD: θ[i] -= lr·g[i]. */
  sgdStep?(theta: FloatArray, g: FloatArray, lr: number): void;
  /** v = μ·v + g; θ -= lr·v, or θ -= lr·(g + μ·v) for Nesterov (float64 v used for θ). */
  momentumStep?(theta: FloatArray, g: FloatArray, v: FloatArray, lr: number, mu: number, nesterov: boolean): void;
  /** Adam step t (1-based) with bias corrections c1 = 1−β1ᵗ, c2 = 1−β2ᵗ. */
  adamStep?(theta: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, lr: number, beta1: number, beta2: number, eps: number, t: number): void;
}

/**
 * Logistic σ(v) = 1/(1+e^{-v}), evaluated so exp never overflows: for v < 0
 * use e^{v}/(1+e^{v}). At ±1000 this gives exactly 1 / 0 and a zero gradient.
 */
export function logistic(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** Plain loops; the reference every faster backend is tested against. */
export const jsBackend: Backend = {
  name: 'js',
  matmul(a, b, out, opts = {}) {
    const { transA = false, transB = false, accumulate = false } = opts;
    const { m, n, k } = matmulDims(a, b, out, transA, transB);
    const A = a.data, B = b.data, C = out.data;
    if (!accumulate) C.fill(0);
    const as = a.cols, bs = b.cols;
    if (!transB) {
      // i-p-j order: the inner loop walks rows of B and C contiguously.
      for (let i = 0; i < m; i++) {
        const ci = i * n;
        for (let p = 0; p < k; p++) {
          const av = transA ? A[p * as + i]! : A[i * as + p]!;
          if (av === 0) continue;
          const bp = p * bs;
          for (let j = 0; j < n; j++) C[ci + j]! += av * B[bp + j]!;
        }
      }
    } else {
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          const bj = j * bs;
          if (transA) for (let p = 0; p < k; p++) s += A[p * as + i]! * B[bj + p]!;
          else {
            const ai = i * as;
            for (let p = 0; p < k; p++) s += A[ai + p]! * B[bj + p]!;
          }
          C[i * n + j]! += s;
        }
      }
    }
    return out;
  },
  addBias(x, bias, out) {
    if (bias.rows !== 1 || bias.cols !== x.cols || out.rows !== x.rows || out.cols !== x.cols) {
      throw shapeError('addBias', x, bias, out);
    }
    const X = x.data, b = bias.data, O = out.data, n = x.cols;
    for (let i = 0; i < x.rows; i++) {
      const r = i * n;
      for (let j = 0; j < n; j++) O[r + j] = X[r + j]! + b[j]!;
    }
    return out;
  },
  sumRows(x, out, accumulate = false) {
    if (out.rows !== 1 || out.cols !== x.cols) throw shapeError('sumRows', x, x, out);
    const X = x.data, O = out.data, n = x.cols;
    if (!accumulate) O.fill(0);
    for (let i = 0; i < x.rows; i++) {
      const r = i * n;
      for (let j = 0; j < n; j++) O[j]! += X[r + j]!;
    }
    return out;
  },
  relu(x, out) {
    const X = x.data, O = out.data;
    for (let i = 0; i < O.length; i++) { const v = X[i]!; O[i] = v > 0 ? v : 0; }
    return out;
  },
  reluBackward(x, dy, dx) {
    const X = x.data, D = dy.data, O = dx.data;
    for (let i = 0; i < O.length; i++) O[i] = X[i]! > 0 ? D[i]! : 0;
    return dx;
  },
  addBiasRelu(x, bias, z, out) {
    jsBackend.addBias(x, bias, z);
    return jsBackend.relu!(z, out);
  },
  sigmoid(x, out) {
    const X = x.data, O = out.data;
    for (let i = 0; i < O.length; i++) O[i] = logistic(X[i]!);
    return out;
  },
  sigmoidBackward(y, dy, dx) {
    const Y = y.data, D = dy.data, O = dx.data;
    for (let i = 0; i < O.length; i++) { const s = Y[i]!; O[i] = D[i]! * s * (1 - s); }
    return dx;
  },
  softmaxCrossEntropy(s, labels, grad) {
    const B = s.rows, K = s.cols, S = s.data, G = grad.data;
    let total = 0;
    for (let i = 0; i < B; i++) {
      const r = i * K;
      let m = -Infinity;
      for (let j = 0; j < K; j++) m = Math.max(m, S[r + j]!);
      let z = 0;
      for (let j = 0; j < K; j++) { const e = Math.exp(S[r + j]! - m); G[r + j] = e; z += e; }
      const y = labels[i]!;
      total += m + Math.log(z) - S[r + y]!;
      for (let j = 0; j < K; j++) G[r + j] = (G[r + j]! / z - (j === y ? 1 : 0)) / B;
    }
    return total / B;
  },
  sgdStep(theta, g, lr) {
    for (let i = 0; i < theta.length; i++) theta[i] -= lr * g[i]!;
  },
  momentumStep(theta, g, v, lr, mu, nesterov) {
    for (let i = 0; i < theta.length; i++) {
      const vi = mu * v[i]! + g[i]!;
      v[i] = vi;
      theta[i] -= nesterov ? lr * (g[i]! + mu * vi) : lr * vi;
    }
  },
  adamStep(theta, g, m, v, lr, b1, b2, eps, t) {
    const c1 = 1 - b1 ** t, c2 = 1 - b2 ** t;
    for (let i = 0; i < theta.length; i++) {
      const gi = g[i]!;
      const mi = b1 * m[i]! + (1 - b1) * gi;
      const vi = b2 * v[i]! + (1 - b2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      theta[i] -= (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
    }
  },
};

let float32Backend: Backend = jsBackend;

/** Install a faster backend for float32 matrices (float64 always uses jsBackend). */
export function setFloat32Backend(b: Backend): void {
  float32Backend = b;
}

export function backendFor(m: Matrix): Backend {
  return m.data instanceof Float64Array ? jsBackend : float32Backend;
}

export function matmul(a: Matrix, b: Matrix, out: Matrix, opts?: MatmulOptions): Matrix {
  return backendFor(out).matmul(a, b, out, opts);
}

export function addBias(x: Matrix, bias: Matrix, out: Matrix): Matrix {
  return backendFor(out).addBias(x, bias, out);
}

export function sumRows(x: Matrix, out: Matrix, accumulate = false): Matrix {
  return backendFor(out).sumRows(x, out, accumulate);
}

/**
 * Run f (one training run) with float32 parameters, optimizer state and layer
 * buffers resident in the float32 backend's memory (zero-copy kernels). Arrays
 * allocated inside must not be used after f returns — results must be copied
 * out (clone() and slice() copy to the JS heap). Without such a backend, f().
 */
export function withResidentMemory<T>(f: () => T): T {
  const b = float32Backend;
  return b.withResidentMemory ? b.withResidentMemory(f) : f();
}

// Dispatch for the optional kernels: the installed backend's version when it
// has one, else the JS reference (same bits either way).
function backendForArray(a: FloatArray): Backend {
  return a instanceof Float64Array ? jsBackend : float32Backend;
}

export function relu(x: Matrix, out: Matrix): Matrix {
  const b = backendFor(out);
  return b.relu ? b.relu(x, out) : jsBackend.relu!(x, out);
}

export function reluBackward(x: Matrix, dy: Matrix, dx: Matrix): Matrix {
  const b = backendFor(dx);
  return b.reluBackward ? b.reluBackward(x, dy, dx) : jsBackend.reluBackward!(x, dy, dx);
}

export function addBiasRelu(x: Matrix, bias: Matrix, z: Matrix, out: Matrix): Matrix {
  const b = backendFor(out);
  return b.addBiasRelu ? b.addBiasRelu(x, bias, z, out) : jsBackend.addBiasRelu!(x, bias, z, out);
}

export function sigmoid(x: Matrix, out: Matrix): Matrix {
  const b = backendFor(out);
  return (b.sigmoid ? b : jsBackend).sigmoid!(x, out);
}

export function sigmoidBackward(y: Matrix, dy: Matrix, dx: Matrix): Matrix {
  const b = backendFor(dx);
  return (b.sigmoidBackward ? b : jsBackend).sigmoidBackward!(y, dy, dx);
}

export function softmaxCrossEntropy(s: Matrix, labels: Int32Array, grad: Matrix): number {
  const b = backendFor(grad);
  return (b.softmaxCrossEntropy ? b : jsBackend).softmaxCrossEntropy!(s, labels, grad);
}

/** a.fill(0), through the backend when it has a faster way (arrays in wasm memory). */
export function zero(a: FloatArray): void {
  const b = backendForArray(a);
  if (b.zero) b.zero(a);
  else a.fill(0);
}

export function sgdStep(theta: FloatArray, g: FloatArray, lr: number): void {
  const b = backendForArray(theta);
  (b.sgdStep ? b : jsBackend).sgdStep!(theta, g, lr);
}

export function momentumStep(theta: FloatArray, g: FloatArray, v: FloatArray, lr: number, mu: number, nesterov = false): void {
  const b = backendForArray(theta);
  (b.momentumStep ? b : jsBackend).momentumStep!(theta, g, v, lr, mu, nesterov);
}

export function adamStep(theta: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, lr: number, beta1: number, beta2: number, eps: number, t: number): void {
  const b = backendForArray(theta);
  (b.adamStep ? b : jsBackend).adamStep!(theta, g, m, v, lr, beta1, beta2, eps, t);
}

/** out[i] = f(x[i]). out may alias x. */
export function map(x: Matrix, f: (v: number) => number, out: Matrix): Matrix {
  const X = x.data, O = out.data;
  for (let i = 0; i < X.length; i++) O[i] = f(X[i]!);
  return out;
}

/** out[i] = f(a[i], b[i]). out may alias a or b. */
export function zip(a: Matrix, b: Matrix, f: (u: number, v: number) => number, out: Matrix): Matrix {
  const A = a.data, B = b.data, O = out.data;
  for (let i = 0; i < A.length; i++) O[i] = f(A[i]!, B[i]!);
  return out;
}

/** Index of the largest value of each row (first on ties). */
export function argmaxRows(x: Matrix): Int32Array {
  const out = new Int32Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    const r = i * x.cols;
    let best = 0, bv = x.data[r]!;
    for (let j = 1; j < x.cols; j++) {
      const v = x.data[r + j]!;
      if (v > bv) { bv = v; best = j; }
    }
    out[i] = best;
  }
  return out;
}

/** Max of each row, as a column. */
export function maxRows(x: Matrix): Float64Array {
  const out = new Float64Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    const r = i * x.cols;
    let m = -Infinity;
    for (let j = 0; j < x.cols; j++) m = Math.max(m, x.data[r + j]!);
    out[i] = m;
  }
  return out;
}

/** Sum of squares of all elements (norms, L2 penalty). */
export function sumSquares(x: Matrix): number {
  let s = 0;
  for (let i = 0; i < x.data.length; i++) s += x.data[i]! * x.data[i]!;
  return s;
}
