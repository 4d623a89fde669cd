import { describe, expect, it } from 'vitest';
import { Adam } from '../../../src/nn/optim/adam.js';
import { Matrix } from '../../../src/tensor/matrix.js';
import { makeParam } from '../../../src/nn/param.js';
import { ADAM_B, drive, expectTrajectory } from './fixtures.js';

// η = 0.01, β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (Kingma & Ba, Algorithm 1).
// b, steps 1–2 (g = 2 twice): bias correction makes m̂ = 2 and v̂ = 4 exactly, so each
//   step is 0.01·2/(2 + 1e-8): 0.5 → 0.49000000005 → 0.4800000001.
// b, step 3 (g = −1): m = 0.9·0.38 − 0.1 = 0.242, m̂ = 0.242/(1 − 0.9³) = 0.89298893;
//   v = 0.999·0.007996 + 0.001 = 0.008988004, v̂ = v/(1 − 0.999³) = 2.99899366;
//   θ += 0.01·0.89298893/1.73175 → 0.47484347.
// Without bias correction step 1 would move b by 0.01·0.2/√0.004 ≈ 0.0316 instead of 0.01.
const ADAM_A = [
  [0.9900000002, -1.9900000001],
  [0.9819695906384652, -1.9857215142429225],
  [0.9785260531835489, -1.9849209238476584],
];

describe('Adam (Kingma & Ba 2015)', () => {
  it('matches the golden trajectory for three steps, with bias correction', () => {
    const { a, b } = drive(new Adam({ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 }));
    expectTrajectory(a, ADAM_A);
    expectTrajectory(b, ADAM_B);
  });

  it('counts steps per param: a param first stepped late gets a first-step bias correction', () => {
    const opt = new Adam({ lr: 0.01 });
    const early = makeParam('early', Matrix.fromRows([[0]], 'float64'), true);
    const late = makeParam('late', Matrix.fromRows([[1]], 'float64'), true);
    early.grad.data[0] = 1;
    opt.step([early]);
    opt.step([early]);
    late.grad.data[0] = -3;
    opt.step([early, late]);
    // First step for `late`: m̂ = −3, v̂ = 9, so θ = 1 + 0.01·3/(3 + 1e-8); a global t = 3 would give ≈ 1.0037.
    expect(late.value.data[0]).toBeCloseTo(1 + 0.03 / (3 + 1e-8), 14);
    // `early` saw g = 1 three times: every step is 0.01/(1 + 1e-8).
    expect(early.value.data[0]).toBeCloseTo(-0.03 / (1 + 1e-8), 14);
  });

  it('keeps float32 params within float32 rounding of the float64 trajectory', () => {
    const { a, b } = drive(new Adam({ lr: 0.01 }), 'float32');
    expectTrajectory(a, ADAM_A, 6);
    expectTrajectory(b, ADAM_B, 6);
  });
});
