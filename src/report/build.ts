/**
 * The report's content as data, computed from the results alone (pure): layout,
 * tables, comparisons, findings, chart specs. html.ts and markdown.ts only lay it out.
 */
import {
  bestEpochMeasure, cellStats, gapMeasure, groupRuns, metricMeasure, summaryTables, targetMeasure,
  type CellStats, type Group, type Measure, type SummaryTable,
} from './aggregate.js';
import { regularizationKey } from './charts/generalization.js';
import { buildCharts } from './charts/choose.js';
import type { Chart, Skipped } from './charts/common.js';
import { findings, type Findings } from './findings.js';
import { chooseLayout, configKeys, type Layout } from './layout.js';
import { defaultMetric, taskMismatch } from '../experiment/spec/metrics.js';
import { recordedMetrics, resultsTasks, RUN_METRICS, taskScore, type ResultsData, type RunRow, type Score } from './model.js';
import { searchSection, type SearchSection } from './search/section.js';
import { searchView } from './search/view.js';
import { count } from './words.js';

export interface OverviewRow {
  group: Group;
  /** Per measure id. */
  cells: Record<string, CellStats>;
}

export interface ReportModel {
  data: ResultsData;
  layout: Layout;
  keys: string[];
  metric: string;
  groups: Group[];
  /** rows × columns of the report metric. */
  tables: SummaryTable[];
  /** rows × columns of epochs-to-target (empty without a target). */
  targetTables: SummaryTable[];
  /** The generalization gap by level, when a single regularization axis is studied (empty otherwise). */
  gapTables: SummaryTable[];
  /** The task's per-epoch score (accuracy, or R² for regression): the gap, best epoch and learning curves use it. */
  score: Score;
  /** Measures of the all-configurations table, in column order. */
  overviewMeasures: Measure[];
  overview: OverviewRow[];
  findings: Findings;
  charts: Chart[];
  skippedCharts: Skipped[];
  /** "N of M runs complete" when runs are pending or missing; null when all are in. */
  completeness: string | null;
  problemRuns: RunRow[];
  warnings: string[];
  /** How a search chose its configurations (null for a grid). */
  search: SearchSection | null;
}

function completenessNote(data: ResultsData): string | null {
  const finished = data.runs.filter((r) => ['completed', 'failed_to_learn', 'stopped', 'diverged', 'failed'].includes(r.status));
  const done = finished.length;
  // Runs in progress (training, or killed and waiting to be continued from their checkpoints) have epoch rows and no runs row yet.
  const ids = new Set(finished.map((r) => r.run_id));
  const running = [...data.epochs.keys()].filter((id) => !ids.has(id)).length;
  const inProgress = running > 0 ? ` ${running} run${running > 1 ? 's are' : ' is'} in progress (${running > 1 ? 'their' : 'its'} epochs so far are in epochs.csv, not in these numbers).` : '';
  const expected = data.spec.expectedRuns;
  if (expected !== null && expected > done) {
    return `Partial results: ${done} of ${count(expected, 'run')} complete.${inProgress} The numbers below cover only the finished runs; missing runs may still be pending or in shards not yet merged.`;
  }
  if (expected === null && done < data.runs.length) {
    return `Partial results: ${done} of ${count(data.runs.length, 'run')} complete.${inProgress}`;
  }
  return null;
}

/** What a search's tables hold, in a few words. */
function searchScope(s: SearchSection): string {
  return s.info.protocol ? "each arm's final runs on fresh seeds" : s.info.halving ? 'the configurations of the last rung' : 'one row per trial';
}

export function buildReport(results: ResultsData): ReportModel {
  // A search's tables compare its view (final runs per arm, trials, the last rung); the section shows the rest.
  const search = searchSection(results);
  const data = searchView(results);
  const warnings = [...data.warnings];
  const report = data.spec.report;
  const layout = chooseLayout(data, report, warnings);
  const keys = configKeys(data);
  let metric = report.metric;
  const tasks = resultsTasks(data.runs);
  if (!(RUN_METRICS as readonly string[]).includes(metric)) {
    warnings.push(`spec.yaml: report.metric "${metric}" is not a runs.csv metric (${RUN_METRICS.join(', ')}); using ${defaultMetric(tasks)}`);
    metric = defaultMetric(tasks);
  } else if (taskMismatch(metric, tasks) !== null) {
    // A spec.yaml that no longer validates (read tolerantly) can name the other task's metric: its column is empty here.
    warnings.push(`spec.yaml: report.metric ${metric} is ${taskMismatch(metric, tasks)}; using ${defaultMetric(tasks)}`);
    metric = defaultMetric(tasks);
  }
  const groups = groupRuns(data);
  const score = taskScore(data.runs);
  const recorded = recordedMetrics(data.runs);
  const m = metricMeasure(metric, data.epochs, data.runs);
  const base = { values: data.spec.baseValues, variant: data.spec.baseVariant };
  const tables = summaryTables(data, layout, m, { epochs: data.epochs, base });
  // A single axis of regularization levels asks about overfitting: answer it on the gap too.
  const single = tables.every((t) => t.family === 'base');
  const regKey = regularizationKey(keys, layout.columns);
  const gapTables = single && layout.columns !== null && (layout.columns === 'variant' || regKey === layout.columns)
    && /^(regularization\.|model\.(dropout|input_dropout|batch_norm)|data\.augment|variant$)/.test(layout.columns)
    // No ★ on the gap: the smallest gap also rewards a level that underfits (low train and validation accuracy).
    ? summaryTables(data, layout, gapMeasure(score), { base, best: false }) : [];
  // The target is a validation accuracy: regression runs have none (a spec refuses it; an old spec.yaml may not).
  const target = tasks.has('classification') ? report.target_accuracy : null;
  const tm = target !== null && data.epochs.size > 0 ? targetMeasure(data.epochs, target) : null;
  const targetTables = tm ? summaryTables(data, layout, tm, { best: false }) : [];
  const overviewMeasures: Measure[] = [
    // Only the metrics these results record: a classification sweep has no r2/rmse/mae columns, a regression one NaN accuracies.
    ...[metric, ...RUN_METRICS.filter((x) => x !== metric && recorded.includes(x) && data.runs.some((r) => r.metrics[x] != null))].map((x) => metricMeasure(x, data.epochs, data.runs)),
    gapMeasure(score),
    ...(data.epochs.size > 0 ? [bestEpochMeasure(data.epochs, score)] : []),
    ...(tm ? [tm] : []),
  ];
  const overview = groups.map((group) => ({
    group,
    cells: Object.fromEntries(overviewMeasures.map((om) => [om.id, cellStats(group.runs, om)])),
  }));
  const { charts, skipped } = buildCharts({ data, groups, layout, metric, keys, search }, report.charts);
  if (report.charts.length > 0) {
    for (const s of skipped) warnings.push(`chart ${s.name} was requested but not drawn: ${s.reason}`);
  }
  // A search's failures include its tuning runs and earlier rungs (a rung's budget ending a run is not a failure).
  const problemRuns = (search ? results : data).runs.filter((r) => r.status !== 'completed' && r.status !== 'stopped');
  const completeness = completenessNote(results);
  return {
    data, layout, keys, metric, groups, tables, targetTables, gapTables, score, overviewMeasures, overview,
    findings: findings({ question: data.spec.description, tables, gapTables, targetTables, groups, completeness, scope: search ? searchScope(search) : null, score }),
    charts, skippedCharts: skipped, completeness, problemRuns, warnings, search,
  };
}
