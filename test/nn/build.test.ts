import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/tensor/rng.js';
import { buildModel } from '../../src/nn/build.js';
import { Dense } from '../../src/nn/dense.js';
import { BatchNorm } from '../../src/nn/batchnorm.js';
import { Dropout } from '../../src/nn/dropout.js';
import { modelSpec } from './fixtures.js';
import { randn } from './helpers.js';

const kinds = (m: ReturnType<typeof buildModel>) => m.layers.map((l) => l.kind);

describe('buildModel', () => {
  it('lays out Dense → BN → activation → Dropout per hidden layer, then the output Dense', () => {
    const m = buildModel(modelSpec({ batch_norm: true, dropout: 0.5, input_dropout: 0.2, activation: 'relu' }), 4, 3, new Rng(1));
    expect(kinds(m)).toEqual(['dropout', 'dense', 'batchnorm', 'relu', 'dropout', 'dense', 'batchnorm', 'relu', 'dropout', 'dense']);
    expect(m.params().map((p) => p.name)).toEqual([
      'dense1.W', 'dense1.b', 'bn1.gamma', 'bn1.beta', 'dense2.W', 'dense2.b', 'bn2.gamma', 'bn2.beta', 'dense3.W', 'dense3.b',
    ]);
    expect(m.denseLayers().map((d) => [d.inputs, d.outputs])).toEqual([[4, 6], [6, 5], [5, 3]]);
    expect((m.layers[0] as Dropout).p).toBe(0.2);
    expect((m.layers[2] as BatchNorm).momentum).toBe(0.1);
  });

  it('without extras is just Dense → activation pairs; no hidden layers is a linear model', () => {
    expect(kinds(buildModel(modelSpec(), 4, 3, new Rng(1)))).toEqual(['dense', 'tanh', 'dense', 'tanh', 'dense']);
    expect(kinds(buildModel(modelSpec({ hidden: [] }), 4, 1, new Rng(1)))).toEqual(['dense']);
  });

  it('passes leaky_slope, dtype and l2_biases through', () => {
    const m = buildModel(modelSpec({ activation: 'leaky_relu', leaky_slope: 0.2 }), 4, 3, new Rng(1), 'float64', { decayBiases: true });
    expect((m.layers[1] as unknown as { slope: number }).slope).toBe(0.2);
    expect(m.params().every((p) => p.value.dtype === 'float64')).toBe(true);
    expect(m.params().filter((p) => p.name.endsWith('.b')).every((p) => p.decay)).toBe(true);
  });

  it('is seeded, and the weights do not depend on dropout being present', () => {
    const a = buildModel(modelSpec(), 4, 3, new Rng(42));
    const b = buildModel(modelSpec({ dropout: 0.5, input_dropout: 0.1 }), 4, 3, new Rng(42));
    const c = buildModel(modelSpec(), 4, 3, new Rng(43));
    const w = (m: ReturnType<typeof buildModel>) => m.params().map((p) => Array.from(p.value.data));
    expect(w(b)).toEqual(w(a));
    expect(w(c)).not.toEqual(w(a));
    // the weights are drawn from rng.fork('init') with the spec's initializers
    const first = (m: ReturnType<typeof buildModel>) => (m.layers[0] as Dense).W.value.data[0];
    expect(first(a)).toBeCloseTo(new Rng(42).fork('init').normal(0, Math.sqrt(2 / 10)), 6);
  });

  it('dropout masks are reproducible from the seed', () => {
    const spec = modelSpec({ dropout: 0.5 });
    const x = randn(8, 4, 'x').to('float32');
    const out = (seed: number) => Array.from(buildModel(spec, 4, 3, new Rng(seed)).forward(x, true).data);
    expect(out(7)).toEqual(out(7));
  });

  it('rejects bad specs with the key to fix', () => {
    expect(() => buildModel(modelSpec({ activation: 'sigmod' }), 4, 3, new Rng(1))).toThrow(/model.activation: unknown activation 'sigmod' \(did you mean 'sigmoid'\?\)/);
    expect(() => buildModel(modelSpec({ init: { weights: 'he', biases: 'zeros' } }), 4, 3, new Rng(1))).toThrow(/init 'he': unknown initializer/);
    expect(() => buildModel(modelSpec({ hidden: [3, 0] }), 4, 3, new Rng(1))).toThrow(/model.hidden: widths must be positive integers/);
    expect(() => buildModel(modelSpec({ dropout: 1 }), 4, 3, new Rng(1))).toThrow(/model.dropout: must be in \[0, 1\)/);
  });
});
