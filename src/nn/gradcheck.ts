/**
 * Numerical gradient checks: compare backward() against centered differences
 *   ∂f/∂θ_k ≈ (f(θ + h·e_k) − f(θ − h·e_k)) / 2h
 * in float64, for the input and every parameter of a layer, a loss, or a whole
 * model under a loss. Everything checked must be built with dtype 'float64'.
 *
 * Two layers need care so that f is the same function on every evaluation:
 * - Dropout in training draws a mask per forward; its mask is frozen after the
 *   first forward (Dropout.frozen) and released afterwards.
 * - BatchNorm in training normalizes with the batch's statistics, so its output
 *   is a function of the whole batch; perturbing each input element and
 *   re-running the full batch checks exactly that. Its running statistics move
 *   on every training forward, so they are saved and restored around the check.
 */
import { Matrix, type FloatArray } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import type { Layer, Loss } from './layer.js';
import { zeroGrads, type Param } from './param.js';
import { Dropout } from './dropout.js';
import { addL2Grad, l2Penalty } from './regularization.js';
import type { Sequential } from './sequential.js';

export interface GradCheckOptions {
  /** Step of the centered difference (default 1e-5: truncation ~h², rounding ~1e-16/h). */
  h?: number;
  /** Train or eval mode for layers / models (default true). */
  training?: boolean;
}

/** Max relative error per tensor: "input" plus one entry per parameter name. */
export type GradCheckResult = Record<string, number>;

/**
 * max_k |a_k − n_k| / max(|a_k|, |n_k|, floor). The floor keeps elements whose
 * true gradient is (structurally) zero from measuring only rounding noise: a
 * centered difference of f carries noise of about 1e-16·|f|/h ≈ 1e-11·|f|, so
 * the checkers pass floor = 1e-4·max(1, |f|), below which errors count absolutely.
 */
export function relativeError(analytic: ArrayLike<number>, numeric: ArrayLike<number>, floor = 1e-12): number {
  let worst = 0;
  for (let k = 0; k < analytic.length; k++) {
    const a = analytic[k]!, n = numeric[k]!;
    worst = Math.max(worst, Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor));
  }
  return worst;
}

function requireFloat64(where: string, m: Matrix): void {
  if (m.dtype !== 'float64') throw new Error(`gradcheck: ${where} is ${m.dtype} — build the layer/model and inputs with dtype 'float64'`);
}

/** Centered differences of f with respect to every element of `data` (restored afterwards). */
function numericGrad(f: () => number, data: FloatArray, h: number): Float64Array {
  const out = new Float64Array(data.length);
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    data[k] = v + h;
    const fp = f();
    data[k] = v - h;
    const fm = f();
    data[k] = v;
    out[k] = (fp - fm) / (2 * h);
  }
  return out;
}

/** Run `body` with dropout masks frozen and batch-norm running stats restored afterwards. */
function withFixedState<T>(layers: Layer[], body: () => T): T {
  const drops = layers.filter((l): l is Dropout => l instanceof Dropout);
  const saved = layers.flatMap((l) => Object.values(l.buffers?.() ?? {})).map((m) => [m, m.data.slice()] as const);
  const wasFrozen = drops.map((d) => d.frozen);
  try {
    return body();
  } finally {
    drops.forEach((d, i) => (d.frozen = wasFrozen[i]!));
    for (const [m, copy] of saved) m.data.set(copy);
  }
}

function freeze(layers: Layer[]): void {
  for (const l of layers) if (l instanceof Dropout) l.frozen = true;
}

/**
 * Compare the analytic grads (already in `params` and `dx`) against numeric ones
 * of f; `fScale` is the magnitude of the terms summed into f (sets the noise floor).
 */
function compare(f: () => number, fScale: number, x: Matrix, dx: Float64Array | null, params: Param[], h: number): GradCheckResult {
  const floor = 1e-4 * Math.max(1, Math.abs(fScale));
  const analytic = params.map((p) => p.grad.data.slice());
  const result: GradCheckResult = {};
  if (dx !== null) result['input'] = relativeError(dx, numericGrad(f, x.data, h), floor);
  params.forEach((p, i) => (result[p.name] = relativeError(analytic[i]!, numericGrad(f, p.value.data, h), floor)));
  return result;
}

/**
 * Check one layer with the scalar objective f(x) = Σ forward(x) ⊙ R for a fixed
 * random R, so backward receives dy = R (every output element matters).
 */
export function checkLayer(layer: Layer, x: Matrix, opts: GradCheckOptions & { seed?: number } = {}): GradCheckResult {
  const { h = 1e-5, training = true, seed = 1 } = opts;
  requireFloat64('the input', x);
  for (const p of layer.params()) requireFloat64(`parameter ${p.name}`, p.value);
  return withFixedState([layer], () => {
    const y0 = layer.forward(x, training);
    const rng = new Rng(`gradcheck/${seed}`);
    const R = Matrix.zeros(y0.rows, y0.cols, 'float64');
    for (let k = 0; k < R.data.length; k++) R.data[k] = rng.normal();
    freeze([layer]);
    zeroGrads(layer.params());
    const dx = Float64Array.from(layer.backward(R).data);
    const f = (): number => {
      const y = layer.forward(x, training).data;
      let s = 0;
      for (let k = 0; k < y.length; k++) s += y[k]! * R.data[k]!;
      return s;
    };
    let scale = 0;
    for (let k = 0; k < y0.data.length; k++) scale += Math.abs(y0.data[k]! * R.data[k]!);
    return compare(f, scale, x, dx, layer.params(), h);
  });
}

/** Check a loss's backward() against differences of its forward() at `output`. */
export function checkLoss(loss: Loss, output: Matrix, labels: Int32Array, opts: Pick<GradCheckOptions, 'h'> = {}): GradCheckResult {
  const { h = 1e-5 } = opts;
  requireFloat64('the output', output);
  const f0 = loss.forward(output, labels);
  const dx = Float64Array.from(loss.backward().data);
  return compare(() => loss.forward(output, labels), f0, output, dx, [], h);
}

/**
 * Check a whole model under a loss (plus the L2 penalty (λ/2)Σ‖W‖² when l2 > 0):
 * the input gradient and every parameter's.
 */
export function checkModel(
  model: Sequential, loss: Loss, x: Matrix, labels: Int32Array,
  opts: GradCheckOptions & { l2?: number } = {},
): GradCheckResult {
  const { h = 1e-5, training = true, l2 = 0 } = opts;
  requireFloat64('the input', x);
  const params = model.params();
  for (const p of params) requireFloat64(`parameter ${p.name}`, p.value);
  return withFixedState(model.layers, () => {
    const f0 = loss.forward(model.forward(x, training), labels) + l2Penalty(params, l2);
    freeze(model.layers);
    zeroGrads(params);
    const dx = Float64Array.from(model.backward(loss.backward()).data);
    addL2Grad(params, l2);
    const f = (): number => loss.forward(model.forward(x, training), labels) + l2Penalty(params, l2);
    return compare(f, f0, x, dx, params, h);
  });
}

/** The largest error of a result, for one-line assertions. */
export function maxError(result: GradCheckResult): number {
  return Math.max(0, ...Object.values(result));
}
