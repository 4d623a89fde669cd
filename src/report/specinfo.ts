/**
 * Reads the few things the report needs from spec.yaml. Tolerant on purpose:
 * a report of old or hand-edited results should still render, so nothing here throws.
 */
import { parse } from 'yaml';
import type { ReportSpec } from '../experiment/spec/spec.js';
import { applyOverrides, type Overrides } from '../experiment/spec/overrides.js';
import { parseSpecFull } from '../experiment/spec/parse.js';
import { expand, isStaged } from '../experiment/plan/expand.js';
import { plannedRunCount, planRuns, rungBudgets, selectionMetric, type StoredRow } from '../experiment/plan/stages.js';
import { formatDistribution } from '../experiment/spec/distribution.js';
import { cell } from '../experiment/store/results.js';
import { defaultMetric } from '../experiment/spec/metrics.js';
import { DEFAULT_REPORT, resultsTasks, type RunRow, type SpecInfo } from './model.js';

/** A nested config as dotted key → value as runs.csv writes it (for telling two sweeps' settings apart). */
function flatten(o: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (isRecord(o)) for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out[prefix] = String(cell(o));
  return out;
}

/** The value at a dotted key ("optimizer.lr") of a nested config; undefined when absent. */
function valueAt(o: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), o);
}

const CHART_NAMES = [
  'seeds', 'metric_vs_lr', 'learning_curves', 'generalization_gap', 'loss_curves', 'layer_diagnostics', 'weight_norm_vs_l2',
  'search_metric', 'parallel_coordinates', 'budget_curve',
] as const;
export type ChartName = (typeof CHART_NAMES)[number];
export const ALL_CHARTS: readonly ChartName[] = CHART_NAMES;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function readReport(raw: unknown, warnings: string[], recorded: readonly RunRow[]): ReportSpec {
  // The default metric is the recorded task's (val_r2 for regression results), as for a spec that validates.
  const metric = defaultMetric(resultsTasks(recorded));
  if (!isRecord(raw)) return { ...DEFAULT_REPORT, metric };
  const charts = Array.isArray(raw.charts) ? raw.charts.map(String) : [];
  for (const c of charts) {
    if (!(CHART_NAMES as readonly string[]).includes(c)) warnings.push(`spec.yaml: unknown chart "${c}" in report.charts; ignoring it`);
  }
  const target = typeof raw.target_accuracy === 'number' && Number.isFinite(raw.target_accuracy) ? raw.target_accuracy : null;
  return {
    rows: str(raw.rows),
    columns: str(raw.columns),
    metric: str(raw.metric) ?? metric,
    charts: charts.filter((c) => (CHART_NAMES as readonly string[]).includes(c)),
    target_accuracy: target,
  };
}

/** seeds × Π sweep lengths × variants, when every factor can be read. */
function expectedRuns(doc: Record<string, unknown>): number | null {
  const seeds = doc.seeds;
  let n = Array.isArray(seeds) ? seeds.length : typeof seeds === 'number' && Number.isInteger(seeds) ? seeds : null;
  if (n === null) return null;
  if (doc.sweep !== undefined && doc.sweep !== null) {
    if (!isRecord(doc.sweep)) return null;
    for (const values of Object.values(doc.sweep)) {
      if (!Array.isArray(values)) return null;
      n *= values.length;
    }
  }
  const v = doc.variants;
  if (Array.isArray(v) && v.length > 0) n *= v.length;
  else if (isRecord(v) && Object.keys(v).length > 0) n *= Object.keys(v).length;
  return n;
}

export function readSpecInfo(text: string | null, warnings: string[], recorded: readonly RunRow[] = []): SpecInfo {
  const empty: SpecInfo = { name: null, description: null, report: readReport(null, warnings, recorded), expectedRuns: null, plannedIds: null };
  if (text === null) return empty;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    warnings.push(`spec.yaml: not readable as YAML (${(e as Error).message.split('\n')[0]}); using defaults`);
    return empty;
  }
  if (!isRecord(doc)) return empty;
  return {
    name: str(doc.name),
    description: str(doc.description),
    report: readReport(doc.report, warnings, recorded),
    expectedRuns: expectedRuns(doc),
    plannedIds: null,
  };
}

/**
 * The rows of runs.csv that the spec as last run plans. A folder can also hold runs of an earlier
 * spec or other overrides (`--set`, `--seeds`): averaging those into a cell would mix
 * configurations, so they are left out with a warning. When no row matches at all (results of
 * an nnlab whose run ids differed), everything is kept.
 */
export function plannedRows<T extends { run_id?: string }>(rows: readonly T[], planned: ReadonlySet<string> | null, warnings: string[]): T[] {
  if (planned === null) return [...rows];
  const kept = rows.filter((r) => r.run_id !== undefined && planned.has(r.run_id));
  const left = rows.length - kept.length;
  if (left === 0) return kept;
  // Not one id matches: ids made another way (an older nnlab, hand-made tables), not a mix; keep them all.
  if (kept.length === 0) return [...rows];
  warnings.push(`${left} run(s) in runs.csv are not planned by spec.yaml with overrides.json (other settings or seeds, from an earlier run of the folder); left out, so no mean mixes configurations`);
  return kept;
}

/**
 * The spec through the spec module's own parser and the run's command-line
 * overrides, which give the exact planned run count; if that fails (an older
 * or hand-edited spec), the tolerant reader above.
 */
export function specInfoFrom(text: string | null, overrides: Record<string, unknown> | null, warnings: string[], recorded: readonly RunRow[] = []): SpecInfo {
  if (text === null) return readSpecInfo(null, warnings, recorded);
  try {
    const v = parseSpecFull(text, 'spec.yaml');
    const spec = overrides ? applyOverrides(v.spec, overrides as Overrides, v.baseSizes) : v.spec;
    return {
      name: spec.name,
      description: spec.description || null,
      report: spec.report,
      expectedRuns: plannedRunCount(spec),
      // A staged search (halving, protocol) plans later stages from its results: the ids planned so far.
      plannedIds: new Set((isStaged(spec) ? planRuns(spec, storedRows(recorded)).plans : expand(spec)).map((p) => p.id)),
      search: spec.search.method === 'random' || spec.search.halving || spec.protocol
        ? {
          space: Object.fromEntries(Object.entries(spec.search.space).map(([k, d]) => [k, d.kind])),
          written: Object.fromEntries(Object.entries(spec.search.space).map(([k, d]) => [k, formatDistribution(d)])),
          halving: spec.search.halving !== null, protocol: spec.protocol, selection: selectionMetric(spec.report.metric),
          trials: spec.search.trials, seed: spec.search.seed, eta: spec.search.halving?.eta ?? 1,
          budgets: spec.search.halving ? rungBudgets(spec.search.halving.min_epochs, spec.search.halving.eta, spec.base.train.epochs) : [spec.base.train.epochs],
        }
        : null,
      baseValues: Object.fromEntries(Object.keys(spec.sweep).map((k) => [k, String(cell(valueAt(spec.base, k)))])),
      baseVariant: spec.variants.find((v) => Object.keys(v.set).length === 0)?.name ?? null,
      baseConfig: flatten(spec.base),
    };
  } catch (e) {
    warnings.push(`spec.yaml does not validate (${(e as Error).message.split('\n')[0]}); reading it tolerantly`);
    return readSpecInfo(text, warnings, recorded);
  }
}

/** Report rows back to the string rows the planner reads (status and the metrics it ranks by). */
function storedRows(runs: readonly RunRow[]): Map<string, StoredRow> {
  return new Map(runs.map((r) => [r.run_id, { run_id: r.run_id, status: r.status, ...Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, v === null ? '' : String(v)])) }]));
}
