/**
 * Whether an experiment trains on real-valued targets anywhere (its base,
 * sweep or variants name friedman or task: regression): its results tables
 * then carry the rmse / mae / r2 columns (src/train/columns.ts).
 */
import { getKey } from '../plan/resolve.js';
import type { FieldKey } from './fields.js';
import type { ExperimentSpec } from './spec.js';
import type { Task } from './metrics.js';
import { points } from '../plan/points.js';

export function isRegressionSpec(spec: Pick<ExperimentSpec, 'base' | 'sweep' | 'variants'>): boolean {
  const values = (key: FieldKey): unknown[] => [getKey(spec.base, key), ...(spec.sweep[key] ?? []), ...spec.variants.map((v) => v.set[key])];
  return values('data.dataset').includes('friedman') || values('data.task').includes('regression');
}

/**
 * The tasks of a spec's runs: regression where a run's data is friedman or task: regression,
 * classification elsewhere; both when a sweep or the variants mix them (mse serves both).
 */
export function specTasks(spec: Pick<ExperimentSpec, 'base' | 'sweep' | 'variants'> & Partial<Pick<ExperimentSpec, 'search'>>): Set<Task> {
  const tasks = new Set<Task>();
  for (const pt of points(spec)) {
    let dataset: unknown = spec.base.data.dataset, task: unknown = spec.base.data.task;
    for (const [k, v] of pt.sets) {
      if (k === 'data.dataset') dataset = v;
      else if (k === 'data.task') task = v;
    }
    tasks.add(dataset === 'friedman' || task === 'regression' ? 'regression' : 'classification');
    if (tasks.size === 2) break;
  }
  return tasks;
}

/**
 * Why a spec whose runs mix the tasks is refused: no metric ranks them all. Accuracy leaves the
 * regression runs empty and r2 the classification ones, and the losses (cross-entropy beside
 * mse on other data) are numbers of different questions, so any "best" would be a wrong claim.
 */
export const MIXED_TASKS = 'mixes classification runs (class labels) and regression runs (real-valued targets), which no one metric can rank (accuracy and r2 each leave the other task\'s runs empty, and their losses measure different things) — put each task in its own spec';

/** The sweep key or variant (its index) that makes a spec's runs mix the tasks; null when they share one. */
export function mixedTasksAt(spec: Pick<ExperimentSpec, 'base' | 'sweep' | 'variants'> & Partial<Pick<ExperimentSpec, 'search'>>): { sweep: FieldKey } | { variant: number } | null {
  if (specTasks(spec).size < 2) return null;
  for (const key of ['data.dataset', 'data.task'] as const) if (key in spec.sweep) return { sweep: key };
  const v = spec.variants.findIndex((x) => 'data.dataset' in x.set || 'data.task' in x.set);
  return v >= 0 ? { variant: v } : { sweep: 'data.dataset' };
}
