/**
 * Every default in one place: what a spec gets for a key it does not state.
 * docs/specs.md documents each of these; a test keeps the two in step.
 */
import type { ReportSpec } from './spec.js';
import type { BaseConfig } from './spec.js';
import { DATA_DEFAULTS } from '../../data/spec.js';

export const BASE_DEFAULTS: BaseConfig = {
  data: { ...DATA_DEFAULTS, augment: { ...DATA_DEFAULTS.augment } },
  model: {
    hidden: [100],
    activation: 'relu',
    leaky_slope: 0.01,
    // He init suits the default ReLU; biases at zero are the usual starting point.
    init: { weights: 'he_normal', biases: 'zeros' },
    dropout: 0,
    input_dropout: 0,
    batch_norm: false,
    bn_momentum: 0.1,
    bn_eps: 1e-5,
  },
  loss: 'softmax_cross_entropy',
  regularization: { l2: 0, l2_biases: false },
  optimizer: {
    name: 'sgd',
    lr: 0.1,
    momentum: 0.9,
    beta1: 0.9,
    beta2: 0.999,
    rho: 0.9,
    eps: 1e-8,
    weight_decay: 0,
  },
  schedule: { name: 'constant', step_size: 10, gamma: 0.1, min_lr: 0 },
  train: { epochs: 10, batch_size: 32, patience: null, diagnostics: true, probe_size: 256 },
};

export const SEEDS_DEFAULT = 1;

/** report.metric's default depends on the task: metrics.ts defaultMetric. */
export const REPORT_DEFAULTS: Omit<ReportSpec, 'rows' | 'columns' | 'metric'> = {
  charts: [],
  target_accuracy: null,
};

/** A deep copy of the base defaults (callers fill it in place). */
export function baseDefaults(): BaseConfig {
  return structuredClone(BASE_DEFAULTS);
}
