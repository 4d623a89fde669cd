/** Which configuration keys become table rows, columns, and separate tables. */
import type { ReportSpec } from '../experiment/spec/spec.js';
import type { ResultsData, RunRow } from './model.js';

export interface Layout {
  /** 'variant' or a dotted swept key; null = a single row. */
  rows: string | null;
  /** 'variant' or a dotted swept key; null = a single column. */
  columns: string | null;
  /** Remaining configuration keys: each combination of their values gets its own table. */
  others: string[];
}

/** The keys that tell configurations apart (the seed excluded). */
export function configKeys(data: Pick<ResultsData, 'hasVariants' | 'sweptKeys'>): string[] {
  return [...(data.hasVariants ? ['variant'] : []), ...data.sweptKeys];
}

export function valueOf(run: RunRow, key: string): string {
  return key === 'variant' ? run.variant : (run.swept[key] ?? '');
}

/** Last segments too generic to stand alone ("model.init.weights" → "init.weights", not "weights"). */
const GENERIC = new Set(['weights', 'biases', 'name']);

/** Short display name of a dotted key: its last segment ("optimizer.lr" → "lr"). */
export function shortKey(key: string): string {
  const parts = key.split('.');
  const last = parts[parts.length - 1]!;
  return GENERIC.has(last) && parts.length > 1 ? parts.slice(-2).join('.') : last;
}

/**
 * Distinct values in a natural order: numerically if all are numbers, else in
 * the `preferred` order (the spec's sweep list) and then as first seen; runs.csv
 * rows arrive in completion order, which parallel workers shuffle.
 */
export function orderedValues(values: readonly string[], preferred: readonly string[] = []): string[] {
  const distinct = [...new Set(values)];
  const allNumeric = distinct.length > 0 && distinct.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  if (allNumeric) return distinct.sort((a, b) => Number(a) - Number(b));
  return [...new Set(preferred)].filter((v) => distinct.includes(v)).concat(distinct.filter((v) => !preferred.includes(v)));
}

/**
 * The spec's rows/columns when they name real keys; otherwise inferred: a swept
 * learning rate goes on the columns (it is the usual x axis), the first other key on the rows.
 */
export function chooseLayout(data: Pick<ResultsData, 'hasVariants' | 'sweptKeys'>, report: ReportSpec, warnings: string[]): Layout {
  const keys = configKeys(data);
  const pick = (k: string | null, what: string): string | null => {
    if (k === null) return null;
    if (keys.includes(k)) return k;
    warnings.push(`spec.yaml: report.${what} "${k}" is not a swept key or "variant" (have: ${keys.join(', ') || 'none'}); choosing one instead`);
    return null;
  };
  let rows = pick(report.rows, 'rows');
  let columns = pick(report.columns, 'columns');
  if (rows !== null && rows === columns) columns = null;
  const free = () => keys.filter((k) => k !== rows && k !== columns);
  if (columns === null && free().includes('optimizer.lr')) columns = 'optimizer.lr';
  if (rows === null) rows = free()[0] ?? null;
  if (columns === null) columns = free()[0] ?? null;
  return { rows, columns, others: free() };
}
