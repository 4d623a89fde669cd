/**
 * The public API used by hand, exactly as docs/api.md shows it: data, model,
 * loss, optimizer and schedule wired together in a plain loop, importing only
 * from src/index.ts. Two concentric circles are not linearly separable, so
 * reaching ≥ 0.98 test accuracy needs the hidden layer, backprop and the
 * optimizer all working together.
 */
import { describe, expect, it } from 'vitest';
import {
  Adam,
  circles,
  Dense,
  makeSchedule,
  Matrix,
  Rng,
  Sequential,
  SoftmaxCrossEntropy,
  Tanh,
  zeroGrads,
} from '../../src/index.js';

/** Rows `idx` of (x, y) as a new float32 matrix and label array. */
function gather(x: ArrayLike<number>, y: Int32Array, idx: ArrayLike<number>, features: number) {
  const bx = Matrix.zeros(idx.length, features);
  const by = new Int32Array(idx.length);
  for (let r = 0; r < idx.length; r++) {
    const i = idx[r]!;
    for (let f = 0; f < features; f++) bx.data[r * features + f] = x[i * features + f]!;
    by[r] = y[i]!;
  }
  return { x: bx, y: by };
}

function trainOnCircles() {
  const rng = new Rng(7);

  // 1200 points: class 0 on the unit circle, class 1 on radius 0.5, Gaussian noise σ = 0.08.
  const data = circles(1200, 0.08, 0.5, rng.fork('data'));
  const order = rng.fork('split').permutation(data.rows); // circles() groups rows by class
  const train = gather(data.x, data.y, order.subarray(0, 800), 2);
  const test = gather(data.x, data.y, order.subarray(800), 2);

  // 2 → 16 → 2 with tanh; distinct layer names keep the parameter names unique.
  const init = rng.fork('init');
  const model = new Sequential([
    new Dense(2, 16, { name: 'hidden', rng: init }),
    new Tanh(),
    new Dense(16, 2, { name: 'out', rng: init }),
  ]);
  const loss = new SoftmaxCrossEntropy();
  const params = model.params();
  const optimizer = new Adam({ lr: 0.02 });
  const epochs = 40;
  const schedule = makeSchedule({ name: 'cosine', step_size: 1, gamma: 1, min_lr: 0.001 }, optimizer.lr, epochs);

  const before = model.evaluate(test.x, test.y, loss);
  const shuffle = rng.fork('shuffle');
  const batchSize = 32;
  const trainLoss: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    optimizer.lr = schedule(epoch);
    const perm = shuffle.permutation(train.y.length);
    let sum = 0;
    for (let start = 0; start < perm.length; start += batchSize) {
      const batch = gather(train.x.data, train.y, perm.subarray(start, start + batchSize), 2);
      zeroGrads(params);
      const output = model.forward(batch.x, true);
      sum += loss.forward(output, batch.y) * batch.y.length;
      model.backward(loss.backward(), false);
      optimizer.step(params);
    }
    trainLoss.push(sum / perm.length);
  }
  const after = model.evaluate(test.x, test.y, loss);
  return { before, after, trainLoss };
}

describe('a hand-written training loop on the public API', () => {
  const { before, after, trainLoss } = trainOnCircles();

  it('separates two concentric circles: test accuracy ≥ 0.98', () => {
    expect(after.accuracy).toBeGreaterThanOrEqual(0.98);
    expect(after.loss).toBeLessThan(0.1);
  });

  it('got there by training: the untrained network is near chance and the loss fell', () => {
    expect(before.accuracy).toBeLessThan(0.75);
    expect(before.loss).toBeGreaterThan(0.5);
    expect(trainLoss[trainLoss.length - 1]!).toBeLessThan(trainLoss[0]! / 4);
  });

  it('is reproducible: the same seed gives the same numbers', () => {
    const again = trainOnCircles();
    expect(again.after).toEqual(after);
    expect(again.trainLoss).toEqual(trainLoss);
  });
});
