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

type Planned = Pick<ExperimentSpec, 'base' | 'sweep' | 'variants'> & Partial<Pick<ExperimentSpec, 'search'>>;

const taskOf = (dataset: unknown, task: unknown): Task => (dataset === 'friedman' || task === 'regression' ? 'regression' : 'classification');

/** The tasks of the planned runs (the grid, the variants and the trials drawn); stops once both are seen. */
function pointTasks(spec: Planned): Set<Task> {
  const tasks = new Set<Task>();
  for (const pt of points(spec)) {
    let dataset: unknown = spec.base.data.dataset, task: unknown = spec.base.data.task;
    for (const [k, v] of pt.sets) {
      if (k === 'data.dataset') dataset = v;
      else if (k === 'data.task') task = v;
    }
    tasks.add(taskOf(dataset, task));
    if (tasks.size === 2) break;
  }
  return tasks;
}

/** The tasks a random search can reach by drawing data.dataset or data.task, whichever trials it happens to draw. */
function searchTasks(spec: Planned): Task[] {
  const space = spec.search?.method === 'random' ? spec.search.space : {};
  const choices = (key: string): unknown[] | null => {
    const d = space[key];
    return d?.kind === 'choice' ? d.values : null;
  };
  const datasets = choices('data.dataset'), tasks = choices('data.task');
  if (datasets === null && tasks === null) return [];
  return (datasets ?? [spec.base.data.dataset]).flatMap((d) => (tasks ?? [spec.base.data.task]).map((t) => taskOf(d, t)));
}

/**
 * The tasks of a spec's runs: regression where a run's data is friedman or task: regression,
 * classification elsewhere; both when a sweep, the variants or a search's choices mix them.
 */
export function specTasks(spec: Planned): Set<Task> {
  return new Set([...pointTasks(spec), ...searchTasks(spec)]);
}

/**
 * Why a spec whose runs mix the tasks is refused: no metric ranks them all. Accuracy leaves the
 * regression runs empty and r2 the classification ones, and the losses (cross-entropy beside
 * mse on other data) are numbers of different questions, so any "best" would be a wrong claim.
 */
export const MIXED_TASKS = 'mixes classification runs (class labels) and regression runs (real-valued targets), which no one metric can rank (accuracy and r2 each leave the other task\'s runs empty, and their losses measure different things) — put each task in its own spec';

/**
 * What makes a spec's runs mix the tasks, null when they share one: a swept or searched
 * data.dataset / data.task, or else the first variant that moves its runs to the task the
 * base's data does not have.
 */
export function mixedTasksAt(spec: Planned, tasks: ReadonlySet<Task> = specTasks(spec)): { sweep: FieldKey } | { variant: number } | null {
  if (tasks.size < 2) return null;
  const drawn = spec.search?.method === 'random' ? spec.search.space : {};
  for (const key of ['data.dataset', 'data.task'] as const) if (key in spec.sweep || key in drawn) return { sweep: key };
  const baseTask = taskOf(spec.base.data.dataset, spec.base.data.task);
  const v = spec.variants.findIndex((x) => ('data.dataset' in x.set || 'data.task' in x.set)
    && taskOf(x.set['data.dataset'] ?? spec.base.data.dataset, x.set['data.task'] ?? spec.base.data.task) !== baseTask);
  return v >= 0 ? { variant: v } : { sweep: 'data.dataset' };
}
