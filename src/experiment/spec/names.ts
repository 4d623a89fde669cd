/**
 * The names a spec may use, taken from the registries that build them, so a
 * new activation or optimizer is accepted by the spec the moment it exists.
 */
import { DATASET_NAMES as DATASETS, datasetShape } from '../../data/load.js';
import { activationNames } from '../../nn/activations.js';
import { lossNames, makeLoss } from '../../nn/losses.js';
import { isRegressionLoss, REGRESSION_LOSSES } from '../../nn/losses/regression.js';
import { initNames, validateInit } from '../../nn/init.js';
import { OPTIMIZER_HYPERPARAMS, OPTIMIZER_NAMES, validateOptimizer } from '../../nn/optim/index.js';
import { SCHEDULE_NAMES, validateSchedule } from '../../nn/optim/schedule.js';

export const ACTIVATION_NAMES: readonly string[] = activationNames();
export const INIT_NAMES: readonly string[] = initNames();
export const OPTIMIZER_NAME_LIST: readonly string[] = OPTIMIZER_NAMES;
export const SCHEDULE_NAME_LIST: readonly string[] = SCHEDULE_NAMES;
/** Classification losses, then the regression-only ones (mse serves both). */
export const LOSS_NAMES: readonly string[] = [...new Set<string>([...lossNames(), ...Object.keys(REGRESSION_LOSSES)])];
export const DATASET_NAMES: readonly string[] = DATASETS;

/** Metrics a report can tabulate: the numeric columns of runs.csv that describe a run's outcome. */
export const METRICS = [
  'val_accuracy', 'test_accuracy', 'train_accuracy', 'val_loss', 'train_loss', 'best_val_accuracy',
  'val_r2', 'test_r2', 'train_r2', 'val_rmse', 'test_rmse', 'train_rmse', 'val_mae', 'test_mae', 'train_mae',
] as const;

/** Charts the report module knows how to draw (coordinated by name). */
export const CHARTS = [
  'metric_vs_lr',
  'learning_curves',
  'generalization_gap',
  'loss_curves',
  'layer_diagnostics',
  'weight_norm_vs_l2',
  'search_metric',
  'parallel_coordinates',
  'budget_curve',
] as const;

export { datasetShape, validateInit, validateOptimizer, validateSchedule };

/** True when the optimizer named `name` reads the optimizer field `field` (sgd ignores momentum). */
export function optimizerReads(name: string, field: string): boolean {
  const fields = (OPTIMIZER_HYPERPARAMS as Record<string, readonly string[]>)[name];
  return field === 'name' || fields === undefined || fields.includes(field);
}

/** The optimizer fields `name` reads, for messages. */
export function optimizerFields(name: string): readonly string[] {
  return (OPTIMIZER_HYPERPARAMS as Record<string, readonly string[]>)[name] ?? [];
}

/**
 * The output width `loss` needs for `classes` classes, or the reason it cannot handle them.
 * With `targets` (a regression set) the width is the number of target columns.
 */
export function lossOutputWidth(loss: string, classes: number, targets?: number, dataset = 'the data'): number | string {
  if (targets !== undefined) {
    if (isRegressionLoss(loss)) return targets;
    return `loss ${loss} needs class labels, but ${dataset} is a regression set (real-valued targets); use ${Object.keys(REGRESSION_LOSSES).join(', ')}`;
  }
  if (isRegressionLoss(loss) && !lossNames().includes(loss as never)) {
    return `loss ${loss} is a regression loss, but ${dataset} has class labels; use ${lossNames().join(', ')} (or csv data with task: regression)`;
  }
  try {
    return makeLoss(loss).outputWidth(classes);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
