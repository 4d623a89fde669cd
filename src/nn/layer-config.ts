/** The architecture half of a saved model: one plain object per layer, and back. */
import type { DType } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { Layer } from './layer.js';
import { Dense, type DenseConfig } from './dense.js';
import { BatchNorm, type BatchNormConfig } from './batchnorm.js';
import { Dropout, type DropoutConfig } from './dropout.js';
import { isActivationName, makeActivation, type ActivationConfig } from './activations.js';
import { parseInit } from './init.js';
import { Conv2D, type Conv2DConfig } from './conv2d.js';
import { AvgPool2D, MaxPool2D, type PoolConfig } from './pool.js';
import { Flatten, type FlattenConfig } from './flatten.js';
import { BatchNorm2D, type BatchNorm2DConfig } from './batchnorm2d.js';

export type LayerConfig = DenseConfig | BatchNormConfig | DropoutConfig | ActivationConfig | Conv2DConfig | PoolConfig | FlattenConfig | BatchNorm2DConfig;

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
    case 'conv2d':
      return new Conv2D(c.input, c.filters, c.kernel, { name: c.name, stride: c.stride, padding: c.padding, dtype, rng, weightInit: parseInit('zeros'), decayBias: c.decayBias });
    case 'maxpool':
      return new MaxPool2D(c.input, c.kernel, c.stride);
    case 'avgpool':
      return new AvgPool2D(c.input, c.kernel, c.stride);
    case 'flatten':
      return new Flatten(c.input);
    case 'batchnorm2d':
      return new BatchNorm2D(c.input, { name: c.name, dtype, momentum: c.momentum, eps: c.eps });
    default:
      if (!isActivationName((c as { kind: string }).kind)) {
        throw new Error(`Sequential.fromJSON: unknown layer kind '${(c as { kind: string }).kind}' in the saved model`);
      }
      return makeActivation(c.kind, { slope: c.slope });
  }
}
