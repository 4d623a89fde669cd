/**
 * Optimizer registry: spec names → classes. Every constructor accepts an
 * OptimizerSpec (reading only the fields its algorithm uses), so a spec's
 * `optimizer:` section builds with `new OPTIMIZERS[name](spec)`.
 */
import type { Optimizer } from '../layer.js';
import type { OptimizerSpec } from '../spec.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { Momentum, Nesterov } from './momentum.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import { unknownNameMessage } from '../names.js';

export { SGD, Momentum, Nesterov, RMSprop, Adagrad, Adam, AdamW };
export type { SGDOptions } from './sgd.js';
export type { MomentumOptions } from './momentum.js';
export type { RMSpropOptions } from './rmsprop.js';
export type { AdagradOptions } from './adagrad.js';
export type { AdamOptions } from './adam.js';
export type { AdamWOptions } from './adamw.js';

export const OPTIMIZERS = {
  sgd: SGD,
  momentum: Momentum,
  nesterov: Nesterov,
  rmsprop: RMSprop,
  adagrad: Adagrad,
  adam: Adam,
  adamw: AdamW,
} as const;

export type OptimizerName = keyof typeof OPTIMIZERS;
export const OPTIMIZER_NAMES = Object.keys(OPTIMIZERS) as OptimizerName[];

/** Which OptimizerSpec fields each optimizer reads (the spec validator and docs use this). */
export const OPTIMIZER_HYPERPARAMS = {
  sgd: ['lr'],
  momentum: ['lr', 'momentum'],
  nesterov: ['lr', 'momentum'],
  rmsprop: ['lr', 'rho', 'eps'],
  adagrad: ['lr', 'eps'],
  adam: ['lr', 'beta1', 'beta2', 'eps'],
  adamw: ['lr', 'beta1', 'beta2', 'eps', 'weight_decay'],
} as const satisfies Record<OptimizerName, readonly (keyof OptimizerSpec)[]>;

export function isOptimizerName(name: unknown): name is OptimizerName {
  return typeof name === 'string' && Object.hasOwn(OPTIMIZERS, name);
}

/**
 * Build the optimizer a spec names. Throws a one-line Error for an unknown
 * name or an invalid hyper-parameter. Fields the algorithm does not use
 * (e.g. beta1 for sgd) are ignored, so one spec can sweep over optimizers.
 */
export function makeOptimizer(spec: OptimizerSpec): Optimizer {
  if (!isOptimizerName(spec.name)) throw new Error(`optimizer: ${unknownNameMessage('optimizer', String(spec.name), OPTIMIZER_NAMES)}`);
  return new OPTIMIZERS[spec.name](spec);
}

/** The error makeOptimizer would throw for this spec, or null if it is valid. Builds nothing that lasts (state is lazy). */
export function validateOptimizer(spec: OptimizerSpec): string | null {
  try {
    makeOptimizer(spec);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
