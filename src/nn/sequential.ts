/**
 * A stack of layers applied in order. Forward runs them front to back, backward
 * back to front; the loss stays outside so the same model serves any loss.
 */
import { Matrix, type DType } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import type { Layer, Loss } from './layer.js';
import type { Param } from './param.js';
import { Dense } from './dense.js';
import { Conv2D } from './conv2d.js';
import { ReLU } from './activations.js';
import { layerConfig, layerFromConfig, type LayerConfig } from './layer-config.js';

export interface TensorJSON {
  shape: [number, number];
  data: number[];
}

/** A saved model: architecture, parameters and buffers (batch-norm running stats). */
export interface ModelJSON {
  format: 'nnlab-model';
  version: 1;
  dtype: DType;
  layers: LayerConfig[];
  params: Record<string, TensorJSON>;
  buffers: Record<string, TensorJSON>;
}

export interface Evaluation {
  /** Mean loss over all rows (without any regularization term). */
  loss: number;
  /** Fraction of rows whose predicted class equals the label. */
  accuracy: number;
}

const EMPTY = Matrix.zeros(0, 0);

export class Sequential {
  readonly layers: Layer[];
  private readonly paramList: Param[];
  /** Index of the first layer with parameters (-1 if none): where backward may stop. */
  private readonly firstTrainable: number;

  constructor(layers: Layer[]) {
    this.layers = layers;
    this.paramList = layers.flatMap((l) => l.params());
    this.firstTrainable = layers.findIndex((l) => l.params().length > 0);
    const seen = new Set<string>();
    for (const p of this.paramList) {
      if (seen.has(p.name)) throw new Error(`Sequential: two parameters are named '${p.name}' — give each layer a distinct name`);
      seen.add(p.name);
    }
  }

  /**
   * Runs every layer. With `onLayer`, calls it with each layer's index and
   * output as soon as that output exists: layers reuse their buffers, so the
   * output is only valid until the next forward (read it there, or clone it).
   * Visiting instead of copying spares the per-epoch diagnostics a fresh
   * copy of every layer's output.
   */
  forward(x: Matrix, training: boolean, onLayer?: (index: number, output: Matrix) => void): Matrix {
    let h = x;
    const layers = this.layers, n = layers.length;
    for (let i = 0; i < n; i++) {
      const layer = layers[i]!, next = layers[i + 1];
      if (!onLayer && layer instanceof Dense && next instanceof ReLU) {
        // Dense then ReLU: bias and activation in one pass (same bits and caches).
        h = next.forwardBiased(layer.forwardLinear(h, training), layer.b.value);
        i++;
        continue;
      }
      h = layer.forward(h, training);
      if (onLayer) onLayer(i, h);
    }
    return h;
  }

  /**
   * Back-propagates dy (dLoss/dOutput of the last forward), adding into every
   * param's grad, and returns dLoss/dInput. A training loop that does not need
   * the input gradient should pass inputGrad=false: the layers before the first
   * trainable one are skipped, the first Dense or Conv2D skips its dX (a third of its
   * backward cost), and an empty matrix is returned.
   */
  backward(dy: Matrix, inputGrad = true): Matrix {
    const n = this.layers.length;
    const first = inputGrad ? 0 : this.firstTrainable;
    if (first < 0) return EMPTY;
    let g = dy;
    for (let i = n - 1; i >= first; i--) {
      const layer = this.layers[i]!;
      g = i === first && !inputGrad && (layer instanceof Dense || layer instanceof Conv2D) ? layer.backward(g, false) : layer.backward(g);
    }
    return inputGrad ? g : EMPTY;
  }

  /** All trainable parameters, layer by layer in order (W before b, γ before β). */
  params(): Param[] {
    return this.paramList;
  }

  /** Non-trainable state of every layer (batch-norm running mean/var), by name. */
  buffers(): Record<string, Matrix> {
    return Object.assign({}, ...this.layers.map((l) => l.buffers?.() ?? {}));
  }

  denseLayers(): Dense[] {
    return this.layers.filter((l): l is Dense => l instanceof Dense);
  }

  /** Predicted classes in eval mode. */
  predict(x: Matrix, loss: Loss): Int32Array {
    return loss.predict(this.forward(x, false));
  }

  /** Mean loss and accuracy in eval mode, in batches of `batchSize` rows to bound memory. */
  evaluate(x: Matrix, y: Int32Array, loss: Loss, batchSize = 1000): Evaluation {
    if (x.rows !== y.length) throw new Error(`Sequential.evaluate: ${x.rows} rows but ${y.length} labels`);
    if (x.rows === 0) throw new Error('Sequential.evaluate: empty split — nothing to evaluate');
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`Sequential.evaluate: batchSize must be a positive integer, got ${batchSize}`);
    let total = 0, correct = 0;
    for (let start = 0; start < x.rows; start += batchSize) {
      const end = Math.min(start + batchSize, x.rows);
      const labels = y.subarray(start, end);
      const out = this.forward(x.sliceRows(start, end), false);
      total += loss.forward(out, labels) * (end - start);
      const pred = loss.predict(out);
      for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) correct++;
    }
    return { loss: total / x.rows, accuracy: correct / x.rows };
  }

  /** Architecture + weights + buffers as plain JSON (float32 values survive exactly). */
  toJSON(): ModelJSON {
    const tensor = (m: Matrix): TensorJSON => ({ shape: [m.rows, m.cols], data: Array.from(m.data) });
    const params: Record<string, TensorJSON> = {};
    for (const p of this.paramList) params[p.name] = tensor(p.value);
    const buffers: Record<string, TensorJSON> = {};
    for (const [k, m] of Object.entries(this.buffers())) buffers[k] = tensor(m);
    const dtype = this.paramList[0]?.value.dtype ?? 'float32';
    return { format: 'nnlab-model', version: 1, dtype, layers: this.layers.map(layerConfig), params, buffers };
  }

  /** Rebuild a saved model. `rng` only drives dropout masks if the model is trained further. */
  static fromJSON(json: ModelJSON, rng: Rng = new Rng('fromJSON')): Sequential {
    if (json?.format !== 'nnlab-model') throw new Error(`Sequential.fromJSON: not a saved nnlab model (format '${json?.format}'); expected the output of toJSON()`);
    if (json.version !== 1) throw new Error(`Sequential.fromJSON: unsupported version ${json.version}; this nnlab reads version 1`);
    const dropRng = rng.fork('dropout');
    const model = new Sequential(json.layers.map((c) => layerFromConfig(c, json.dtype, dropRng)));
    model.loadWeights(json);
    return model;
  }

  /** Copy saved params and buffers into this model; every name and shape must match. */
  loadWeights(json: Pick<ModelJSON, 'params' | 'buffers'>): void {
    const params = json.params ?? {}, buffers = json.buffers ?? {};
    const targets: [string, string, Matrix, TensorJSON | undefined][] = [
      ...this.paramList.map((p): [string, string, Matrix, TensorJSON | undefined] => ['parameter', p.name, p.value, params[p.name]]),
      ...Object.entries(this.buffers()).map(([name, m]): [string, string, Matrix, TensorJSON | undefined] => ['buffer', name, m, buffers[name]]),
    ];
    // Validate everything before copying anything, so a failed load leaves the model untouched.
    for (const [kind, name, target, saved] of targets) {
      if (saved === undefined) throw new Error(`loadWeights: ${kind} '${name}' is missing from the saved weights — were they saved from a different architecture?`);
      const [r, c] = saved.shape;
      if (r !== target.rows || c !== target.cols || saved.data.length !== r * c) {
        throw new Error(`loadWeights: ${kind} '${name}' has shape [${r}, ${c}] in the saved weights but [${target.rows}, ${target.cols}] in the model — rebuild the model with the saved architecture`);
      }
    }
    const known = new Set(targets.map((t) => t[1]));
    const extra = [...Object.keys(params), ...Object.keys(buffers)].filter((k) => !known.has(k));
    if (extra.length > 0) throw new Error(`loadWeights: the saved weights have ${extra.join(', ')} which this model lacks — rebuild the model with the saved architecture`);
    for (const [, , target, saved] of targets) target.data.set(saved!.data);
  }
}
