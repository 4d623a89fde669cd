/**
 * The report's "Search" section: how the configurations were chosen, what each trial scored,
 * and, for tune-then-test, each arm's choice, its budget curve and its tested result.
 */
import type { ResultsData, SearchInfo } from '../model.js';
import { higherIsBetter } from '../model.js';
import { expectedMaxCurve, summarize, tInterval } from '../stats/index.js';
import { metricMeasure } from '../aggregate.js';
import { trialsOf, type Trial } from './trials.js';
import { testMetric } from './view.js';
import { rungSizes } from '../../experiment/plan/stages.js';
import { trained } from '../../train/learned.js';

export interface ArmSummary {
  arm: string;
  trials: number;
  chosen: Trial | null;
  /** Expected best validation score of k = 1 … n trials (Dodge et al.), from the trials' scores. */
  curve: number[];
  /** Trials left out of the curve (a seed that cannot be scored). */
  unscored: number;
  /** The final runs on the test split (the test twin of the selection metric): seeds, mean and 95% t interval. */
  final: { n: number; mean: number; lo: number | null; hi: number | null; broken: number } | null;
}

export interface SearchSection {
  info: SearchInfo;
  /** Plain sentences: the method, the space, the budget, the rule of choice. */
  description: string[];
  /** Every trial, best first (furthest rung first, then score). */
  trials: Trial[];
  arms: ArmSummary[];
  notes: string[];
  /** Every run of the search (tuning, every rung, final). */
  runs: number;
  /** What the final runs are measured by on the test split. */
  testMetric: string;
}

export function searchSection(data: ResultsData): SearchSection | null {
  const info = data.spec.search;
  if (!info) return null;
  const trials = trialsOf(data.runs, data.epochs, info);
  const hb = higherIsBetter(info.selection);
  const better = (a: number | null, b: number | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : hb ? b - a : a - b);
  // The search's own order: per arm, furthest rung first, a trial with a broken seed last at its rung (as the
  // planner ranked it), then the score; ties to the earlier trial.
  const arms0 = [...new Set(trials.map((t) => t.arm ?? ''))];
  const ranked = [...trials].sort((a, b) => arms0.indexOf(a.arm ?? '') - arms0.indexOf(b.arm ?? '') || b.rung - a.rung
    || Number(a.broken) - Number(b.broken) || better(a.score, b.score) || (a.trial ?? 0) - (b.trial ?? 0));
  const space = Object.entries(info.written).map(([k, d]) => `${k} ~ ${d}`).join(', ');
  const description: string[] = [];
  if (info.trials > 0) description.push(`Random search: ${info.trials} trials${info.protocol ? ' per arm' : ''} drawn from ${space}, with the search's own seed (${info.seed}), independent of the training seeds.`);
  else description.push(`Grid search over the sweep's ${trials.length} configurations.`);
  if (info.halving) {
    const perGroup = info.protocol ? trials.length / Math.max(1, new Set(trials.map((t) => t.arm)).size) : trials.length;
    const sizes = rungSizes(perGroup, info.eta, info.budgets.length);
    description.push(`Successive halving: rungs of ${info.budgets.join(', ')} epochs with ${sizes.join(', ')} configurations${info.protocol ? ' per arm' : ''}; the best 1/${info.eta} by mean ${info.selection} over the seeds go on to the next rung. A promoted configuration retrains from epoch 0 (its first epochs repeat the earlier rung's bits), so the rungs cost ${sizes.reduce((s, n, k) => s + n * info.budgets[k]!, 0)} epochs per seed${info.protocol ? ' per arm' : ''}. Stopped runs are marked "stopped", not failed.`);
  }
  description.push(`Trials are ranked by ${info.selection}, the mean over their seeds; a trial with a diverged or failed seed ranks last (its mean counts that seed at its untrained level). The test split plays no part in any choice.`);
  const notes: string[] = [];
  const arms: ArmSummary[] = [];
  if (info.protocol) {
    const p = info.protocol;
    description.unshift(`Tune-then-test (Choi et al. 2019; Dodge et al. 2019): every arm of ${p.compare} got the same budget of ${p.budget} trials over ${p.tune.join(', ')}, judged on validation; each arm's best was retrained on ${p.final_seeds} fresh seeds, disjoint from the tuning seeds, and only those runs were measured on the test split.`);
    const finals = data.runs.filter((r) => r.swept['stage'] === 'final');
    const test = metricMeasure(testMetric(data, info), data.epochs, finals);
    for (const arm of [...new Set(trials.map((t) => t.arm ?? ''))]) {
      const mine = trials.filter((t) => t.arm === arm);
      // Dodge's curve is over trials of one budget: with halving, each trial's first rung.
      const scores = mine.map((t) => (info.halving ? t.firstScore : t.score));
      const scored = scores.filter((s): s is number => s !== null);
      const runs = finals.filter((r) => (p.compare === 'variant' ? r.variant : r.swept[p.compare]) === arm);
      const values = runs.map((r) => (trained(r.status) ? test.value(r) : test.untrained?.(r) ?? null)).filter((v): v is number => v !== null && Number.isFinite(v));
      const s = values.length > 0 ? summarize(values) : null;
      const ci = s ? tInterval(s) : null;
      arms.push({
        arm,
        trials: mine.length,
        chosen: mine.find((t) => t.chosen) ?? null,
        curve: expectedMaxCurve(scored, hb),
        unscored: scores.length - scored.length,
        final: s ? { n: values.length, mean: s.mean, lo: ci?.lo ?? null, hi: ci?.hi ?? null, broken: runs.filter((r) => !trained(r.status)).length } : null,
      });
    }
    const ends = arms.filter((a) => a.curve.length > 1);
    const rising = ends.filter((a) => {
      const n = a.curve.length;
      return Math.abs(a.curve[n - 1]! - a.curve[Math.floor(n / 2) - 1]!) > 0.005;
    });
    if (rising.length > 0) notes.push(`The budget curve of ${rising.map((a) => a.arm).join(' and ')} still rises between half and all of its trials (by more than 0.5 points): a bigger budget might change the choice.`);
  } else if (ranked.length > 1) {
    const best = ranked[0]!;
    notes.push(`The best of ${trials.length} trials (${best.label}) is an optimistic estimate of what its configuration scores: the more configurations are tried, the more the best one's score is luck (the winner's curse). Confirm it on fresh seeds, or use a tune-then-test protocol, which does.`);
  }
  const outcomes = new Map<string, number>();
  for (const r of data.runs) outcomes.set(r.status, (outcomes.get(r.status) ?? 0) + 1);
  const order = ['stopped', 'completed', 'failed_to_learn', 'diverged', 'failed'];
  const words: Record<string, string> = { stopped: "stopped at their rung's budget", completed: 'completed', failed_to_learn: 'failed to learn', diverged: 'diverged', failed: 'failed with an error' };
  notes.unshift(`Outcomes of all ${data.runs.length} runs of the search: ${[...outcomes].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([k, n]) => `${n} ${words[k] ?? k}`).join(', ')}${outcomes.has('diverged') || outcomes.has('failed') || outcomes.has('failed_to_learn') ? ' (listed under "Failures and diverged runs")' : ''}.`);
  for (const a of arms) if (a.unscored > 0) notes.push(`${a.unscored} trial(s) of ${a.arm} could not be scored (a run failed before its first evaluation) and are left out of its budget curve.`);
  return { info, description, trials: ranked, arms, notes, runs: data.runs.length, testMetric: testMetric(data, info) };
}
