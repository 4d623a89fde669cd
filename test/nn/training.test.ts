/**
 * End to end: the building blocks train a network by hand (plain SGD written
 * here, so this tests only src/nn) on two concentric rings that no linear
 * model separates.
 */
import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { buildModel } from '../../src/nn/build.js';
import { makeLoss } from '../../src/nn/losses.js';
import { zeroGrads } from '../../src/nn/param.js';
import { addL2Grad } from '../../src/nn/regularization.js';
import { modelSpec } from './fixtures.js';

function rings(n: number, seed: string): { x: Matrix; y: Int32Array } {
  const rng = new Rng(seed);
  const x = Matrix.zeros(n, 2), y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    const r = (y[i] ? 2 : 1) + rng.normal(0, 0.15), t = rng.uniformRange(0, 2 * Math.PI);
    x.set(i, 0, r * Math.cos(t));
    x.set(i, 1, r * Math.sin(t));
  }
  return { x, y };
}

describe('training by hand with the nn blocks', () => {
  it.each([
    ['softmax_cross_entropy', modelSpec({ hidden: [16], activation: 'tanh' })],
    ['multiclass_hinge', modelSpec({ hidden: [16], activation: 'relu', batch_norm: true, init: { weights: 'he_normal', biases: 'zeros' } })],
    ['hinge', modelSpec({ hidden: [16, 8], activation: 'leaky_relu', dropout: 0.1 })],
  ] as const)('%s separates two rings', (lossName, spec) => {
    const train = rings(256, 'train'), test = rings(256, 'test');
    const loss = makeLoss(lossName);
    const model = buildModel(spec, 2, loss.outputWidth(2), new Rng(lossName));
    const params = model.params();
    const before = model.evaluate(test.x, test.y, loss);
    const lr = 0.1, batch = 32;
    for (let epoch = 0; epoch < 60; epoch++) {
      for (let s = 0; s < 256; s += batch) {
        zeroGrads(params);
        loss.forward(model.forward(train.x.sliceRows(s, s + batch), true), train.y.subarray(s, s + batch));
        model.backward(loss.backward(), false);
        addL2Grad(params, 1e-4);
        for (const p of params) for (let k = 0; k < p.value.data.length; k++) p.value.data[k]! -= lr * p.grad.data[k]!;
      }
    }
    const after = model.evaluate(test.x, test.y, loss);
    expect(after.loss).toBeLessThan(before.loss / 2);
    expect(after.accuracy).toBeGreaterThan(0.95);
  });
});
