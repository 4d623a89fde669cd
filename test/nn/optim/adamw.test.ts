import { describe, expect, it } from 'vitest';
import { Adam } from '../../../src/nn/optim/adam.js';
import { AdamW } from '../../../src/nn/optim/adamw.js';
import { ADAM_B, drive, expectTrajectory } from './fixtures.js';

// η = 0.01, λ = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (Loshchilov & Hutter, Algorithm 2 with η_t·λ = η·λ).
// a[0] step 1: Adam moves 1 → 0.9900000002; decay subtracts η·λ·θ = 0.01·0.1·1 = 0.001 → 0.9890000002.
// a[1] step 1: −2 → −1.9900000001, decay adds 0.002 → −1.9880000001.
const ADAMW_A = [
  [0.9890000002, -1.9880000001],
  [0.9799805906382653, -1.9817335142428225],
  [0.9755570725927106, -1.9789511903333155],
];

describe('AdamW (Loshchilov & Hutter 2019)', () => {
  it('decays decay:true params by η·λ·θ on top of the Adam step (golden, three steps)', () => {
    const opt = new AdamW({ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.1 });
    expect(opt.name).toBe('adamw');
    const { a, b } = drive(opt);
    expectTrajectory(a, ADAMW_A);
    // b has decay: false, so it follows plain Adam exactly.
    expectTrajectory(b, ADAM_B);
  });

  it('with weight_decay 0 is Adam', () => {
    const w = drive(new AdamW({ lr: 0.01, weight_decay: 0 }));
    const plain = drive(new Adam({ lr: 0.01 }));
    expect(w).toEqual(plain);
  });

  it('keeps float32 params within float32 rounding of the float64 trajectory', () => {
    const { a, b } = drive(new AdamW({ lr: 0.01, weight_decay: 0.1 }), 'float32');
    expectTrajectory(a, ADAMW_A, 6);
    expectTrajectory(b, ADAM_B, 6);
  });
});
