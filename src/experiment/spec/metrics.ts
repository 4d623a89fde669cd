/**
 * Which runs.csv metrics each task records. A classification run records accuracies; a
 * regression run records rmse, mae and r2 and leaves its accuracy cells NaN; both record
 * losses. A report ranked by a metric its runs do not record would be empty, so a metric of
 * the other task is refused, and the default metric follows the task.
 */
import { METRICS } from './names.js';

export type Task = 'classification' | 'regression';

/** The task whose runs alone record a metric; null for the losses, which both record. */
export function metricTask(metric: string): Task | null {
  if (/accuracy$/.test(metric)) return 'classification';
  if (/_(r2|rmse|mae)$/.test(metric)) return 'regression';
  return null;
}

/** The report metrics valid for runs of these tasks (every metric when none is known): the task's own, then the losses. */
export function taskMetrics(tasks: ReadonlySet<Task>): string[] {
  const own = METRICS.filter((m) => {
    const t = metricTask(m);
    return t !== null && (tasks.size === 0 || tasks.has(t));
  });
  return [...own, ...METRICS.filter((m) => metricTask(m) === null)];
}

/**
 * The metric a report ranks by when none is given: validation R² for regression (scale-free,
 * so it reads the same on any target), validation accuracy otherwise (specs mixing the tasks are
 * refused, src/experiment/spec/regression.ts; an old results folder that mixes them ranks by accuracy).
 */
export function defaultMetric(tasks: ReadonlySet<Task>): string {
  return tasks.has('regression') && !tasks.has('classification') ? 'val_r2' : 'val_accuracy';
}

/**
 * Why `metric` cannot rank runs of these tasks, as the end of a sentence naming it ("… val_accuracy
 * is " + this): its task and the runs' (`runs` says whose). Null when it can.
 */
export function taskMismatch(metric: string, tasks: ReadonlySet<Task>, runs = 'the runs'): string | null {
  const t = metricTask(metric);
  if (t === null || tasks.size === 0 || tasks.has(t)) return null;
  const what = t === 'classification'
    ? 'regression (real-valued targets), which record no accuracy'
    : 'classification (class labels), which record no rmse, mae or r2';
  return `a ${t} metric, but ${runs} are ${what}`;
}

/** taskMismatch and the fix: the metrics to use instead (`valid`, by default every one valid for the tasks). */
export function metricTaskProblem(metric: string, tasks: ReadonlySet<Task>, valid: readonly string[] = taskMetrics(tasks), runs?: string): string | null {
  const why = taskMismatch(metric, tasks, runs);
  return why === null ? null : `${why}; use one of ${valid.join(', ')}`;
}
