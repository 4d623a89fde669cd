/** The architecture half of a saved model: one plain object per layer, and back. */
import type { DType } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { Layer } from './layer.js';
import { Dense, type DenseConfig } from './dense.js';
import { BatchNorm, type BatchNormConfig } from './batchnorm.js';
import { Dropout, type DropoutConfig } from './dropout.js';
import { isActivationName, makeActivation, type ActivationConfig } from './activations.js';
import { parseInit } from './init.js';

export type LayerConfig = DenseConfig | BatchNormConfig | DropoutConfig | ActivationConfig;

/** A layer that can describe itself for saving. */
export interface ConfigurableLayer extends Layer {
  config(): LayerConfig;
}

export function layerConfig(layer: Layer): LayerConfig {
  const c = (layer as Partial<ConfigurableLayer>).config;
  if (typeof c !== 'function') throw new Error(`Sequential.toJSON: layer '${layer.kind}' has no config() and cannot be saved`);
  return c.call(layer);
}

/** Rebuild a layer from its config. Weights come out zero (they are loaded next); rng drives dropout masks. */
export function layerFromConfig(c: LayerConfig, dtype: DType, rng: Rng): Layer {
  switch (c.kind) {
    case 'dense':
      return new Dense(c.inputs, c.outputs, { name: c.name, dtype, rng, weightInit: parseInit('zeros'), decayBias: c.decayBias });
    case 'batchnorm':
      return new BatchNorm(c.features, { name: c.name, dtype, momentum: c.momentum, eps: c.eps });
    case 'dropout':
      return new Dropout(c.p, rng);
    default:
      if (!isActivationName((c as { kind: string }).kind)) {
        throw new Error(`Sequential.fromJSON: unknown layer kind '${(c as { kind: string }).kind}' in the saved model`);
      }
      return makeActivation(c.kind, { slope: c.slope });
  }
}
