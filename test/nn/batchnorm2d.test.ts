import { describe, expect, it } from 'vitest';
import { BatchNorm2D } from '../../src/nn/batchnorm2d.js';
import { checkLayer, maxError } from '../../src/nn/gradcheck.js';
import { mean, randn, std } from './helpers.js';

describe('BatchNorm2D', () => {
  it('normalizes each channel over the batch and every position', () => {
    const s = { c: 3, h: 4, w: 5 };
    const bn = new BatchNorm2D(s, { dtype: 'float64', name: 'bn1' });
    const x = randn(6, 60, 'bn2d-x', 3);
    for (let k = 0; k < x.data.length; k++) if (k % 3 === 1) x.data[k]! += 7; // channel 1 offset
    const y = bn.forward(x, true);
    for (let c = 0; c < 3; c++) {
      const vals = Array.from(y.data).filter((_, k) => k % 3 === c);
      expect(vals.length).toBe(6 * 20);
      expect(Math.abs(mean(vals))).toBeLessThan(1e-12);
      expect(std(vals)).toBeCloseTo(1, 4);
    }
    expect(bn.params().map((p) => p.name)).toEqual(['bn1.gamma', 'bn1.beta']);
    expect(Object.keys(bn.buffers())).toEqual(['bn1.running_mean', 'bn1.running_var']);
    expect(bn.bn.runningMean.data[1]).toBeCloseTo(0.1 * mean(Array.from(x.data).filter((_, k) => k % 3 === 1)), 12);
  });

  it.each([true, false])('passes the float64 gradient check (training=%s)', (training) => {
    const bn = new BatchNorm2D({ c: 2, h: 3, w: 3 }, { dtype: 'float64' });
    bn.bn.gamma.value.data.set([1.5, -0.7]);
    bn.bn.beta.value.data.set([0.2, 0.1]);
    const x = randn(3, 18, 'bn2d-gc');
    expect(maxError(checkLayer(bn, x, { training }))).toBeLessThan(1e-6);
  });
});
