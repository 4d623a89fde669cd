/**
 * What the report's tables compare for a search. The standard pipeline (aggregate, findings,
 * charts) groups runs by their swept values, which for a search would pool different budgets or
 * tuning and test runs. So it gets a view:
 *
 * - tune-then-test: only the final runs, one row per arm, judged on the test split — the runs
 *   the protocol set aside for exactly that comparison;
 * - random search: one row per trial (its drawn values), columns by the grid if any;
 * - successive halving: the same, over the last rung only (the configurations trained for the
 *   full budget); earlier rungs are in the search section, never compared as if equal.
 */
import type { ResultsData, RunRow, SearchInfo } from '../model.js';
import { trialLabel } from './trials.js';

export function searchView(data: ResultsData): ResultsData {
  const search = data.spec.search;
  if (!search) return data;
  if (search.protocol) return protocolView(data, search);
  // Halving: the last rung, or while the sweep is still under way the furthest rung reached (one budget either way).
  const rungOf = (r: RunRow): number => Number(r.swept['rung']) || 0;
  const last = Math.max(0, ...data.runs.map(rungOf));
  const grid = data.sweptKeys.filter((k) => !(k in search.space) && !['trial', 'rung', 'stage'].includes(k));
  const runs = data.runs
    .filter((r) => !search.halving || rungOf(r) === last)
    .map((r): RunRow => ({ ...r, swept: { ...Object.fromEntries(grid.map((k) => [k, r.swept[k] ?? ''])), trial: trialLabel(r.swept, search) } }))
    .sort((a, b) => trialNumber(a) - trialNumber(b));
  // Picking the best trial by a test metric would choose on the test split: the tables rank trials on validation.
  const metric = /^test_/.test(data.spec.report.metric) ? search.selection : data.spec.report.metric;
  const warnings = metric !== data.spec.report.metric
    ? [...data.warnings, `report.metric ${data.spec.report.metric} would pick the best trial on the test split; the tables compare trials on ${metric} (a tune-then-test protocol measures its choice on test)`]
    : data.warnings;
  const report = { ...data.spec.report, metric, rows: 'trial', columns: data.spec.report.columns !== null && grid.includes(data.spec.report.columns) ? data.spec.report.columns : null };
  return {
    ...data,
    sweptKeys: [...grid, 'trial'],
    runs,
    warnings,
    spec: { ...data.spec, report, baseValues: {}, expectedRuns: null },
  };
}

function trialNumber(r: RunRow): number {
  return Number(/^#(\d+)/.exec(r.swept['trial'] ?? '')?.[1] ?? 0);
}

function protocolView(data: ResultsData, search: SearchInfo): ResultsData {
  const p = search.protocol!;
  const byVariant = p.compare === 'variant';
  const runs = data.runs
    .filter((r) => r.swept['stage'] === 'final')
    .map((r): RunRow => ({ ...r, swept: byVariant ? {} : { [p.compare]: r.swept[p.compare] ?? '' } }));
  // The tuning runs never saw the test split; the final runs exist to be measured on it.
  const report = { ...data.spec.report, rows: p.compare, columns: null, metric: testMetric(data, search) };
  return {
    ...data,
    sweptKeys: byVariant ? [] : [p.compare],
    runs,
    spec: { ...data.spec, report, baseValues: {}, baseVariant: null, expectedRuns: null },
  };
}

/** The test twin of the selection metric (val_r2 → test_r2) when runs.csv has it, else test_accuracy. */
export function testMetric(data: ResultsData, search: SearchInfo): string {
  const twin = search.selection.startsWith('val_') ? `test_${search.selection.slice(4)}` : 'test_accuracy';
  return data.runs.some((r) => r.metrics[twin] !== undefined) ? twin : 'test_accuracy';
}
