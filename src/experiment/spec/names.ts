/**
 * The names a spec may use, taken from the registries that build them, so a
 * new activation or optimizer is accepted by the spec the moment it exists.
 */
import { DATASET_NAMES as DATASETS, datasetShape } from '../../data/load.js';
import { activationNames } from '../../nn/activations.js';
import { lossNames, makeLoss } from '../../nn/losses.js';
import { initNames, validateInit } from '../../nn/init.js';
import { OPTIMIZER_HYPERPARAMS, OPTIMIZER_NAMES, validateOptimizer } from '../../nn/optim/index.js';
import { SCHEDULE_NAMES, validateSchedule } from '../../nn/optim/schedule.js';

export const ACTIVATION_NAMES: readonly string[] = activationNames();
export const INIT_NAMES: readonly string[] = initNames();
export const OPTIMIZER_NAME_LIST: readonly string[] = OPTIMIZER_NAMES;
export const SCHEDULE_NAME_LIST: readonly string[] = SCHEDULE_NAMES;
export const LOSS_NAMES: readonly string[] = lossNames();
export const DATASET_NAMES: readonly string[] = DATASETS;

/** Metrics a report can tabulate: the numeric columns of runs.csv that describe a run's outcome. */
export const METRICS = ['val_accuracy', 'test_accuracy', 'train_accuracy', 'val_loss', 'train_loss', 'best_val_accuracy'] as const;

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

/** The output width `loss` needs for `classes` classes, or the reason it cannot handle them. */
export function lossOutputWidth(loss: string, classes: number): number | string {
  try {
    return makeLoss(loss).outputWidth(classes);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
