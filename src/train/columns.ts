/**
 * The column names of the two results tables. Kept apart from the CSV code in
 * results.ts so a training worker (which names its diagnostic columns) does not
 * load the CSV library.
 */
/** runs.csv: identity columns, then one column per swept key (dotted name), then these. */
export const RUN_RESULT_COLUMNS = [
  'seed', 'status', 'epochs', 'diverged_epoch',
  'train_loss', 'train_accuracy', 'val_loss', 'val_accuracy',
  'best_val_accuracy', 'test_accuracy', 'seconds', 'error',
] as const;

/** Regression experiments' extra runs.csv columns: each split's rmse, mae and r2 in the targets' units. */
export const REGRESSION_RUN_COLUMNS = ['train', 'val', 'test'].flatMap((s) => ['rmse', 'mae', 'r2'].map((m) => `${s}_${m}`));
/** ... and epochs.csv columns (train and validation after each epoch). */
export const REGRESSION_EPOCH_COLUMNS = REGRESSION_RUN_COLUMNS.filter((c) => !c.startsWith('test_'));

export function runColumns(sweepKeys: readonly string[], regression = false): string[] {
  return ['run_id', 'variant', ...sweepKeys, ...RUN_RESULT_COLUMNS, ...(regression ? REGRESSION_RUN_COLUMNS : [])];
}

export const EPOCH_BASE_COLUMNS = [
  'run_id', 'epoch', 'train_loss', 'train_accuracy', 'val_loss', 'val_accuracy', 'seconds', 'lr',
] as const;

/** The per-layer diagnostic statistics, one column each per Dense layer L1..Ln. */
export const LAYER_STATS = ['act_mean', 'act_std', 'grad_norm', 'weight_norm'] as const;

export function diagnosticColumn(layer: number, stat: (typeof LAYER_STATS)[number]): string {
  return `L${layer}_${stat}`;
}

/** epochs.csv columns for a sweep whose deepest network has maxDense Dense layers. */
export function epochColumns(maxDense: number, regression = false): string[] {
  const cols: string[] = [...EPOCH_BASE_COLUMNS, ...(regression ? REGRESSION_EPOCH_COLUMNS : [])];
  for (let l = 1; l <= maxDense; l++) for (const s of LAYER_STATS) cols.push(diagnosticColumn(l, s));
  return cols;
}
