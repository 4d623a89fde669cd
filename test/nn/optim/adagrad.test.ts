import { describe, it } from 'vitest';
import { Adagrad } from '../../../src/nn/optim/adagrad.js';
import { drive, expectTrajectory } from './fixtures.js';

// η = 0.1, ε = 1e-10.
// b step 1: G = 4, θ = 0.5 − 0.1·2/(2 + 1e-10) = 0.400000000005
// b step 2: G = 8, θ −= 0.2/√8 = 0.0707106781 → 0.32928932...
// b step 3: G = 9, θ += 0.1/3 → 0.36262265...
const ADA_A = [
  [0.90000000002, -1.90000000001],
  [0.8803883865100278, -1.9287347885638821],
  [0.9169032236703722, -1.9645118762006788],
];
const ADA_B = [[0.400000000005], [0.3292893218888453], [0.3626226552210675]];

describe('Adagrad (Duchi et al. 2011)', () => {
  it('matches the golden trajectory for three steps', () => {
    const { a, b } = drive(new Adagrad({ lr: 0.1, eps: 1e-10 }));
    expectTrajectory(a, ADA_A);
    expectTrajectory(b, ADA_B);
  });

  it('keeps float32 params within float32 rounding of the float64 trajectory', () => {
    const { a, b } = drive(new Adagrad({ lr: 0.1, eps: 1e-10 }), 'float32');
    expectTrajectory(a, ADA_A, 6);
    expectTrajectory(b, ADA_B, 6);
  });
});
