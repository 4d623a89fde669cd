/**
 * `nnlab compare <results dir>`: a terminal table of a metric's mean ± std
 * over every seed, best first, by the report's rule (src/report/aggregate.ts):
 * diverged and failed seeds count at their untrained level, and the runs that
 * did not learn are counted beside the numbers, so none is silently lost.
 * Nor are configurations silently pooled: a rows × columns grid gets one table
 * per combination of the other keys (e.g. per variant), as the report does, and
 * a list whose rows pool other keys says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { readRuns } from '../experiment/store/store.js';
import { REGRESSION_RUN_COLUMNS, RUN_RESULT_COLUMNS, unescapeCell } from '../experiment/store/results.js';
import type { Summary } from '../report/stats/index.js';
import { cellStats, metricMeasure } from '../report/aggregate.js';
import { loadResults } from '../report/load.js';
import type { RunRow } from '../report/model.js';
import { higherIsBetter, resultsTasks } from '../report/model.js';
import { defaultMetric, metricTaskProblem, taskMetrics, taskMismatch } from '../experiment/spec/metrics.js';
import { orderedValues } from '../report/layout.js';
import { searchView } from '../report/search/view.js';
import { checkRunsTable } from '../report/tables.js';
import { UsageError } from './errors.js';
import { suggestion } from '../experiment/spec/suggest.js';
import { didYouMean } from '../report/cut.js';
import { count } from '../report/words.js';

export interface CompareArgs {
  dir: string;
  rows?: string;
  columns?: string;
  metric?: string;
}

/** Results metrics: losses and accuracies, and (when runs.csv has them) a regression experiment's rmse / mae / r2. */
const METRICS: readonly string[] = RUN_RESULT_COLUMNS.filter((c) => /loss|accuracy/.test(c));

interface SpecHints {
  metric: string | null;
  /** Key (or "variant") → its values in the spec's order, for ordering non-numeric columns. */
  order: Record<string, string[]>;
}

/** What spec.yaml says about the report metric and the sweep order; nothing when it is missing or unreadable. */
function specHints(dir: string): SpecHints {
  const hints: SpecHints = { metric: null, order: {} };
  let doc: { report?: { metric?: unknown }; sweep?: unknown; variants?: unknown } | null;
  try {
    doc = YAML.parse(fs.readFileSync(path.join(dir, 'spec.yaml'), 'utf8')) as typeof doc;
  } catch {
    return hints;
  }
  if (typeof doc?.report?.metric === 'string') hints.metric = doc.report.metric;
  if (doc?.sweep && typeof doc.sweep === 'object') {
    for (const [k, vs] of Object.entries(doc.sweep)) if (Array.isArray(vs)) hints.order[k] = vs.map(String);
  }
  const v = doc?.variants;
  if (Array.isArray(v)) hints.order.variant = v.map((x) => String((x as { name?: unknown })?.name ?? ''));
  else if (v && typeof v === 'object') hints.order.variant = Object.keys(v);
  return hints;
}

function cell(s: Summary | null): string {
  if (!s) return '—';
  return s.std === null ? `${s.mean.toFixed(4)} (n=1)` : `${s.mean.toFixed(4)} ± ${s.std.toFixed(4)} (n=${s.n})`;
}

/** Left-aligned columns separated by two spaces; the header underlined. */
export function renderTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (r: string[]): string => r.map((c, j) => c.padEnd(widths[j]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

type Row = Record<string, string>;

/** Rows split by the values of `keys`, the groups in each key's natural order. */
function splitBy(rows: Row[], keys: readonly string[], order: Record<string, string[]>): { values: Row; rows: Row[] }[] {
  const ranks = keys.map((k) => orderedValues(rows.map((r) => r[k] ?? ''), order[k]));
  const groups = new Map<string, { values: Row; rows: Row[] }>();
  for (const r of rows) {
    const id = JSON.stringify(keys.map((k) => r[k] ?? ''));
    const g = groups.get(id) ?? { values: Object.fromEntries(keys.map((k) => [k, r[k] ?? ''])), rows: [] };
    g.rows.push(r);
    groups.set(id, g);
  }
  const rank = (g: { values: Row }) => keys.map((k, i) => ranks[i]!.indexOf(g.values[k]!));
  return [...groups.values()].sort((x, y) => {
    const rx = rank(x), ry = rank(y);
    const i = rx.findIndex((v, j) => v !== ry[j]);
    return i < 0 ? 0 : rx[i]! - ry[i]!;
  });
}

/**
 * The fix for a file passed as the folder: a spec's results are in results/<its name> (the spec's
 * folder, e.g. experiments/, was suggested before), a runs.csv's in the folder that holds it.
 */
function fileInsteadOfFolder(file: string): string {
  if (/\.ya?ml$/i.test(file)) {
    let name: unknown;
    try {
      name = (YAML.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown } | null)?.name;
    } catch {
      name = undefined;
    }
    const folder = path.join('results', typeof name === 'string' && name !== '' ? name : path.basename(file).replace(/\.ya?ml$/i, ''));
    return `${file}: a spec file; compare takes the results folder of a run, e.g. nnlab compare ${folder}`;
  }
  return `${file}: a file; pass the results folder that holds it (${path.dirname(file)})`;
}

/** A results folder, or bad input with the fix (a spec or a runs.csv given instead, no runs.csv). */
export function checkResultsFolder(dir: string): void {
  if (fs.existsSync(dir) && fs.statSync(dir).isFile()) throw new UsageError(fileInsteadOfFolder(dir));
  if (!fs.existsSync(path.join(dir, 'runs.csv'))) throw new UsageError(`${dir}: not a results folder (no runs.csv); pass results/<name>`);
}

export function compareCommand(a: CompareArgs, out: (l: string) => void, err: (l: string) => void): number {
  const file = path.join(a.dir, 'runs.csv');
  checkResultsFolder(a.dir);
  if (a.rows !== undefined && a.rows === a.columns) throw new UsageError(`--rows and --columns are both ${a.rows}; give them two different keys`);
  const t = readRuns(a.dir);
  if (t.columns.length > 0) checkRunsTable(file, t.columns);
  // The report's reading of the same folder: only the runs the spec as last run plans (never a mean over two
  // configurations), every seed counting (diverged and failed seeds at their untrained level, from epochs.csv),
  // and a run that ended worse than it started is failed_to_learn.
  const loaded = loadResults(a.dir);
  [...t.warnings, ...loaded.warnings].forEach((w) => err(`nnlab: warning: ${w}`));
  // A search compares what its report's tables compare: trials, the last rung, or a protocol's final runs per arm.
  const view = searchView(loaded);
  const byId = new Map(view.runs.map((r) => [r.run_id, r]));
  t.rows = t.rows.filter((r) => byId.has(r.run_id!));
  const start = t.columns.indexOf('variant');
  const end = t.columns.indexOf('seed');
  let swept = start >= 0 && end > start ? t.columns.slice(start + 1, end) : [];
  if (view !== loaded) {
    swept = view.sweptKeys;
    t.rows = t.rows.map((r) => ({ ...r, ...byId.get(r.run_id!)!.swept }));
  }
  // Values as written, without the quote that keeps spreadsheets from running them.
  for (const r of t.rows) for (const k of ['variant', ...swept]) if (r[k] !== undefined) r[k] = unescapeCell(r[k]);
  const hasVariants = t.rows.some((r) => (r.variant ?? '') !== '');
  const keys = [...(hasVariants ? ['variant'] : []), ...swept];
  const hints = specHints(a.dir);
  // Only the recorded task's metrics: a regression folder's accuracy columns are NaN, a classification one has no r2.
  const tasks = resultsTasks(loaded.runs);
  const valid = taskMetrics(tasks);
  const metrics = [...METRICS, ...REGRESSION_RUN_COLUMNS.filter((c) => t.columns.includes(c))].filter((m) => valid.includes(m));
  let metric = a.metric ?? (view !== loaded ? view.spec.report.metric : undefined) ?? hints.metric ?? defaultMetric(tasks);
  if (a.metric === undefined && taskMismatch(metric, tasks) !== null) {
    // An older spec.yaml can name the other task's metric; its column is empty here.
    err(`nnlab: warning: spec.yaml's report.metric ${metric} is ${taskMismatch(metric, tasks)}; using ${defaultMetric(tasks)}`);
    metric = defaultMetric(tasks);
  }
  const wrongTask = metricTaskProblem(metric, tasks, metrics, `the runs of ${a.dir}`);
  if (wrongTask !== null) throw new UsageError(`--metric ${metric}: ${wrongTask}`);
  if (!metrics.includes(metric)) throw new UsageError(`--metric ${metric}: unknown metric${suggestion(metric, metrics, false) ? `${suggestion(metric, metrics, false)} Use` : '; use'} one of ${metrics.join(', ')}`);
  for (const [flag, k] of [['--rows', a.rows], ['--columns', a.columns]] as const) {
    if (k !== undefined && !keys.includes(k)) {
      throw new UsageError(`${flag} ${k}: not a swept key of ${a.dir}${didYouMean(k, keys)}; use one of ${keys.length ? keys.join(', ') : '(none: this sweep has a single configuration)'}`);
    }
  }
  if (t.rows.length === 0) {
    out(loaded.runs.length > 0 && view !== loaded
      ? `${a.dir}: ${count(loaded.runs.length, 'run')} recorded, none yet of what the search compares (${loaded.spec.search?.protocol ? "each arm's final runs" : 'its trials'}); nnlab status shows its stage`
      : `${a.dir}: no runs recorded yet`);
    return 0;
  }
  const higher = higherIsBetter(metric);
  const better = (x: Summary | null, y: Summary | null): number => (x && y ? (higher ? y.mean - x.mean : x.mean - y.mean) : x ? -1 : y ? 1 : 0);
  const rowKeys = a.rows !== undefined ? [a.rows] : a.columns !== undefined ? [] : keys;
  const label = (r: Row, ks: readonly string[]): string => (ks.length ? ks.map((k) => (ks.length > 1 ? `${k}=${r[k]}` : r[k]!)).join(' ') : 'all runs');
  const measure = metricMeasure(metric, loaded.epochs, loaded.runs);
  const typed = (runs: Row[]): RunRow[] => runs.map((r) => byId.get(r.run_id!)).filter((r): r is RunRow => r !== undefined);
  const stat = (runs: Row[]): Summary | null => cellStats(typed(runs), measure).stats;
  const others = (runs: Row[]): string => {
    const rs = typed(runs);
    const n = (s: string) => rs.filter((r) => r.status === s).length;
    const parts = [['diverged', 'diverged'], ['failed', 'failed'], ['failed_to_learn', 'failed to learn']].map(([s, w]) => (n(s!) ? `${n(s!)} ${w}` : ''));
    const c = cellStats(rs, measure);
    if (c.unscored > 0) parts.push(`not ranked: no epoch-0 level for ${c.unscored}`);
    return parts.filter(Boolean).join(', ');
  };
  /** Groups by rowKeys, best first. */
  const ranked = (rows: Row[]) => splitBy(rows, rowKeys, hints.order)
    .map((g) => ({ label: label(g.values, rowKeys), runs: g.rows, s: stat(g.rows) }))
    .sort((x, y) => better(x.s, y.s));

  out(`${path.basename(path.resolve(a.dir))}: ${metric} (mean ± std over every seed, diverged and failed ones at their untrained level; ${higher ? 'higher' : 'lower'} is better)`);
  const rest = keys.filter((k) => !rowKeys.includes(k) && k !== a.columns);
  if (a.columns === undefined) {
    if (rest.length > 0) {
      const n = splitBy(t.rows, rest, hints.order).length;
      out(`Note: each row pools ${n} combinations of ${rest.join(', ')}; pass --columns ${rest[0]} (or leave out --rows) to see them apart.`);
    }
    const header = [rowKeys.length ? rowKeys.join(' ') : 'runs', metric, 'did not learn'];
    renderTable(header, ranked(t.rows).map((g) => [g.label, cell(g.s), others(g.runs)])).forEach((l) => out(l));
    return 0;
  }
  const col = a.columns;
  const colValues = orderedValues(t.rows.map((r) => r[col] ?? ''), hints.order[col]);
  // One table per combination of the keys that are neither rows nor columns.
  for (const part of splitBy(t.rows, rest, hints.order)) {
    if (rest.length > 0) {
      out('');
      out(`${rest.map((k) => `${k}=${part.values[k]}`).join(', ')}:`);
    }
    const header = [`${rowKeys.join(' ') || 'rows'} \\ ${col}`, ...colValues, 'overall'];
    const body = ranked(part.rows).map((rg) => [
      rg.label,
      ...colValues.map((cv) => cell(stat(rg.runs.filter((r) => r[col] === cv)))),
      cell(rg.s),
    ]);
    renderTable(header, body).forEach((l) => out(l));
  }
  return 0;
}
