/**
 * Regression metrics in the targets' own units: predictions and targets are
 * mapped back through the target scaling (raw = stored/mult + shift) first.
 * Over all rows i and target columns j (n = rows):
 *   rmse = √( Σ (y − ŷ)² / (n·k) ),   mae = Σ |y − ŷ| / (n·k),
 *   r2   = mean over j of 1 − Σ_i (y_ij − ŷ_ij)² / Σ_i (y_ij − ȳ_j)²
 * (scikit-learn's r2_score with uniform averaging; ȳ is the split's own mean). A constant target
 * column has no variance to explain: its r2 is 1 when predicted exactly and 0 otherwise, as
 * scikit-learn's force_finite default gives, not NaN (which would read as a diverged run).
 * Accumulated in float64.
 */
import type { Matrix } from '../tensor/matrix.js';
import type { TargetScale } from '../data/dataset.js';

export const REGRESSION_METRICS = ['rmse', 'mae', 'r2'] as const;
export type RegressionMetric = (typeof REGRESSION_METRICS)[number];

/** Streams batches of (prediction, target) rows and reports the metrics at the end. */
export class RegressionMeter {
  private readonly k: number;
  private n = 0;
  private se: Float64Array;
  private ae = 0;
  /** Welford's running mean and sum of squared deviations of y, per column (no cancellation). */
  private mean: Float64Array;
  private m2: Float64Array;

  constructor(private readonly scale: TargetScale) {
    this.k = scale.shift.length;
    this.se = new Float64Array(this.k);
    this.mean = new Float64Array(this.k);
    this.m2 = new Float64Array(this.k);
  }

  add(pred: Matrix, target: Matrix): void {
    const k = this.k, P = pred.data, T = target.data, { shift, mult } = this.scale;
    for (let i = 0; i < pred.rows; i++) {
      const count = ++this.n;
      for (let j = 0; j < k; j++) {
        const y = T[i * k + j]! / mult[j]! + shift[j]!, yh = P[i * k + j]! / mult[j]! + shift[j]!, d = y - yh;
        this.se[j]! += d * d;
        this.ae += Math.abs(d);
        const dm = y - this.mean[j]!;
        this.mean[j]! += dm / count;
        this.m2[j]! += dm * (y - this.mean[j]!);
      }
    }
  }

  result(): Record<RegressionMetric, number> {
    const n = this.n, k = this.k;
    if (n === 0) return { rmse: NaN, mae: NaN, r2: NaN };
    let se = 0, r2 = 0;
    for (let j = 0; j < k; j++) {
      se += this.se[j]!;
      const ss = this.m2[j]!;
      r2 += ss > 0 ? 1 - this.se[j]! / ss : this.se[j] === 0 ? 1 : 0;
    }
    return { rmse: Math.sqrt(se / (n * k)), mae: this.ae / (n * k), r2: r2 / k };
  }
}
