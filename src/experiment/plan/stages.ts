/**
 * Staged searches: the runs a spec plans given what is recorded. A grid or a random search is
 * one stage. Successive halving and tune-then-test plan later runs from earlier results:
 *
 *   rung 0:  every configuration × seed, stopped after r epochs
 *   rung k:  the best ⌊n/eta⌋ of rung k−1 (at least one), stopped after r·eta^k epochs,
 *            the last rung at train.epochs
 *   final:   (protocol) each arm's best configuration × fresh seeds, tested
 *
 * Rungs are synchronous: rung k is planned only once every run of rung k−1 is recorded, and the
 * ranking reads only recorded numbers (ties go to the earlier configuration). So the plan is a
 * pure function of the spec and the results: the same with 1 or 8 workers, and a killed sweep
 * resumes at its rung. A promoted run trains again from epoch 0 to the longer budget: the
 * schedule spans train.epochs at every rung, so its first epochs repeat the earlier rung's bits.
 */
import { canonicalJson } from '../spec/canonical.js';
import type { ExperimentSpec, RunPlan } from '../spec/spec.js';
import type { RunConfig } from '../../train/spec.js';
import { pointCount, points, type Point } from './points.js';
import { resolve } from './resolve.js';
import { runId } from './runid.js';
import { trained } from '../../train/learned.js';

/** A stored runs.csv row (strings), as the store returns it. */
export type StoredRow = Readonly<Record<string, string>>;

export interface StagedPlan {
  /** Every run planned so far, completed ones included, in a fixed order. */
  plans: RunPlan[];
  /** True when no later stage can add runs (every stage is planned and recorded). */
  complete: boolean;
  /** What the current stage is, for progress lines: "rung 1 of 3 (3 epochs)", "final runs". */
  stage: string;
}

/** Epoch budgets of the rungs: r, r·eta, r·eta², … below train.epochs, then train.epochs. */
export function rungBudgets(minEpochs: number, eta: number, epochs: number): number[] {
  const out: number[] = [];
  for (let b = minEpochs; b < epochs; b *= eta) out.push(b);
  out.push(epochs);
  return out;
}

/** Configurations at each rung (at least one per group survives each cut). */
export function rungSizes(n: number, eta: number, rungs: number): number[] {
  const out = [n];
  for (let k = 1; k < rungs; k++) out.push(Math.max(1, Math.floor(out[k - 1]! / eta)));
  return out;
}

/**
 * The validation metric a search ranks by: the report's metric when it is a validation one,
 * else val_accuracy. Never a test metric: choosing by test would leak it into the choice.
 */
export function selectionMetric(reportMetric: string): string {
  if (/^(val_|best_val_)/.test(reportMetric)) return reportMetric;
  // test_r2 → val_r2, train_rmse → val_rmse; the classification default otherwise.
  const m = /^(test|train)_(.+)$/.exec(reportMetric);
  return m ? `val_${m[2]}` : 'val_accuracy';
}

/** Recorded and final: a failed run (an error, an interrupt) is retried, so its stage is not over. */
const isDone = (r: StoredRow | undefined): boolean => r !== undefined && r.status !== 'failed';

/** Losses and regression errors: lower is better (the report's higherIsBetter, for the planner). */
const lowerIsBetter = (metric: string): boolean => /loss|rmse|mae/.test(metric);

interface Candidate {
  index: number;
  point: Point;
  config: Omit<RunConfig, 'seed'>;
  /** Group ranked against each other: the protocol's arm, else everything. */
  group: string;
}

/**
 * The score a configuration brings to a cut: the mean over its seeds of the selection metric,
 * higher better. A seed that diverged or failed makes the configuration the worst of its rung
 * (every seed counts: a setting that blows up on one seed in three is not "good on average").
 */
function score(rows: (StoredRow | undefined)[], metric: string): number {
  let sum = 0;
  for (const r of rows) {
    const v = r && trained(r.status ?? '') ? Number(r[metric]) : NaN;
    if (r === undefined || r[metric] === '' || !Number.isFinite(v)) return -Infinity;
    sum += v;
  }
  const mean = sum / rows.length;
  return lowerIsBetter(metric) ? -mean : mean;
}

function planOf(c: Candidate, seed: number, extra: { stopAt?: number; rung?: number; stage?: 'tune' | 'final' }, swept: Record<string, unknown>): RunPlan {
  const config: RunConfig = { ...structuredClone(c.config), seed };
  const id = runId(config, {
    ...(extra.stopAt !== undefined ? { stop_at: extra.stopAt } : {}),
    ...(extra.stage === 'tune' ? { stage: 'tune' as const } : {}),
  });
  return {
    id,
    variant: c.point.variant,
    swept: structuredClone(swept),
    seed,
    config,
    ...(c.point.trial !== null ? { trial: c.point.trial } : {}),
    ...(extra.stopAt !== undefined ? { stopAt: extra.stopAt } : {}),
    ...(extra.stage === 'tune' ? { test: false } : {}),
  };
}

/** The seeds of a protocol's final runs: the next final_seeds integers after the largest tuning seed. */
export function finalSeeds(spec: Pick<ExperimentSpec, 'seeds' | 'protocol'>): number[] {
  if (!spec.protocol) return [];
  const top = Math.max(...spec.seeds);
  return Array.from({ length: spec.protocol.final_seeds }, (_, i) => top + 1 + i);
}

/** Runs a staged spec plans in all, when every stage has run (halving: Σ configurations per rung × seeds). */
export function plannedRunCount(spec: ExperimentSpec): number {
  const n = pointCount(spec);
  if (!spec.search.halving && !spec.protocol) return n * spec.seeds.length;
  const arms = Math.max(1, spec.protocol ? (spec.protocol.compare === 'variant' ? spec.variants.length : spec.sweep[spec.protocol.compare]?.length ?? 1) : 1);
  const per = n / arms;
  const h = spec.search.halving;
  const sizes = h ? rungSizes(per, h.eta, rungBudgets(h.min_epochs, h.eta, spec.base.train.epochs).length) : [per];
  const tuning = sizes.reduce((a, b) => a + b, 0) * arms * spec.seeds.length;
  return tuning + (spec.protocol ? arms * spec.protocol.final_seeds : 0);
}

export function planRuns(spec: ExperimentSpec, recorded: ReadonlyMap<string, StoredRow>): StagedPlan {
  const { search, protocol } = spec;
  const halving = search.halving;
  const candidates: Candidate[] = [];
  for (const point of points(spec)) {
    const { config } = resolve(spec.base, point.sets, null);
    const group = protocol ? (protocol.compare === 'variant' ? String(point.variant) : canonicalJson(point.swept[protocol.compare])) : '';
    candidates.push({ index: candidates.length, point, config, group });
  }
  const budgets = halving ? rungBudgets(halving.min_epochs, halving.eta, spec.base.train.epochs) : [spec.base.train.epochs];
  const epochs = spec.base.train.epochs;
  const metric = selectionMetric(spec.report.metric);
  const tuneStage = protocol ? ('tune' as const) : undefined;
  const plans: RunPlan[] = [];
  const sweptOf = (c: Candidate, rung: number, stage?: 'tune' | 'final'): Record<string, unknown> => ({
    ...c.point.swept,
    ...(c.point.trial !== null ? { trial: c.point.trial } : {}),
    ...(halving ? { rung } : {}),
    ...(stage ? { stage } : {}),
  });

  let alive = candidates;
  for (let k = 0; k < budgets.length; k++) {
    const stopAt = budgets[k]! < epochs ? budgets[k] : undefined;
    const rungPlans = new Map<Candidate, RunPlan[]>();
    for (const c of alive) {
      const list = spec.seeds.map((seed) => planOf(c, seed, { ...(stopAt !== undefined ? { stopAt } : {}), ...(tuneStage ? { stage: tuneStage } : {}) }, sweptOf(c, k, tuneStage)));
      rungPlans.set(c, list);
      plans.push(...list);
    }
    const label = halving ? `rung ${k + 1} of ${budgets.length} (${alive.length} configuration${alive.length === 1 ? '' : 's'}, ${budgets[k]} epoch${budgets[k] === 1 ? '' : 's'})` : protocol ? 'tuning runs' : 'runs';
    if (plans.some((p) => !isDone(recorded.get(p.id)))) return { plans, complete: false, stage: label };
    if (k === budgets.length - 1 && !protocol) break;
    // Rank within each group; keep the best 1/eta (or, after the last rung, the protocol's one choice per arm).
    const keep = k === budgets.length - 1 ? () => 1 : (n: number) => Math.max(1, Math.floor(n / halving!.eta));
    const next: Candidate[] = [];
    const groups = [...new Set(alive.map((c) => c.group))];
    for (const g of groups) {
      const members = alive.filter((c) => c.group === g);
      const ranked = members
        .map((c) => ({ c, s: score(rungPlans.get(c)!.map((p) => recorded.get(p.id)), metric) }))
        .sort((a, b) => (b.s === a.s ? a.c.index - b.c.index : b.s > a.s ? 1 : -1));
      next.push(...ranked.slice(0, keep(members.length)).map((x) => x.c));
    }
    next.sort((a, b) => a.index - b.index);
    if (k === budgets.length - 1) {
      // Protocol: each arm's chosen configuration, retrained on seeds no tuning run used, and tested.
      const last = budgets.length - 1;
      for (const c of next) for (const seed of finalSeeds(spec)) plans.push(planOf(c, seed, { stage: 'final' }, sweptOf(c, last, 'final')));
      const done = plans.every((p) => isDone(recorded.get(p.id)));
      return { plans, complete: done, stage: 'final runs' };
    }
    alive = next;
  }
  return { plans, complete: true, stage: halving ? `rung ${budgets.length} of ${budgets.length}` : 'runs' };
}
