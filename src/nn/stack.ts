/**
 * A `model.layers:` list, from its expressions to shapes and to layers.
 * planStack follows the shape through the list without building anything, so
 * the spec validator can refuse a list that cannot work (with a message that
 * names the layer) and count its parameters before any run starts;
 * buildStack makes the layers, with the names and initializers of build.ts.
 */
import type { DType } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { Layer } from './layer.js';
import type { Initializer } from './init.js';
import { outSize, showShape, type ImageShape } from './geometry.js';
import { parseLayerExpr, type LayerExpr } from './layer-expr.js';
import { Conv2D } from './conv2d.js';
import { AvgPool2D, MaxPool2D } from './pool.js';
import { Flatten } from './flatten.js';
import { Dense } from './dense.js';
import { BatchNorm } from './batchnorm.js';
import { BatchNorm2D } from './batchnorm2d.js';
import { Dropout } from './dropout.js';
import { makeActivation } from './activations.js';

/** What flows between layers: an image, or a number of flat features. */
export type Shape = ImageShape | number;

export interface PlannedLayer {
  expr: LayerExpr;
  input: Shape;
  output: Shape;
  params: number;
  /** Extra floats per row the layer keeps (a convolution's im2col columns and their gradient). */
  scratch: number;
}

export interface StackPlan {
  layers: PlannedLayer[];
  params: number;
  /** Floats per row of every layer's output plus scratch: what a batch costs in activations. */
  units: number;
  /** Number of dense layers (the diagnostics' L1..Ln). */
  dense: number;
}

/** A list that cannot work; `index` is 0-based, the message already names the layer (1-based). */
export class StackError extends Error {
  constructor(readonly index: number, message: string) {
    super(message);
  }
}

export function showAny(s: Shape): string {
  return typeof s === 'number' ? `${s} flat features` : `the image ${showShape(s)}`;
}

const elements = (s: Shape): number => (typeof s === 'number' ? s : s.c * s.h * s.w);

/** The output shape of one layer, or a message saying why it cannot take its input. */
function step(e: LayerExpr, input: Shape): { output: Shape; params: number; scratch: number } | string {
  const a = e.args;
  switch (e.name) {
    case 'conv2d': {
      if (typeof input === 'number') return `needs an image (channels×height×width) but gets ${input} flat features; convolutions come before flatten, on image data (mnist, digits)`;
      const k = a['kernel']!, p = a['padding']!;
      if (k > input.h + 2 * p || k > input.w + 2 * p) return `its ${k}×${k} kernel is larger than the input ${showShape(input)}${p > 0 ? ` with padding ${p}` : ''}; use a smaller kernel or more padding`;
      const win = { kernel: k, stride: a['stride']!, padding: p };
      const out = { c: a['filters']!, h: outSize(input.h, win), w: outSize(input.w, win) };
      const taps = k * k * input.c;
      return { output: out, params: taps * out.c + out.c, scratch: 2 * taps * out.h * out.w };
    }
    case 'maxpool':
    case 'avgpool': {
      if (typeof input === 'number') return `needs an image (channels×height×width) but gets ${input} flat features; pooling comes before flatten`;
      const k = a['kernel']!, s = a['stride']!;
      if (k > input.h || k > input.w) return `its ${k}×${k} window is larger than the input ${showShape(input)}; use a smaller kernel`;
      if ((input.h - k) % s !== 0 || (input.w - k) % s !== 0) {
        const why = k === 2 && s === 2 ? 'has an odd size' : `does not divide into ${k}×${k} windows ${s} apart`;
        return `input ${showShape(input)} ${why}; give the convolution before it padding (conv2d(…, padding=1)), or use another ${e.name} window or stride`;
      }
      const win = { kernel: k, stride: s, padding: 0 };
      return { output: { c: input.c, h: outSize(input.h, win), w: outSize(input.w, win) }, params: 0, scratch: 0 };
    }
    case 'flatten':
      if (typeof input === 'number') return `its input is already flat (${input} features); remove it`;
      return { output: elements(input), params: 0, scratch: 0 };
    case 'dense':
      if (typeof input !== 'number') return `its input is the image ${showShape(input)}; put flatten before it`;
      return { output: a['units']!, params: input * a['units']! + a['units']!, scratch: 0 };
    case 'batchnorm':
      return { output: input, params: 2 * (typeof input === 'number' ? input : input.c), scratch: 0 };
    default: // dropout and the activations keep the shape
      return { output: input, params: 0, scratch: 0 };
  }
}

/**
 * Follow `input` through the expressions. `outputs`, when given, is the width
 * the loss needs of the last layer and `needs` says why (e.g. "softmax_cross_entropy
 * on mnist needs 10 outputs"). Throws StackError.
 */
export function planStack(texts: readonly string[], input: Shape, outputs?: number, needs?: string): StackPlan {
  if (texts.length === 0) throw new StackError(0, 'model.layers is empty; list the layers, e.g. [dense(100), relu, dense(10)]');
  const layers: PlannedLayer[] = [];
  let shape = input, params = 0, units = elements(input), dense = 0;
  texts.forEach((text, i) => {
    let expr: LayerExpr;
    try {
      expr = parseLayerExpr(text);
    } catch (e) {
      throw new StackError(i, `layer ${i + 1} ${text}: ${(e as Error).message}`);
    }
    const r = step(expr, shape);
    if (typeof r === 'string') throw new StackError(i, `layer ${i + 1} ${expr.text}: ${r}`);
    layers.push({ expr, input: shape, output: r.output, params: r.params, scratch: r.scratch });
    shape = r.output;
    params += r.params;
    units += elements(r.output) + r.scratch;
    if (expr.name === 'dense') dense++;
  });
  const last = texts.length - 1, lastText = layers[last]!.expr.text;
  if (typeof shape !== 'number') {
    throw new StackError(last, `layer ${last + 1} ${lastText}: the network ends in the image ${showShape(shape)}; end with flatten and a dense layer of the output width`);
  }
  if (outputs !== undefined && shape !== outputs) {
    throw new StackError(last, `layer ${last + 1} ${lastText}: the network ends with ${shape} outputs but ${needs ?? `the loss needs ${outputs}`}; make the last layer dense(${outputs})`);
  }
  return { layers, params, units, dense };
}

export interface StackOptions {
  weightInit: Initializer;
  biasInit: Initializer;
  /** leaky_relu slope, batch-norm momentum and eps (model.leaky_slope, bn_momentum, bn_eps). */
  leakySlope: number;
  bnMomentum: number;
  bnEps: number;
  /** Weights (initRng) and dropout masks (dropRng) draw from separate streams, as in build.ts. */
  initRng: Rng;
  dropRng: Rng;
  dtype: DType;
  decayBias: boolean;
}

/** The layers of a list; names count per kind from 1 (conv1, conv2, dense1, bn1, ...). */
export function buildStack(texts: readonly string[], input: Shape, outputs: number, o: StackOptions): Layer[] {
  const plan = planStack(texts, input, outputs);
  const count: Record<string, number> = {};
  const next = (k: string): string => `${k}${(count[k] = (count[k] ?? 0) + 1)}`;
  return plan.layers.map(({ expr, input: s }): Layer => {
    const a = expr.args;
    const bn = { momentum: o.bnMomentum, eps: o.bnEps, dtype: o.dtype };
    switch (expr.name) {
      case 'conv2d':
        return new Conv2D(s as ImageShape, a['filters']!, a['kernel']!, {
          name: next('conv'), stride: a['stride']!, padding: a['padding']!,
          weightInit: o.weightInit, biasInit: o.biasInit, rng: o.initRng, dtype: o.dtype, decayBias: o.decayBias,
        });
      case 'maxpool':
        return new MaxPool2D(s as ImageShape, a['kernel']!, a['stride']!);
      case 'avgpool':
        return new AvgPool2D(s as ImageShape, a['kernel']!, a['stride']!);
      case 'flatten':
        return new Flatten(s as ImageShape);
      case 'dense':
        return new Dense(s as number, a['units']!, { name: next('dense'), weightInit: o.weightInit, biasInit: o.biasInit, rng: o.initRng, dtype: o.dtype, decayBias: o.decayBias });
      case 'batchnorm':
        return typeof s === 'number' ? new BatchNorm(s, { name: next('bn'), ...bn }) : new BatchNorm2D(s, { name: next('bn'), ...bn });
      case 'dropout':
        return new Dropout(a['p']!, o.dropRng);
      default:
        return makeActivation(expr.name, { slope: o.leakySlope });
    }
  });
}

/** Dense layers of a model spec (the diagnostics' L1..Ln columns): model.layers' dense(...) or hidden + output. */
export function denseCount(model: { hidden: readonly number[]; layers?: readonly string[] | null }): number {
  if (model.layers === undefined || model.layers === null) return model.hidden.length + 1;
  return model.layers.filter((t) => /^\s*dense\b/i.test(t)).length;
}
