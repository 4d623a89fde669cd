/**
 * `nnlab compare <results dir>`: a terminal table of a metric's mean ± std
 * over seeds, best first. Only completed runs enter the statistics; diverged
 * and failed runs are counted beside them so they are never silently lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { readRuns } from '../experiment/store.js';
import { RUN_RESULT_COLUMNS } from '../experiment/results.js';
import { summarize, type Summary } from '../report/stats.js';
import { higherIsBetter } from '../report/model.js';
import { UsageError } from './errors.js';

export interface CompareArgs {
  dir: string;
  rows?: string;
  columns?: string;
  metric?: string;
}

const METRICS = RUN_RESULT_COLUMNS.filter((c) => /loss|accuracy/.test(c));

function specMetric(dir: string): string | null {
  try {
    const doc = YAML.parse(fs.readFileSync(path.join(dir, 'spec.yaml'), 'utf8')) as { report?: { metric?: unknown } } | null;
    return typeof doc?.report?.metric === 'string' ? doc.report.metric : null;
  } catch {
    return null;
  }
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

export function compareCommand(a: CompareArgs, out: (l: string) => void, err: (l: string) => void): number {
  const file = path.join(a.dir, 'runs.csv');
  if (!fs.existsSync(file)) throw new UsageError(`${a.dir}: not a results folder (no runs.csv); pass results/<name>`);
  const t = readRuns(a.dir);
  t.warnings.forEach((w) => err(`nnlab: warning: ${w}`));
  const start = t.columns.indexOf('variant');
  const end = t.columns.indexOf('seed');
  const swept = start >= 0 && end > start ? t.columns.slice(start + 1, end) : [];
  const hasVariants = t.rows.some((r) => (r.variant ?? '') !== '');
  const keys = [...(hasVariants ? ['variant'] : []), ...swept];
  const metric = a.metric ?? specMetric(a.dir) ?? 'val_accuracy';
  if (!METRICS.includes(metric as (typeof METRICS)[number])) throw new UsageError(`--metric ${metric}: unknown metric; use one of ${METRICS.join(', ')}`);
  for (const [flag, k] of [['--rows', a.rows], ['--columns', a.columns]] as const) {
    if (k !== undefined && !keys.includes(k)) {
      throw new UsageError(`${flag} ${k}: not a swept key of ${a.dir}; use one of ${keys.length ? keys.join(', ') : '(none: this sweep has a single configuration)'}`);
    }
  }
  if (t.rows.length === 0) {
    out(`${a.dir}: no runs recorded yet`);
    return 0;
  }
  const higher = higherIsBetter(metric);
  const better = (x: Summary | null, y: Summary | null): number => (x && y ? (higher ? y.mean - x.mean : x.mean - y.mean) : x ? -1 : y ? 1 : 0);

  const rowKeys = a.rows !== undefined ? [a.rows] : a.columns !== undefined ? [] : keys;
  const label = (r: Record<string, string>, ks: readonly string[]): string => (ks.length ? ks.map((k) => (ks.length > 1 ? `${k}=${r[k]}` : r[k]!)).join(' ') : 'all runs');
  interface Group { label: string; runs: Record<string, string>[] }
  const group = (rows: Record<string, string>[], ks: readonly string[]): Group[] => {
    const m = new Map<string, Record<string, string>[]>();
    for (const r of rows) {
      const l = label(r, ks);
      if (!m.has(l)) m.set(l, []);
      m.get(l)!.push(r);
    }
    return [...m].map(([l, runs]) => ({ label: l, runs }));
  };
  const stat = (runs: Record<string, string>[]): Summary | null =>
    summarize(runs.filter((r) => r.status === 'completed').map((r) => Number(r[metric])));
  const others = (runs: Record<string, string>[]): string => {
    const d = runs.filter((r) => r.status === 'diverged').length;
    const f = runs.filter((r) => r.status === 'failed').length;
    return [d ? `${d} diverged` : '', f ? `${f} failed` : ''].filter(Boolean).join(', ');
  };

  out(`${path.basename(path.resolve(a.dir))}: ${metric} (mean ± std over seeds, completed runs; ${higher ? 'higher' : 'lower'} is better)`);
  if (a.columns === undefined) {
    const groups = group(t.rows, rowKeys).map((g) => ({ ...g, s: stat(g.runs) }));
    groups.sort((x, y) => better(x.s, y.s));
    const header = [rowKeys.length ? rowKeys.join(' ') : 'runs', metric, 'not completed'];
    renderTable(header, groups.map((g) => [g.label, cell(g.s), others(g.runs)])).forEach((l) => out(l));
    return 0;
  }
  const colGroups = group(t.rows, [a.columns]).map((g) => ({ ...g, s: stat(g.runs) }));
  colGroups.sort((x, y) => better(x.s, y.s));
  const rowGroups = group(t.rows, rowKeys).map((g) => ({ ...g, s: stat(g.runs) }));
  rowGroups.sort((x, y) => better(x.s, y.s));
  const header = [`${rowKeys.join(' ') || 'rows'} \\ ${a.columns}`, ...colGroups.map((c) => c.label), 'overall'];
  const body = rowGroups.map((rg) => [
    rg.label,
    ...colGroups.map((cg) => cell(stat(rg.runs.filter((r) => r[a.columns!] === cg.label)))),
    cell(rg.s),
  ]);
  renderTable(header, body).forEach((l) => out(l));
  return 0;
}
