/** The report's view of a results folder: typed rows, before any aggregation. */
import type { ReportSpec } from '../experiment/spec/spec.js';
import type { ProtocolSpec } from '../experiment/spec/search.js';
import { defaultMetric, metricTask, taskMetrics, type Task } from '../experiment/spec/metrics.js';

export interface RunRow {
  run_id: string;
  /** '' when the spec has no variants. */
  variant: string;
  /** Dotted swept key → the value as written in runs.csv. */
  swept: Record<string, string>;
  seed: string;
  /** completed | failed_to_learn | diverged | failed (anything else is shown as written). */
  status: string;
  epochs: number | null;
  diverged_epoch: number | null;
  /** The numeric result columns of runs.csv (val_accuracy, train_loss, ...). */
  metrics: Record<string, number | null>;
  seconds: number | null;
  error: string;
}

/** One line of epochs.csv: every numeric column by name (epoch, val_accuracy, L1_act_std, ...). */
export type EpochRow = Record<string, number | null>;

/** What the report needs from spec.yaml, read tolerantly (any field may be missing). */
export interface SpecInfo {
  name: string | null;
  description: string | null;
  report: ReportSpec;
  /** Runs the spec plans (seeds × sweep × variants), or null when it cannot be told. */
  expectedRuns: number | null;
  /** Ids of the runs the spec as last run (with its overrides) plans; null when the spec does not validate. */
  plannedIds?: ReadonlySet<string> | null;
  /** Swept key → the spec's base value of it, as runs.csv writes values: what a single-axis study compares with. */
  baseValues?: Record<string, string>;
  /** The variant that changes nothing (the baseline), if the spec has one. */
  baseVariant?: string | null;
  /** The spec's base config (with its overrides), flattened to dotted keys. */
  baseConfig?: Record<string, string>;
  /** A search beyond the grid (random, halving, protocol); null or absent for a grid. */
  search?: SearchInfo | null;
}

export interface SearchInfo {
  /** Searched key → its distribution kind (loguniform draws get a log axis). */
  space: Record<string, string>;
  halving: boolean;
  protocol: ProtocolSpec | null;
  /** The validation metric trials are ranked and chosen by. */
  selection: string;
  trials: number;
  /** Halving's eta (1 without halving). */
  eta: number;
  /** Epoch budgets of the rungs (one entry, train.epochs, without halving). */
  budgets: number[];
  /** Searched key → the distribution as written, e.g. loguniform(0.001, 1). */
  written: Record<string, string>;
  seed: number;
}

export interface ResultsData {
  /** The experiment's name (the spec's, else the folder's). */
  name: string;
  /** Swept keys in runs.csv column order. */
  sweptKeys: string[];
  /** True when runs.csv has a non-empty variant column. */
  hasVariants: boolean;
  runs: RunRow[];
  /** run_id → epoch rows sorted by epoch. */
  epochs: Map<string, EpochRow[]>;
  /** The spec exactly as run (null if spec.yaml is missing). */
  specText: string | null;
  spec: SpecInfo;
  /** environment.json as parsed (null if missing or unreadable). */
  environment: Record<string, unknown> | null;
  warnings: string[];
}

/** Numeric result columns of runs.csv that the report aggregates. */
export const RUN_METRICS = [
  'val_accuracy', 'test_accuracy', 'train_accuracy', 'best_val_accuracy', 'val_loss', 'train_loss',
  // Regression runs (empty cells for classification): targets' units; rmse and mae are lower-is-better.
  'val_r2', 'test_r2', 'train_r2', 'val_rmse', 'test_rmse', 'train_rmse', 'val_mae', 'test_mae', 'train_mae',
] as const;

/** A classification report's settings; a regression report's metric is val_r2 (see resultsTasks). */
export const DEFAULT_REPORT: ReportSpec = {
  rows: null, columns: null, metric: 'val_accuracy', charts: [], target_accuracy: null,
};

export function higherIsBetter(metric: string): boolean {
  return !/loss|gap|rmse|mae/.test(metric);
}

/**
 * The tasks these runs are, read from the values they recorded: a regression run has finite
 * r2/rmse/mae (its accuracies are NaN), a classification run finite accuracies (its r2 cells empty).
 * When nothing is finite (every run diverged or failed), a regression column with any cell at all.
 */
export function resultsTasks(runs: readonly RunRow[]): Set<Task> {
  const tasks = new Set<Task>();
  for (const r of runs) {
    for (const [m, v] of Object.entries(r.metrics)) {
      const t = metricTask(m);
      if (t !== null && v !== null && Number.isFinite(v)) tasks.add(t);
    }
  }
  if (tasks.size === 0 && runs.length > 0) tasks.add(runs.some((r) => Object.entries(r.metrics).some(([m, v]) => metricTask(m) === 'regression' && v !== null)) ? 'regression' : 'classification');
  return tasks;
}

/** The runs.csv metrics of the results' task(s), the task's own first: what a report or compare can rank by. */
export function recordedMetrics(runs: readonly RunRow[]): string[] {
  return taskMetrics(resultsTasks(runs)).filter((m) => (RUN_METRICS as readonly string[]).includes(m));
}

/**
 * The per-epoch score of a task, which the learning curves, the generalization gap and the
 * best epoch are measured on: accuracy for classification, R² for regression (also bounded
 * above by 1 and higher-is-better, so the same derived measures read the same way).
 */
export interface Score {
  /** The column suffix in runs.csv and epochs.csv: train_<base>, val_<base>, test_<base>. */
  base: 'accuracy' | 'r2';
  /** In prose: "accuracy", "R²". */
  name: string;
  /** What a run without a test value (diverged) lacks, in prose. */
  testValues: string;
}

export const ACCURACY: Score = { base: 'accuracy', name: 'accuracy', testValues: 'test accuracy' };
export const R2: Score = { base: 'r2', name: 'R²', testValues: 'test r2, rmse or mae' };

/** The results' score: R² when they are regression alone (a mixed sweep keeps accuracy, as its default metric does). */
export function taskScore(runs: readonly RunRow[]): Score {
  return defaultMetric(resultsTasks(runs)) === 'val_r2' ? R2 : ACCURACY;
}
