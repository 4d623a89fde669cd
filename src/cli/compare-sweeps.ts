/**
 * `nnlab compare results/a results/b …`: several sweeps in one table, a row (or
 * column) per sweep, each cell over every seed by the report's rule, with its
 * 95% t interval. Settings that differ between the sweeps but are not in the
 * table are named in a warning: the rows would otherwise differ in more than
 * their label says.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { cellStats, metricMeasure } from '../report/aggregate.js';
import { loadResults } from '../report/load.js';
import { orderedValues, valueOf } from '../report/layout.js';
import { recordedMetrics, resultsTasks, RUN_METRICS, type EpochRow, type RunRow } from '../report/model.js';
import { metricTaskProblem } from '../experiment/spec/metrics.js';
import { didYouMean } from '../report/cut.js';
import { fmt } from '../report/format.js';
import { differingSettings, sweepNames, SWEEP } from '../report/merge.js';
import { checkResultsFolder, renderTable } from './compare.js';
import { UsageError } from './errors.js';

export interface SweepsArgs {
  dirs: string[];
  rows?: string;
  columns?: string;
  metric?: string;
}

export function compareSweeps(a: SweepsArgs, out: (l: string) => void, err: (l: string) => void): number {
  a.dirs.forEach(checkResultsFolder);
  const names = sweepNames(a.dirs);
  const data = a.dirs.map((d) => loadResults(d));
  data.forEach((d, i) => d.warnings.forEach((w) => err(`nnlab: warning: ${names[i]}: ${w}`)));
  const metric = a.metric ?? data[0]!.spec.report.metric;
  if (!(RUN_METRICS as readonly string[]).includes(metric)) throw new UsageError(`--metric ${metric}: unknown metric${didYouMean(metric, RUN_METRICS)}; use one of ${RUN_METRICS.join(', ')}`);
  const all = data.flatMap((d) => d.runs);
  const wrongTask = metricTaskProblem(metric, resultsTasks(all), recordedMetrics(all), 'the runs of these sweeps');
  if (wrongTask !== null) throw new UsageError(`--metric ${metric}: ${wrongTask}`);
  // Every run, tagged with its sweep; run ids are hashes of config and seed, so a shared id is the same run.
  const runs: RunRow[] = data.flatMap((d, i) => d.runs.map((r) => ({ ...r, swept: { ...r.swept, [SWEEP]: names[i]! } })));
  const epochs = new Map<string, EpochRow[]>(data.flatMap((d) => [...d.epochs]));
  const keys = [SWEEP, ...(data.some((d) => d.hasVariants) ? ['variant'] : []), ...new Set(data.flatMap((d) => d.sweptKeys))];
  const rowKey = a.rows ?? SWEEP;
  const colKey = a.columns ?? (rowKey === SWEEP ? null : SWEEP);
  for (const [flag, k] of [['--rows', rowKey], ['--columns', colKey]] as const) {
    if (k !== null && !keys.includes(k)) throw new UsageError(`${flag} ${k}: not a key of these sweeps${didYouMean(k, keys)}; use one of ${keys.join(', ')}`);
  }
  if (rowKey === colKey) throw new UsageError(`--rows and --columns are both ${rowKey}; give them two different keys`);
  if (rowKey !== SWEEP && colKey !== SWEEP) throw new UsageError(`with several folders, --rows or --columns must be ${SWEEP} (the folders' names)`);
  const m = metricMeasure(metric, epochs, runs);
  const value = (r: RunRow, k: string): string => (k === SWEEP ? r.swept[SWEEP]! : valueOf(r, k));
  const rowValues = rowKey === SWEEP ? names : orderedValues(runs.map((r) => value(r, rowKey)));
  const colValues = colKey === null ? [''] : colKey === SWEEP ? names : orderedValues(runs.map((r) => value(r, colKey)));
  const cell = (rv: string, cv: string): string => {
    const c = cellStats(runs.filter((r) => value(r, rowKey) === rv && (colKey === null || value(r, colKey) === cv)), m);
    if (c.total === 0) return '—';
    if (!c.stats) return c.survivors ? `${fmt(c.survivors.mean)} (survivors only, not ranked)` : 'no value';
    const { n, mean, std } = c.stats;
    const half = std === null ? null : tQuantile(0.975, n - 1) * std / Math.sqrt(n);
    // An accuracy interval cannot leave [0, 1].
    const clip = metric.endsWith('accuracy') ? (v: number) => Math.min(1, Math.max(0, v)) : (v: number) => v;
    const ci = half === null ? '' : ` [${fmt(clip(mean - half), 3)}, ${fmt(clip(mean + half), 3)}]`;
    return `${fmt(mean)} ± ${std === null ? '—' : fmt(std, 2)}${ci} (${c.completed < c.total ? `${c.completed}/${c.total} succeeded` : `n=${n}`})`;
  };
  out(`${names.join(' vs ')}: ${metric} (mean ± std over every seed, diverged and failed ones at their untrained level; [95% t interval])`);
  const pooled = keys.filter((k) => k !== rowKey && k !== colKey && new Set(runs.map((r) => value(r, k))).size > 1);
  if (pooled.length > 0) out(`Note: each cell pools the values of ${pooled.join(', ')}; pass --rows or --columns to see them apart.`);
  for (const d of differingSettings(names, data, [rowKey, ...(colKey ? [colKey] : [])])) {
    err(`nnlab: warning: the sweeps also differ in ${d}, which the table does not show`);
  }
  const header = [colKey === null ? rowKey : `${rowKey} \\ ${colKey}`, ...(colKey === null ? [metric] : colValues)];
  renderTable(header, rowValues.map((rv) => [rv, ...colValues.map((cv) => cell(rv, cv))])).forEach((l) => out(l));
  return 0;
}
