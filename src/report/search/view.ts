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
  const last = search.budgets.length - 1;
  const grid = data.sweptKeys.filter((k) => !(k in search.space) && !['trial', 'rung', 'stage'].includes(k));
  const runs = data.runs
    .filter((r) => !search.halving || Number(r.swept['rung']) === last)
    .map((r): RunRow => ({ ...r, swept: { ...Object.fromEntries(grid.map((k) => [k, r.swept[k] ?? ''])), trial: trialLabel(r.swept, search) } }))
    .sort((a, b) => trialNumber(a) - trialNumber(b));
  const report = { ...data.spec.report, rows: 'trial', columns: data.spec.report.columns !== null && grid.includes(data.spec.report.columns) ? data.spec.report.columns : null };
  return {
    ...data,
    sweptKeys: [...grid, 'trial'],
    runs,
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
  const report = { ...data.spec.report, rows: p.compare, columns: null, metric: 'test_accuracy' };
  return {
    ...data,
    sweptKeys: byVariant ? [] : [p.compare],
    runs,
    spec: { ...data.spec, report, baseValues: {}, baseVariant: null, expectedRuns: null },
  };
}
