import { describe, it } from 'vitest';
import { RMSprop } from '../../../src/nn/optim/rmsprop.js';
import { drive, expectTrajectory } from './fixtures.js';

// η = 0.01, ρ = 0.9, ε = 1e-8.
// b step 1: s = 0.1·2² = 0.4, θ = 0.5 − 0.01·2/(√0.4 + 1e-8) = 0.5 − 0.0316227766 = 0.46837722...
// b step 2: s = 0.9·0.4 + 0.4 = 0.76, θ −= 0.02/√0.76 = 0.0229415733 → 0.44543565...
const RMS_A = [
  [0.968377225398316, -1.9683772243983162],
  [0.9618539450933136, -1.9779118499877417],
  [0.9744652775204736, -1.9902502435766645],
];
const RMS_B = [[0.4683772238983162], [0.44543565077441793], [0.4567294994331826]];

describe('RMSprop (Tieleman & Hinton 2012)', () => {
  it('matches the golden trajectory for three steps', () => {
    const { a, b } = drive(new RMSprop({ lr: 0.01, rho: 0.9, eps: 1e-8 }));
    expectTrajectory(a, RMS_A);
    expectTrajectory(b, RMS_B);
  });

  it('keeps float32 params within float32 rounding of the float64 trajectory', () => {
    const { a, b } = drive(new RMSprop({ lr: 0.01, rho: 0.9, eps: 1e-8 }), 'float32');
    expectTrajectory(a, RMS_A, 6);
    expectTrajectory(b, RMS_B, 6);
  });
});
