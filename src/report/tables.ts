/** Turns the parsed CSV tables into typed rows. Pure: load.ts hands in the file texts. */
import { num, parseCsv, RUN_RESULT_COLUMNS, unescapeCell } from '../experiment/store/results.js';
import type { EpochRow, RunRow } from './model.js';
import { REGRESSION_RUN_COLUMNS } from '../train/columns.js';

export interface CsvFile {
  /** Shown in warnings. */
  file: string;
  text: string;
}

export interface RunTable {
  sweptKeys: string[];
  runs: RunRow[];
}

/** Swept keys are the columns between `variant` and `seed` (see runColumns). */
function sweptKeysOf(columns: string[]): string[] {
  const start = columns.indexOf('variant');
  const end = columns.indexOf('seed');
  if (start < 0 || end < 0 || end < start) return [];
  return columns.slice(start + 1, end);
}

const NUMERIC_RUN_COLUMNS = [
  ...RUN_RESULT_COLUMNS.filter((c) => !['seed', 'status', 'error', 'epochs', 'diverged_epoch', 'seconds'].includes(c)),
  ...REGRESSION_RUN_COLUMNS, // regression experiments; empty (null) for classification
];

/** A runs.csv without nnlab's key columns. Its name is one of the CLI's input errors: a broken file is bad input (exit 2), not a crash. */
export class RunsTableError extends Error {
  constructor(file: string, missing: string) {
    super(`${file}: not a runs table (no "${missing}" column); pass a folder written by nnlab run`);
    this.name = 'DataError';
  }
}

/** Throws RunsTableError unless the columns have run_id and status (report and compare both read runs.csv). */
export function checkRunsTable(file: string, columns: readonly string[]): void {
  for (const need of ['run_id', 'status']) if (!columns.includes(need)) throw new RunsTableError(file, need);
}

/** Runs from one or more runs CSVs (shards); a run_id seen twice keeps its last row. */
export function readRunTables(files: readonly CsvFile[], warnings: string[]): RunTable {
  const keys: string[] = [];
  const byId = new Map<string, RunRow>();
  for (const { file, text } of files) {
    const t = parseCsv(text, file);
    warnings.push(...t.warnings);
    if (t.columns.length === 0) continue;
    checkRunsTable(file, t.columns);
    for (const k of sweptKeysOf(t.columns)) if (!keys.includes(k)) keys.push(k);
    for (const r of t.rows) {
      const swept: Record<string, string> = {};
      for (const k of sweptKeysOf(t.columns)) swept[k] = unescapeCell(r[k] ?? '');
      const metrics: Record<string, number | null> = {};
      for (const m of NUMERIC_RUN_COLUMNS) metrics[m] = num(r[m]);
      if (byId.has(r.run_id!)) warnings.push(`${file}: run ${r.run_id} appears more than once; keeping the last row`);
      byId.set(r.run_id!, {
        run_id: r.run_id!,
        variant: unescapeCell(r.variant ?? ''),
        swept,
        seed: r.seed ?? '',
        status: r.status ?? '',
        epochs: num(r.epochs),
        diverged_epoch: num(r.diverged_epoch),
        metrics,
        seconds: num(r.seconds),
        error: unescapeCell(r.error ?? ''),
      });
    }
  }
  const runs = [...byId.values()];
  // A shard written before another may lack a key: fill it so grouping stays consistent.
  for (const run of runs) for (const k of keys) run.swept[k] ??= '';
  return { sweptKeys: keys, runs };
}

export interface EpochTable {
  columns: string[];
  epochs: Map<string, EpochRow[]>;
}

export function readEpochTables(files: readonly CsvFile[], warnings: string[]): EpochTable {
  const columns: string[] = [];
  const epochs = new Map<string, EpochRow[]>();
  for (const { file, text } of files) {
    const t = parseCsv(text, file);
    warnings.push(...t.warnings);
    if (t.columns.length === 0) continue;
    if (!t.columns.includes('run_id') || !t.columns.includes('epoch')) {
      throw new Error(`${file}: not an epochs table (needs "run_id" and "epoch" columns)`);
    }
    for (const c of t.columns) if (c !== 'run_id' && !columns.includes(c)) columns.push(c);
    for (const r of t.rows) {
      const row: EpochRow = {};
      for (const c of t.columns) if (c !== 'run_id') row[c] = num(r[c]);
      const list = epochs.get(r.run_id!) ?? [];
      list.push(row);
      epochs.set(r.run_id!, list);
    }
  }
  for (const list of epochs.values()) list.sort((a, b) => (a.epoch ?? 0) - (b.epoch ?? 0));
  return { columns, epochs };
}
