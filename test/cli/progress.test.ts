import { describe, expect, it } from 'vitest';
import { finishedLine } from '../../src/cli/progress.js';
import { failedResult } from '../../src/experiment/schedule/protocol.js';
import type { RunPlan } from '../../src/experiment/spec/spec.js';

const plan = { id: 'a1b2c3d4e5f6' } as RunPlan;

describe('finishedLine', () => {
  it('prints a run under a second in milliseconds, a longer one in seconds', () => {
    const quick = { ...failedResult(''), status: 'completed' as const, val_accuracy: 0.91094, seconds: 0.0847 };
    expect(finishedLine(3, 8, plan, quick)).toBe('[3/8] a1b2c3d4e5f6 completed val_acc=0.9109 85ms');
    expect(finishedLine(8, 8, plan, { ...quick, seconds: 12.34 })).toBe('[8/8] a1b2c3d4e5f6 completed val_acc=0.9109 12.3s');
    expect(finishedLine(1, 8, plan, { ...quick, seconds: 0.9996 })).toBe('[1/8] a1b2c3d4e5f6 completed val_acc=0.9109 1.0s');
  });

  it('adds the error of a failed run on the same line', () => {
    expect(finishedLine(2, 4, plan, failedResult('worker crashed:\n  out of memory', 1.5)))
      .toBe('[2/4] a1b2c3d4e5f6 failed 1.5s error: worker crashed: out of memory');
  });
});
