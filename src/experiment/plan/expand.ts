/** A validated spec → its runs, in a fixed order, each with a stable id. */
import type { ExperimentSpec, RunPlan } from '../spec/spec.js';
import { planRuns } from './stages.js';
import { searchColumns } from '../spec/search.js';
export { runId } from './runid.js';

/**
 * The runs a spec plans before anything is recorded: all of them for a grid or a random search;
 * the first rung (successive halving) or the tuning runs (protocol) for a staged search, whose
 * later runs depend on results (see stages.ts).
 */
export function expand(spec: ExperimentSpec): RunPlan[] {
  return planRuns(spec, new Map()).plans;
}

/** The swept columns of runs.csv: the grid's keys, then a search's (distributions, trial, rung, stage). */
export function sweptColumns(spec: Pick<ExperimentSpec, 'sweep' | 'search' | 'protocol'>): string[] {
  return [...Object.keys(spec.sweep), ...searchColumns(spec.search, spec.protocol)];
}

/** True when later runs depend on earlier results (successive halving, tune-then-test). */
export function isStaged(spec: Pick<ExperimentSpec, 'search' | 'protocol'>): boolean {
  return spec.search.halving !== null || spec.protocol !== null;
}

/** What a plan asks of the trainer beyond its config: halving's budget, a tuning run's unseen test split. */
export function trainOptionsOf(plan: RunPlan): { stopAt?: number; test?: boolean } {
  return { ...(plan.stopAt !== undefined ? { stopAt: plan.stopAt } : {}), ...(plan.test === false ? { test: false } : {}) };
}
