import { describe, expect, it } from 'vitest';
import { makeSchedule, SCHEDULES, validateSchedule } from '../../../src/nn/optim/schedule.js';
import type { ScheduleSpec } from '../../../src/nn/spec.js';

const BASE: ScheduleSpec = { name: 'constant', step_size: 10, gamma: 0.5, min_lr: 0 };
const spec = (over: Partial<ScheduleSpec>): ScheduleSpec => ({ ...BASE, ...over });

describe('schedules', () => {
  it('registers constant, step and cosine', () => {
    expect(Object.keys(SCHEDULES)).toEqual(['constant', 'step', 'cosine']);
  });

  it('constant keeps the base lr every epoch', () => {
    const f = makeSchedule(spec({ name: 'constant' }), 0.05, 20);
    expect([0, 1, 19, 25].map(f)).toEqual([0.05, 0.05, 0.05, 0.05]);
  });

  it('step multiplies by gamma every step_size epochs (epoch is 0-based)', () => {
    const f = makeSchedule(spec({ name: 'step', step_size: 3, gamma: 0.1 }), 0.5, 10);
    // epochs 0–2: 0.5; 3–5: 0.05; 6–8: 0.005; 9: 0.0005
    const got = [0, 2, 3, 5, 6, 9].map(f);
    const want = [0.5, 0.5, 0.05, 0.05, 0.005, 0.0005];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 15));
    expect(makeSchedule(spec({ name: 'step', step_size: 1, gamma: 1 }), 0.2, 5)(4)).toBe(0.2);
  });

  it('cosine falls from lr to min_lr over the run: min_lr + ½(lr − min_lr)(1 + cos(π·e/E))', () => {
    const f = makeSchedule(spec({ name: 'cosine', min_lr: 0.001 }), 0.1, 4);
    // E = 4: e=0 → 0.1; e=1 → 0.001 + 0.0495·(1 + √2/2) = 0.0855018; e=2 → 0.0505 (midpoint);
    // e=3 → 0.001 + 0.0495·(1 − √2/2) = 0.0154982; e≥4 → 0.001 (held, no climb back)
    expect(f(0)).toBeCloseTo(0.1, 15);
    expect(f(1)).toBeCloseTo(0.0855017856687341, 15);
    expect(f(2)).toBeCloseTo(0.0505, 15);
    expect(f(3)).toBeCloseTo(0.0154982143312659, 15);
    expect(f(4)).toBe(0.001);
    expect(f(7)).toBe(0.001);
    // strictly decreasing over the run
    for (let e = 1; e < 4; e++) expect(f(e)).toBeLessThan(f(e - 1));
  });

  it('cosine with min_lr = lr is constant', () => {
    const f = makeSchedule(spec({ name: 'cosine', min_lr: 0.3 }), 0.3, 8);
    expect([0, 3, 7].map(f)).toEqual([0.3, 0.3, 0.3]);
  });
});

describe('invalid schedules', () => {
  const cases: [Partial<ScheduleSpec>, number, number, string][] = [
    [{ name: 'cosin' }, 0.1, 10, "schedule: unknown schedule 'cosin' (did you mean 'cosine'?); valid: constant, step, cosine"],
    [{ name: 'exponential' }, 0.1, 10, "schedule: unknown schedule 'exponential'; valid: constant, step, cosine"],
    [{ name: 'step', step_size: 0 }, 0.1, 10, 'step schedule: schedule.step_size must be an integer >= 1, got 0 (epochs between decays, e.g. 10)'],
    [{ name: 'step', step_size: 2.5 }, 0.1, 10, 'step schedule: schedule.step_size must be an integer >= 1, got 2.5 (epochs between decays, e.g. 10)'],
    [{ name: 'step', gamma: 0 }, 0.1, 10, 'step schedule: schedule.gamma must be in (0, 1], got 0 (the factor per decay, e.g. 0.5)'],
    [{ name: 'step', gamma: 1.5 }, 0.1, 10, 'step schedule: schedule.gamma must be in (0, 1], got 1.5 (the factor per decay, e.g. 0.5)'],
    [{ name: 'cosine', min_lr: -0.001 }, 0.1, 10, 'cosine schedule: schedule.min_lr must be a finite number >= 0, got -0.001 (e.g. 0)'],
    [{ name: 'cosine', min_lr: 0.2 }, 0.1, 10, 'cosine schedule: schedule.min_lr must be <= optimizer.lr, got min_lr 0.2 > lr 0.1 (lower min_lr or raise lr)'],
    [{ name: 'constant' }, 0, 10, 'constant schedule: optimizer.lr must be a finite number > 0, got 0 (try 0.01)'],
    [{ name: 'cosine' }, 0.1, 0, 'cosine schedule: train.epochs must be an integer >= 1, got 0 (e.g. 20)'],
  ];
  for (const [over, lr, epochs, message] of cases) {
    it(`${JSON.stringify(over)} lr=${lr} epochs=${epochs} → one-line error`, () => {
      expect(() => makeSchedule(spec(over), lr, epochs)).toThrow(message);
      expect(validateSchedule(spec(over), lr, epochs)).toBe(message);
    });
  }

  it('step parameters are only checked for the step schedule', () => {
    expect(validateSchedule(spec({ name: 'cosine', step_size: 0, gamma: 9 }), 0.1, 10)).toBeNull();
  });

  it('rejects a negative or fractional epoch index', () => {
    const f = makeSchedule(spec({ name: 'step' }), 0.1, 10);
    expect(() => f(-1)).toThrow('step schedule: epoch must be a 0-based integer index, got -1');
    expect(() => f(1.5)).toThrow('step schedule: epoch must be a 0-based integer index, got 1.5');
  });
});
