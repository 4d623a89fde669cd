/**
 * Per-layer health of a network on a fixed probe batch: what the init and
 * optimizer studies plot. One eval-mode forward (activation statistics) and one
 * backward of the loss (weight-gradient norms). Side-effect free for training:
 * the param grads are saved and restored around the probe, eval mode draws no
 * dropout randomness and leaves batch-norm running statistics alone, and no Rng
 * is touched.
 */
import type { FloatArray, Matrix } from '../tensor/matrix.js';
import type { Layer, Loss } from '../nn/layer.js';
import type { RegressionLoss } from '../nn/losses/regression.js';
import type { Param } from '../nn/param.js';
import { diagnosticColumn, LAYER_STATS } from './columns.js';
import type { Batch } from './batcher.js';

/** The slice of Sequential diagnostics needs. */
export interface ProbedModel {
  readonly layers: Layer[];
  forward(x: Matrix, training: boolean, onLayer?: (index: number, output: Matrix) => void): Matrix;
  backward(dy: Matrix, inputGrad?: boolean): Matrix;
  params(): Param[];
  denseLayers(): Layer[];
}

/** Mean and (population) standard deviation of all entries, accumulated in float64. */
export function meanStd(m: Matrix): { mean: number; std: number } {
  const n = m.data.length;
  if (n === 0) return { mean: NaN, std: NaN };
  const mean = sum(m.data) / n;
  return { mean, std: Math.sqrt(sumSquaredDeviations(m.data, mean) / n) };
}

export function frobenius(m: Matrix): number {
  return Math.sqrt(sumSquares(m.data));
}

// One loop per function, nothing after it: V8 optimizes these loops on-stack
// while they run, and code after such a loop that has not run yet sends the
// function back to the interpreter on every call (the probe calls them a few
// times an epoch on 65k-entry matrices).
function sum(d: FloatArray): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i]!;
  return s;
}

function sumSquaredDeviations(d: FloatArray, mean: number): number {
  let v = 0;
  for (let i = 0; i < d.length; i++) {
    const c = d[i]! - mean;
    v += c * c;
  }
  return v;
}

function sumSquares(d: FloatArray): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i]! * d[i]!;
  return s;
}

/** A Dense layer's weight matrix: its first parameter, [in, out]. */
function weightOf(dense: Layer): Param {
  const w = dense.params()[0];
  if (!w) throw new Error('diagnostics: a Dense layer has no weight parameter');
  return w;
}

export class Diagnostics {
  private readonly model: ProbedModel;
  private readonly lossOf: (y: Matrix) => Matrix;
  private readonly probe: Batch;
  /** For Dense layer i, the index in model.layers whose output is "after its activation". */
  private readonly statLayer: number[];
  private readonly saved: FloatArray[];

  /** A classification loss against the probe's labels, or a regression loss against its targets (probe.t). */
  constructor(model: ProbedModel, loss: Loss, probe: Batch);
  constructor(model: ProbedModel, loss: RegressionLoss, probe: Batch & { t: Matrix });
  constructor(model: ProbedModel, loss: Loss | RegressionLoss, probe: Batch) {
    this.model = model;
    this.probe = probe;
    // The gradient of the loss at the probe's output: against its targets when it has them, else its labels.
    this.lossOf = probe.t !== undefined
      ? (y) => { (loss as RegressionLoss).forward(y, probe.t!); return loss.backward(); }
      : (y) => { (loss as Loss).forward(y, probe.y); return loss.backward(); };
    const dense = model.denseLayers();
    const at = dense.map((d) => model.layers.indexOf(d));
    if (at.some((i) => i < 0)) throw new Error('diagnostics: a Dense layer is not among the model layers');
    // A hidden Dense layer's post-activation output is the output of the last layer before the
    // next Dense (eval-mode dropout is the identity, so it does not change it); the last
    // Dense layer's own output is the raw network output.
    this.statLayer = at.map((idx, i) => (i + 1 < at.length ? at[i + 1]! - 1 : idx));
    this.saved = model.params().map((p) => p.grad.data.slice());
  }

  /** The diagnostic columns for the model's current weights. */
  measure(): Record<string, number> {
    const { model, probe } = this;
    const params = model.params();
    params.forEach((p, k) => {
      this.saved[k]!.set(p.grad.data);
      p.grad.data.fill(0);
    });
    const out: Record<string, number> = {};
    try {
      // Statistics as each layer's output appears: the next layer, and backward, may reuse its buffer.
      const y = model.forward(probe.x, false, (li, h) => {
        const i = this.statLayer.indexOf(li);
        if (i < 0) return;
        const { mean, std } = meanStd(h);
        out[diagnosticColumn(i + 1, 'act_mean')] = mean;
        out[diagnosticColumn(i + 1, 'act_std')] = std;
      });
      model.backward(this.lossOf(y), false);
      model.denseLayers().forEach((d, i) => {
        const w = weightOf(d);
        out[diagnosticColumn(i + 1, 'grad_norm')] = frobenius(w.grad);
        out[diagnosticColumn(i + 1, 'weight_norm')] = frobenius(w.value);
      });
    } finally {
      params.forEach((p, k) => p.grad.data.set(this.saved[k]!));
    }
    // Fixed key order (layer by layer) so records compare deep-equal and print tidily.
    const ordered: Record<string, number> = {};
    const n = this.statLayer.length;
    for (let i = 1; i <= n; i++) {
      for (const s of LAYER_STATS) {
        ordered[diagnosticColumn(i, s)] = out[diagnosticColumn(i, s)]!;
      }
    }
    return ordered;
  }
}
