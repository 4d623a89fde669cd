/** A model spec for tests, with overrides. */
import type { ModelSpec } from '../../src/nn/spec.js';

export function modelSpec(over: Partial<ModelSpec> = {}): ModelSpec {
  return {
    hidden: [6, 5],
    activation: 'tanh',
    leaky_slope: 0.01,
    init: { weights: 'xavier_normal', biases: 'normal(0.1)' },
    dropout: 0,
    input_dropout: 0,
    batch_norm: false,
    bn_momentum: 0.1,
    bn_eps: 1e-5,
    ...over,
  };
}
