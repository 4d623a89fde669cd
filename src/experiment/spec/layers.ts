/**
 * model.layers against the data and the loss, before any run: the shape must
 * flow through every layer (stack.ts says which layer cannot take its input),
 * end at the loss's output width, and stay within the parameter and
 * activation caps of modelsize.ts.
 */
import { planStack, StackError, type Shape } from '../../nn/stack.js';
import { ACTIVATION_BYTES_PER_UNIT, EVAL_ROWS, formatCount, gb, MAX_ACTIVATION_ENV, MAX_PARAMETERS_ENV, maxActivationBytes, maxParameters } from './modelsize.js';
import type { KnownShape } from './shapes.js';
import type { BaseConfig } from './spec.js';
import type { RunProblem } from './runcheck.js';

export function layersProblem(c: BaseConfig, shape: KnownShape, width: number): RunProblem | null {
  const layers = c.model.layers!;
  const d = c.data.dataset;
  const input: Shape = shape.image ? { c: shape.image[0], h: shape.image[1], w: shape.image[2] } : shape.features;
  let plan;
  try {
    plan = planStack(layers, input, width, `${c.loss} on ${d} (${shape.classes > 0 ? `${shape.classes} classes` : `${width} regression target${width === 1 ? '' : 's'}`}) needs ${width}`);
  } catch (e) {
    if (e instanceof StackError) return { key: 'model.layers', message: `model.layers on ${d}: ${e.message}` };
    throw e;
  }
  if (plan.params > maxParameters()) {
    return { key: 'model.layers', message: `model.layers makes a model with ${formatCount(plan.params)} trainable parameters on ${d}; the limit is ${formatCount(maxParameters())} — use fewer filters or units (or raise the limit with ${MAX_PARAMETERS_ENV})` };
  }
  const bytes = ACTIVATION_BYTES_PER_UNIT * Math.max(c.train.batch_size, EVAL_ROWS) * plan.units;
  if (bytes > maxActivationBytes()) {
    return { key: 'model.layers', message: `model.layers with train.batch_size ${c.train.batch_size} needs about ${gb(bytes)} of activations per run on ${d}; the limit is ${gb(maxActivationBytes())} — use a smaller batch or fewer filters (or raise the limit with ${MAX_ACTIVATION_ENV})` };
  }
  return null;
}
