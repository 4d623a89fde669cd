import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { RegressionMeter } from '../../src/train/metrics.js';

describe('RegressionMeter', () => {
  it('gives rmse, mae and r2 in the targets own units, in batches or at once', () => {
    const y = [[3, 10], [-0.5, 20], [2, 30], [7, 60]];
    const yh = [[2.5, 12], [0, 18], [2, 33], [8, 55]];
    const scale = { shift: [1, 30], mult: [0.5, 0.1] }; // stored = (raw − shift)·mult
    const enc = (rows: number[][]) => Matrix.fromRows(rows.map((r) => r.map((v, j) => (v - scale.shift[j]!) * scale.mult[j]!)), 'float64');
    const whole = new RegressionMeter(scale);
    whole.add(enc(yh), enc(y));
    const parts = new RegressionMeter(scale);
    parts.add(enc(yh.slice(0, 1)), enc(y.slice(0, 1)));
    parts.add(enc(yh.slice(1)), enc(y.slice(1)));
    // By hand (scikit-learn's definitions): errors col 0: 0.5, −0.5, 0, −1; col 1: −2, 2, −3, 5.
    const se = [0.25 + 0.25 + 0 + 1, 4 + 4 + 9 + 25];
    const mean0 = (3 - 0.5 + 2 + 7) / 4, mean1 = 30;
    const ss0 = y.reduce((s, r) => s + (r[0]! - mean0) ** 2, 0), ss1 = y.reduce((s, r) => s + (r[1]! - mean1) ** 2, 0);
    const want = { rmse: Math.sqrt((se[0]! + se[1]!) / 8), mae: (0.5 + 0.5 + 0 + 1 + 2 + 2 + 3 + 5) / 8, r2: (1 - se[0]! / ss0 + 1 - se[1]! / ss1) / 2 };
    for (const m of [whole, parts]) {
      const r = m.result();
      expect(r.rmse).toBeCloseTo(want.rmse, 12);
      expect(r.mae).toBeCloseTo(want.mae, 12);
      expect(r.r2).toBeCloseTo(want.r2, 12);
    }
  });

  it('a constant target column scores r2 1 when predicted exactly, 0 otherwise (scikit-learn, force_finite)', () => {
    const scale = { shift: [0, 0], mult: [1, 1] };
    const m = new RegressionMeter(scale);
    m.add(Matrix.fromRows([[5, 1], [5, 2.5]], 'float64'), Matrix.fromRows([[5, 1], [5, 3]], 'float64'));
    // Column 0 constant and exact: 1. Column 1: se 0.25, ss 2 → 0.875. Mean 0.9375.
    expect(m.result().r2).toBeCloseTo((1 + 0.875) / 2, 12);
    const off = new RegressionMeter({ shift: [0], mult: [1] });
    off.add(Matrix.fromRows([[4], [6]], 'float64'), Matrix.fromRows([[5], [5]], 'float64'));
    expect(off.result().r2).toBe(0);
  });

  it('is NaN with no rows', () => {
    expect(new RegressionMeter({ shift: [0], mult: [1] }).result()).toEqual({ rmse: NaN, mae: NaN, r2: NaN });
  });
});
