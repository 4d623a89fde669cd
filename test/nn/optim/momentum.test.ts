import { describe, expect, it } from 'vitest';
import { Momentum, Nesterov } from '../../../src/nn/optim/momentum.js';
import { drive, expectTrajectory } from './fixtures.js';

// Expected values come from Sutskever et al.'s form (v ← μv − ηg, θ ← θ + v; for
// Nesterov the params held are the look-ahead point θ + μv), which equals the
// PyTorch form the class implements when η is constant. η = 0.1, μ = 0.9.
const CLASSICAL_A = [[0.95, -1.9], [0.895, -1.84], [0.8655, -1.826]];
const CLASSICAL_B = [[0.3], [-0.08], [-0.322]];
const NESTEROV_A = [[0.905, -1.81], [0.8455, -1.786], [0.83895, -1.8134]];
const NESTEROV_B = [[0.12], [-0.422], [-0.5398]];

describe('Momentum (classical, Polyak)', () => {
  it('matches the golden trajectory for three steps', () => {
    // a[0]: v = 0.5, θ = 1 − 0.05 = 0.95; v = 0.9·0.5 + 0.1 = 0.55, θ = 0.95 − 0.055 = 0.895;
    //       v = 0.9·0.55 − 0.2 = 0.295, θ = 0.895 − 0.0295 = 0.8655
    const { a, b } = drive(new Momentum({ lr: 0.1, momentum: 0.9 }));
    expectTrajectory(a, CLASSICAL_A);
    expectTrajectory(b, CLASSICAL_B);
  });

  it('with μ = 0 is plain SGD', () => {
    const { a } = drive(new Momentum({ lr: 0.1, momentum: 0 }));
    expectTrajectory(a, [[0.95, -1.9], [0.94, -1.93], [0.96, -1.97]]);
  });

  it('keeps float32 params within float32 rounding of the float64 trajectory', () => {
    const { a, b } = drive(new Momentum({ lr: 0.1, momentum: 0.9 }), 'float32');
    expectTrajectory(a, CLASSICAL_A, 6);
    expectTrajectory(b, CLASSICAL_B, 6);
  });
});

describe('Nesterov (Sutskever et al. 2013, PyTorch form)', () => {
  it('matches the golden trajectory for three steps', () => {
    // a[0]: v = 0.5, θ = 1 − 0.1·(0.5 + 0.9·0.5) = 0.905;
    //       v = 0.55, θ = 0.905 − 0.1·(0.1 + 0.495) = 0.8455
    const opt = new Nesterov({ lr: 0.1, momentum: 0.9 });
    expect(opt.name).toBe('nesterov');
    const { a, b } = drive(opt);
    expectTrajectory(a, NESTEROV_A);
    expectTrajectory(b, NESTEROV_B);
  });

  it('differs from classical momentum from the first step on', () => {
    const classical = drive(new Momentum({ lr: 0.1, momentum: 0.9 }));
    const nesterov = drive(new Momentum({ lr: 0.1, momentum: 0.9, nesterov: true }));
    for (let s = 0; s < 3; s++) expect(nesterov.a[s]![0]).not.toBeCloseTo(classical.a[s]![0]!, 3);
    expectTrajectory(nesterov.a, NESTEROV_A);
  });
});
