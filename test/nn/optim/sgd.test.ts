import { describe, expect, it } from 'vitest';
import { SGD } from '../../../src/nn/optim/sgd.js';
import { Matrix } from '../../../src/tensor/matrix.js';
import { makeParam } from '../../../src/nn/param.js';
import { drive, expectTrajectory } from './fixtures.js';

describe('SGD', () => {
  it('follows θ ← θ − η·g for three steps (golden, η = 0.1)', () => {
    const { a, b } = drive(new SGD({ lr: 0.1 }));
    // a: 1 − 0.1·0.5 = 0.95, −2 − 0.1·(−1) = −1.9; then −0.1·[0.1, 0.3], −0.1·[−0.2, 0.4]
    expectTrajectory(a, [[0.95, -1.9], [0.94, -1.93], [0.96, -1.97]]);
    // b: 0.5 − 0.2 = 0.3, 0.3 − 0.2 = 0.1, 0.1 + 0.1 = 0.2
    expectTrajectory(b, [[0.3], [0.1], [0.2]]);
  });

  it('uses the lr current at each step (the trainer changes it per epoch)', () => {
    const opt = new SGD({ lr: 0.1 });
    const p = makeParam('p', Matrix.fromRows([[1]], 'float64'), true);
    p.grad.data[0] = 0.25;
    opt.step([p]);
    expect(p.value.data[0]).toBeCloseTo(0.975, 15);
    opt.lr = 1;
    opt.step([p]);
    expect(p.value.data[0]).toBeCloseTo(0.725, 15);
  });

  it('updates float32 params in place to float32 precision', () => {
    const { a, b } = drive(new SGD({ lr: 0.1 }), 'float32');
    expectTrajectory(a, [[0.95, -1.9], [0.94, -1.93], [0.96, -1.97]], 6);
    expectTrajectory(b, [[0.3], [0.1], [0.2]], 6);
  });
});
