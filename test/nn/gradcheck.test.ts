import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { buildModel } from '../../src/nn/build.js';
import { checkLayer, checkModel, maxError, relativeError } from '../../src/nn/gradcheck.js';
import { makeLoss } from '../../src/nn/losses.js';
import { Dense } from '../../src/nn/dense.js';
import type { Layer } from '../../src/nn/layer.js';
import { modelSpec } from './fixtures.js';
import { labelsFor, randn } from './helpers.js';

describe('relativeError', () => {
  it('is elementwise relative, counting errors below the floor absolutely', () => {
    expect(relativeError([1, 2], [1, 2])).toBe(0);
    expect(relativeError([1, 2], [1.01, 2])).toBeCloseTo(0.01 / 1.01, 12);
    expect(relativeError([100, 1e-9], [100, 2e-9])).toBeCloseTo(0.5, 12);
    expect(relativeError([100, 1e-9], [100, 2e-9], 1e-4)).toBeCloseTo(1e-5, 12);
  });
});

describe('the checker catches wrong gradients', () => {
  it('flags a Dense whose bias gradient is doubled', () => {
    class BadDense extends Dense {
      override backward(dy: Matrix): Matrix {
        const dx = super.backward(dy);
        for (let j = 0; j < this.b.grad.data.length; j++) this.b.grad.data[j]! *= 2;
        return dx;
      }
    }
    const errs = checkLayer(new BadDense(3, 2, { name: 'bad', rng: new Rng(1), dtype: 'float64' }), randn(4, 3, 'bad'));
    expect(errs['bad.W']).toBeLessThan(1e-6);
    expect(errs['bad.b']).toBeGreaterThan(0.3);
  });

  it('flags a layer whose backward ignores the whole-batch dependence (naive batch norm)', () => {
    // y = x − mean(x) over the batch, but backward pretends the mean is constant.
    const naive: Layer = {
      kind: 'center',
      forward: (x) => { const y = x.clone(); const m = Array.from(x.data).reduce((s, v) => s + v, 0) / x.size; y.data.forEach((v, i) => (y.data[i] = v - m)); return y; },
      backward: (dy) => dy,
      params: () => [],
    };
    expect(checkLayer(naive, randn(4, 1, 'n'))['input']).toBeGreaterThan(0.1);
  });

  it('requires float64', () => {
    expect(() => checkLayer(new Dense(2, 2, { rng: new Rng(1) }), randn(1, 2, 'f').to('float32'))).toThrow(/gradcheck: the input is float32 — build .* with dtype 'float64'/);
  });
});

describe('whole-model gradient checks (float64, rel. error < 1e-6)', () => {
  const specs = {
    'relu + batch norm + dropout': modelSpec({ hidden: [7, 5], activation: 'relu', batch_norm: true, dropout: 0.3, input_dropout: 0.2 }),
    'tanh + batch norm': modelSpec({ hidden: [6], activation: 'tanh', batch_norm: true }),
    'sigmoid + dropout': modelSpec({ hidden: [5, 4], activation: 'sigmoid', dropout: 0.5 }),
    'leaky relu, no extras': modelSpec({ hidden: [9], activation: 'leaky_relu', leaky_slope: 0.1 }),
  };
  const cases: [string, number, string][] = [];
  for (const name of Object.keys(specs)) for (const batch of [1, 5]) for (const loss of ['softmax_cross_entropy', 'multiclass_hinge']) cases.push([name, batch, loss]);

  it.each(cases)('%s at batch %i under %s, train and eval', (name, batch, lossName) => {
    const spec = specs[name as keyof typeof specs];
    const classes = 3;
    // batch norm in training over a single row is constant in x, so use ≥ 2 rows there
    const rows = spec.batch_norm && batch === 1 ? 2 : batch;
    const x = randn(rows, 5, `model-x/${name}/${batch}`, 1.5);
    const y = labelsFor(rows, classes, `model-y/${batch}`);
    for (const training of [true, false]) {
      const model = buildModel(spec, 5, classes, new Rng(`${name}/${batch}`), 'float64');
      if (!training) for (let i = 0; i < 3; i++) model.forward(randn(8, 5, `warm/${i}`, 2), true); // non-trivial running stats
      const errs = checkModel(model, makeLoss(lossName), x, y, { training, l2: 0.01 });
      expect(Object.keys(errs)).toEqual(['input', ...model.params().map((p) => p.name)]);
      expect(maxError(errs)).toBeLessThan(1e-6);
    }
  });

  it('binary hinge and the mse losses through a model', () => {
    for (const [lossName, classes] of [['hinge', 2], ['mse', 4], ['sigmoid_mse', 4]] as const) {
      const loss = makeLoss(lossName);
      const model = buildModel(modelSpec({ batch_norm: true, dropout: 0.2 }), 5, loss.outputWidth(classes), new Rng(lossName), 'float64');
      const x = randn(4, 5, `bin/${lossName}`, 1.5), y = labelsFor(4, classes, `bin-y/${lossName}`);
      expect(maxError(checkModel(model, loss, x, y, { training: true }))).toBeLessThan(1e-6);
    }
  });
});
