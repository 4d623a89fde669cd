/**
 * Re-slicing a finished sweep: other rows, columns or metric than the spec's,
 * from the command line (nnlab report/compare --rows --columns --metric).
 * Nothing is retrained; the keys must be ones the results actually have.
 */
import { configKeys } from './layout.js';
import { recordedMetrics, resultsTasks, RUN_METRICS, type ResultsData } from './model.js';
import { metricTaskProblem } from '../experiment/spec/metrics.js';
import { closest } from '../experiment/spec/suggest.js';

export interface ReportCut {
  rows?: string;
  columns?: string;
  metric?: string;
}

/** A flag naming a key or metric the results do not have: bad input (exit 2), one line with the fix. */
export class CutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** ' — did you mean "x"?' for the closest valid name, or nothing (shared with nnlab compare). */
export function didYouMean(value: string, valid: readonly string[]): string {
  const near = closest(value, valid);
  return near ? ` — did you mean "${near}"?` : '';
}

/** The results with the cut applied to the spec's report settings; throws CutError for an unknown key or metric. */
export function applyCut(data: ResultsData, cut: ReportCut, dir: string): ResultsData {
  if (cut.rows === undefined && cut.columns === undefined && cut.metric === undefined) return data;
  const keys = configKeys(data);
  for (const [flag, k] of [['--rows', cut.rows], ['--columns', cut.columns]] as const) {
    if (k !== undefined && !keys.includes(k)) {
      throw new CutError(`${flag} ${k}: not a swept key of ${dir}${didYouMean(k, keys)}; use one of ${keys.length ? keys.join(', ') : '(none: this sweep has a single configuration)'}`);
    }
  }
  if (cut.rows !== undefined && cut.rows === cut.columns) throw new CutError(`--rows and --columns are both ${cut.rows}; give them different keys`);
  if (cut.metric !== undefined && !(RUN_METRICS as readonly string[]).includes(cut.metric)) {
    throw new CutError(`--metric ${cut.metric}: not a runs.csv metric${didYouMean(cut.metric, RUN_METRICS)}; use one of ${RUN_METRICS.join(', ')}`);
  }
  // The other task's metric: its column is empty in these results, and every table would be too.
  const wrongTask = cut.metric === undefined ? null : metricTaskProblem(cut.metric, resultsTasks(data.runs), recordedMetrics(data.runs), `the runs of ${dir}`);
  if (wrongTask !== null) throw new CutError(`--metric ${cut.metric}: ${wrongTask}`);
  const report = { ...data.spec.report };
  if (cut.rows !== undefined) report.rows = cut.rows;
  if (cut.columns !== undefined) report.columns = cut.columns;
  // A key moved onto the rows must leave the columns (and the other way round), or the spec's other setting collides.
  if (cut.rows !== undefined && cut.columns === undefined && report.columns === cut.rows) report.columns = null;
  if (cut.columns !== undefined && cut.rows === undefined && report.rows === cut.columns) report.rows = null;
  if (cut.metric !== undefined) report.metric = cut.metric;
  return { ...data, spec: { ...data.spec, report } };
}
