/**
 * The untrained level: what a network scores before its first update (epoch 0
 * of epochs.csv). It is the chance level measured rather than assumed (1/classes
 * is only right for balanced classes), and it is what a diverged or failed seed
 * counts as: such a run is no better than a network that never trained.
 */
import type { EpochRow, RunRow } from './model.js';
import { summarize } from './stats/index.js';

/**
 * runs.csv metric → the epochs.csv column that measures it at epoch 0. Test accuracy is
 * not logged per epoch; an untrained net's validation accuracy is the same chance level.
 * Regression alike: an untrained net's test r2/rmse/mae is measured by its validation ones
 * (its R² near or below 0: no better than predicting the mean, or worse).
 */
const EPOCH_COLUMN: Record<string, string> = {
  val_accuracy: 'val_accuracy', best_val_accuracy: 'val_accuracy', test_accuracy: 'val_accuracy',
  train_accuracy: 'train_accuracy', val_loss: 'val_loss', train_loss: 'train_loss',
  val_r2: 'val_r2', test_r2: 'val_r2', train_r2: 'train_r2',
  val_rmse: 'val_rmse', test_rmse: 'val_rmse', train_rmse: 'train_rmse',
  val_mae: 'val_mae', test_mae: 'val_mae', train_mae: 'train_mae',
};

/** A run's own epoch-0 value of the column measuring metric; null when it has none. */
export function runEpochZero(run: RunRow, epochs: Map<string, EpochRow[]>, metric: string): number | null {
  const col = EPOCH_COLUMN[metric];
  if (col === undefined) return null;
  const v = epochs.get(run.run_id)?.find((e) => e.epoch === 0)?.[col];
  return v != null && Number.isFinite(v) ? v : null;
}

/** The metric before any training: mean and spread over runs of its epoch-0 value. */
export interface Level {
  value: number;
  /** Sample std of the epoch-0 values (0 with one run): how much untrained nets differ on their own. */
  spread: number;
}

export function untrainedLevel(runs: readonly RunRow[], epochs: Map<string, EpochRow[]>, metric: string): Level | null {
  const xs = runs.map((r) => runEpochZero(r, epochs, metric)).filter((v): v is number => v !== null);
  const s = summarize(xs);
  return s ? { value: s.mean, spread: s.std ?? 0 } : null;
}

/** A cell is near the untrained level when its gain over it is under this share of the best cell's gain... */
export const NEAR_FRACTION = 0.1;
/** ...or under this many epoch-0 standard deviations (a difference untrained nets show among themselves). */
export const NEAR_SPREADS = 2;

/** Whether a mean is near the untrained level, given the best mean of its table (sign: +1 when higher is better). */
export function nearUntrained(mean: number, bestMean: number, level: Level | null, sign: number): boolean {
  if (level === null) return false;
  const gain = (m: number) => sign * (m - level.value);
  return gain(mean) <= Math.max(NEAR_FRACTION * gain(bestMean), NEAR_SPREADS * level.spread);
}
