/**
 * What the trainer optimizes and measures, by kind of data: class labels
 * (a classification loss, accuracy) or real-valued targets (a regression
 * loss, and rmse / mae / r2 in the targets' own units). The trainer talks to
 * this one interface, so the training loop is the same for both.
 */
import type { Dataset, Split } from '../data/dataset.js';
import type { Loss } from '../nn/layer.js';
import type { Sequential } from '../nn/sequential.js';
import { makeLoss } from '../nn/losses.js';
import { makeRegressionLoss, type RegressionLoss } from '../nn/losses/regression.js';
import type { Matrix } from '../tensor/matrix.js';
import { REGRESSION_METRICS, RegressionMeter } from './metrics.js';
import type { Batch } from './batcher.js';

export interface Measured {
  loss: number;
  /** Fraction correct; NaN for regression. */
  accuracy: number;
  /** Regression: rmse, mae, r2 of the split; empty for classification. */
  metrics: Record<string, number>;
}

export interface Task {
  /** Output width of the network. */
  readonly outputs: number;
  readonly regression: boolean;
  /** Mean loss of a training batch (its gradient is then in backward()). */
  forward(out: Matrix, batch: Batch): number;
  backward(): Matrix;
  evaluate(model: Sequential, split: Split, batchSize: number): Measured;
}

/** The metric names a regression run records for a split prefix ("val" → val_rmse, val_mae, val_r2). */
export function regressionColumns(prefix: string): string[] {
  return REGRESSION_METRICS.map((m) => `${prefix}_${m}`);
}

export function makeTask(lossName: string, data: Dataset): Task {
  if (data.targets === undefined) {
    const loss: Loss = makeLoss(lossName);
    return {
      outputs: loss.outputWidth(data.classes),
      regression: false,
      forward: (out, batch) => loss.forward(out, batch.y),
      backward: () => loss.backward(),
      evaluate: (model, split, batchSize) => {
        if (split.x.rows === 0) return { loss: NaN, accuracy: NaN, metrics: {} };
        return { ...model.evaluate(split.x, split.y, loss, batchSize), metrics: {} };
      },
    };
  }
  const loss: RegressionLoss = makeRegressionLoss(lossName);
  const scale = data.targetScale!;
  return {
    outputs: data.targets.length,
    regression: true,
    forward: (out, batch) => loss.forward(out, batch.t!),
    backward: () => loss.backward(),
    evaluate: (model, split, batchSize) => {
      const meter = new RegressionMeter(scale);
      if (split.x.rows === 0) return { loss: NaN, accuracy: NaN, metrics: { ...meter.result() } };
      let total = 0;
      for (let start = 0; start < split.x.rows; start += batchSize) {
        const end = Math.min(start + batchSize, split.x.rows);
        const out = model.forward(split.x.sliceRows(start, end), false);
        const t = split.t!.sliceRows(start, end);
        total += loss.forward(out, t) * (end - start);
        meter.add(out, t);
      }
      return { loss: total / split.x.rows, accuracy: NaN, metrics: { ...meter.result() } };
    },
  };
}
