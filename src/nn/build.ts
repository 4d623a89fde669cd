/**
 * Turns a model spec into a Sequential: the layers of model.layers (stack.ts) when given, else
 *   [Dropout(input_dropout)] → for each hidden width: Dense → [BatchNorm] → activation → [Dropout(dropout)]
 *   → output Dense (no activation: the loss applies softmax / sigmoid itself).
 * Weights come from rng.fork('init') and dropout masks from rng.fork('dropout'),
 * so the initial weights never depend on how many masks are drawn later.
 */
import type { DType } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { Layer } from './layer.js';
import type { ModelSpec } from './spec.js';
import { Dense } from './dense.js';
import { BatchNorm } from './batchnorm.js';
import { Dropout } from './dropout.js';
import { makeActivation } from './activations.js';
import { parseInit } from './init.js';
import { Sequential } from './sequential.js';
import { buildStack } from './stack.js';

export interface BuildOptions {
  /** Put the Dense biases under L2 / weight decay too (regularization.l2_biases). */
  decayBiases?: boolean;
  /** [height, width] of image data (Dataset.imageShape) and its channels (default 1): what model.layers' convolutions see. */
  imageShape?: [number, number] | null;
  channels?: number;
}

export function buildModel(spec: ModelSpec, inputs: number, outputs: number, rng: Rng, dtype: DType = 'float32', opts: BuildOptions = {}): Sequential {
  if (!Array.isArray(spec.hidden) || spec.hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new Error(`model.hidden: widths must be positive integers, got [${spec.hidden}]`);
  }
  for (const key of ['dropout', 'input_dropout'] as const) {
    const p = spec[key];
    if (!(p >= 0 && p < 1)) throw new Error(`model.${key}: must be in [0, 1) (the probability of dropping a unit), got ${p}`);
  }
  const weightInit = parseInit(spec.init.weights);
  const biasInit = parseInit(spec.init.biases);
  const initRng = rng.fork('init');
  const dropRng = rng.fork('dropout');
  const decayBias = opts.decayBiases ?? false;
  if (spec.layers !== undefined && spec.layers !== null) {
    const [h, w] = opts.imageShape ?? [0, 0];
    const input = opts.imageShape ? { c: opts.channels ?? 1, h, w } : inputs;
    return new Sequential(buildStack(spec.layers, input, outputs, {
      weightInit, biasInit, leakySlope: spec.leaky_slope, bnMomentum: spec.bn_momentum, bnEps: spec.bn_eps,
      initRng, dropRng, dtype, decayBias,
    }));
  }
  const layers: Layer[] = [];
  const dense = (i: number, o: number, k: number): Dense =>
    new Dense(i, o, { name: `dense${k}`, weightInit, biasInit, rng: initRng, dtype, decayBias });

  if (spec.input_dropout > 0) layers.push(new Dropout(spec.input_dropout, dropRng));
  let width = inputs;
  spec.hidden.forEach((h, idx) => {
    const k = idx + 1;
    layers.push(dense(width, h, k));
    if (spec.batch_norm) layers.push(new BatchNorm(h, { name: `bn${k}`, momentum: spec.bn_momentum, eps: spec.bn_eps, dtype }));
    layers.push(makeActivation(spec.activation, { slope: spec.leaky_slope }));
    if (spec.dropout > 0) layers.push(new Dropout(spec.dropout, dropRng));
    width = h;
  });
  layers.push(dense(width, outputs, spec.hidden.length + 1));
  return new Sequential(layers);
}
