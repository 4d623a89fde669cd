/**
 * The results folder: runs.csv, epochs.csv, spec.yaml, overrides.json,
 * environment.json. The only module besides the CLI that writes files.
 *
 * Crash safety: a finished run is written as one append+fsync of its epoch
 * rows, then one append+fsync of its runs.csv row. A run is done only when
 * its runs.csv row exists; epoch rows without one are orphans of a crash and
 * are removed (atomic rewrite) when the folder is opened again.
 *
 * Shards of one sweep append into the same two files. Every write happens
 * under `.append.lock` (see lock.ts), so lines of different processes never
 * interleave even on a network filesystem where O_APPEND is not atomic, and
 * the orphan cleanup cannot race another shard's append.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import YAML from 'yaml';
import type { RunPlan } from '../spec/spec.js';
import type { EpochRecord, RunResult } from '../../train/record.js';
import { epochColumns, formatCsv, parseCsv, runColumns } from './results.js';
import { withAppendLock } from './lock.js';
import { trained } from '../../train/learned.js';
import { denseCount } from '../../nn/stack.js';
import { mergeEnvironment, type Environment } from './environment.js';

export const RUNS_FILE = 'runs.csv';
export const EPOCHS_FILE = 'epochs.csv';
export const SPEC_FILE = 'spec.yaml';
export const OVERRIDES_FILE = 'overrides.json';
export const ENVIRONMENT_FILE = 'environment.json';
const APPEND_LOCK = '.append.lock';

export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** Number of Dense layers of the deepest network among the plans (hidden layers + the output layer). */
export function maxDenseOf(plans: readonly RunPlan[]): number {
  return plans.reduce((m, p) => Math.max(m, denseCount(p.config.model)), 1);
}

export function runRow(plan: RunPlan, r: RunResult): Record<string, unknown> {
  return {
    run_id: plan.id,
    variant: plan.variant ?? '',
    ...plan.swept,
    seed: plan.seed,
    status: r.status,
    epochs: r.epochs,
    diverged_epoch: r.diverged_epoch,
    train_loss: r.train_loss,
    train_accuracy: r.train_accuracy,
    val_loss: r.val_loss,
    val_accuracy: r.val_accuracy,
    best_val_accuracy: r.best_val_accuracy,
    test_accuracy: r.test_accuracy,
    seconds: r.seconds,
    error: r.error,
    ...r.metrics,
  };
}

export function epochRow(runId: string, e: EpochRecord): Record<string, unknown> {
  return {
    run_id: runId,
    epoch: e.epoch,
    train_loss: e.train_loss,
    train_accuracy: e.train_accuracy,
    val_loss: e.val_loss,
    val_accuracy: e.val_accuracy,
    seconds: e.seconds,
    lr: e.lr,
    ...e.metrics,
    ...e.diagnostics,
  };
}

/** CSV text of rows already in their stored (escaped) string form: re-emitting must not escape twice. */
function unparseStored(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  const text = Papa.unparse({ fields: [...columns], data: rows.map((r) => columns.map((c) => r[c] ?? '')) }, { newline: '\n', quotes: false });
  return text.replace(/\n+$/, '') + '\n';
}

/** Just the header line (papaparse adds a blank line after a header with no rows). */
function headerLine(columns: readonly string[]): string {
  return formatCsv(columns, [], true).replace(/\n+$/, '') + '\n';
}

/**
 * A write that failed on a file descriptor (ENOSPC, EDQUOT, EIO) carries no path, and the CLI could
 * only call it an unexpected error: name the file, so its one line says which folder is full.
 */
function withPath(e: unknown, file: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && typeof err.code === 'string' && typeof err.path !== 'string') err.path = file;
  return e;
}

/**
 * Write (flag 'w') or append ('a') text and fsync it before returning: on disk, not just in a cache.
 * An append that fails part-way (disk full) is cut back to where it started, so the file holds
 * whole lines only and the next run has nothing to clean.
 */
function writeSynced(file: string, text: string, flag: 'a' | 'w', sync = true): void {
  let fd: number;
  try {
    fd = fs.openSync(file, flag);
  } catch (e) {
    throw withPath(e, file);
  }
  const start = flag === 'a' ? fs.fstatSync(fd).size : 0;
  try {
    fs.writeFileSync(fd, text);
    if (sync) fs.fsyncSync(fd);
  } catch (e) {
    try {
      fs.ftruncateSync(fd, start);
    } catch {
      // Could not cut it back: the next open drops the incomplete last line (see parseCsv).
    }
    throw withPath(e, file);
  } finally {
    fs.closeSync(fd);
  }
}

function appendDurably(file: string, text: string, sync = true): void {
  if (text.length > 0) writeSynced(file, text, 'a', sync);
}

/** Flush what earlier unsynced appends left in the cache. */
function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    throw withPath(e, file);
  } finally {
    fs.closeSync(fd);
  }
}

/** Replace a file's content so a reader sees the old or the new file, never half of one. A failed write leaves no temp file behind. */
export function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeSynced(tmp, text, 'w');
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err === 'object' && typeof err.code === 'string') err.path = file; // the file the user knows, not our temp name
    throw e;
  }
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export interface StoredRuns {
  columns: string[];
  rows: Record<string, string>[];
  warnings: string[];
}

/** Read runs.csv of a results folder (empty when absent). Read-only: for status, compare, reports. */
export function readRuns(dir: string): StoredRuns {
  const file = path.join(dir, RUNS_FILE);
  const text = readText(file);
  if (text === null) return { columns: [], rows: [], warnings: [] };
  return parseCsv(text, file);
}

export interface OpenOptions {
  sweepKeys: readonly string[];
  maxDense: number;
  warn: (msg: string) => void;
  /** The experiment trains on real-valued targets: add the rmse/mae/r2 columns. */
  regression?: boolean;
  /** Runs in progress (they have a checkpoint): their epoch rows without a runs.csv row are kept, not orphans. */
  inProgress?: ReadonlySet<string>;
}

/** A runs.csv whose columns are another sweep's (other swept keys): appending would corrupt it. Null when they fit. */
export function columnMismatch(runsFile: string, have: readonly string[], sweepKeys: readonly string[], regression = false): StoreError | null {
  const want = runColumns(sweepKeys, regression);
  if (have.join(',') === want.join(',')) return null;
  return new StoreError(
    `${runsFile} has columns (${have.join(', ')}) but this sweep needs (${want.join(', ')}); ` +
      `rerun with --force to move the old results aside, or give the experiment another name`,
  );
}

export class ResultsStore {
  readonly dir: string;
  readonly runColumns: string[];
  /** The epochs.csv header in use (an existing wider header is kept). */
  readonly epochColumns: string[];
  private readonly lockFile: string;

  private constructor(dir: string, runCols: string[], epochCols: string[]) {
    this.dir = dir;
    this.runColumns = runCols;
    this.epochColumns = epochCols;
    this.lockFile = path.join(dir, APPEND_LOCK);
  }

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  /**
   * Open (creating if needed) a results folder: check the existing headers
   * match this sweep, cut off a half-written last line, drop orphan epoch rows.
   */
  static open(dir: string, opts: OpenOptions): ResultsStore {
    fs.mkdirSync(dir, { recursive: true });
    const wantRuns = runColumns(opts.sweepKeys, opts.regression);
    const wantEpochs = epochColumns(opts.maxDense, opts.regression);
    const lockFile = path.join(dir, APPEND_LOCK);
    return withAppendLock(lockFile, () => {
      const runsFile = path.join(dir, RUNS_FILE);
      const epochsFile = path.join(dir, EPOCHS_FILE);
      const runsText = readText(runsFile);
      let runIds = new Set<string>();
      let runRows: Record<string, string>[] = [];
      if (runsText === null || runsText.trim() === '') {
        writeAtomically(runsFile, headerLine(wantRuns));
      } else {
        const parsed = parseCsv(runsText, runsFile);
        const mismatch = columnMismatch(runsFile, parsed.columns, opts.sweepKeys, opts.regression);
        if (mismatch) throw mismatch;
        parsed.warnings.forEach((w) => opts.warn(w));
        // A cut-off last line must go before we append, or our first row would be glued onto it; ragged rows go too (their runs re-run).
        // CRLF (a spreadsheet saved it) is rewritten as LF with every row kept, so the file we append to has one line ending.
        if (!runsText.endsWith('\n') || parsed.warnings.length > 0 || runsText.includes('\r\n')) writeAtomically(runsFile, unparseStored(parsed.columns, parsed.rows));
        runRows = parsed.rows;
        runIds = new Set(parsed.rows.map((r) => r.run_id!));
      }
      let epochCols = wantEpochs;
      let epochsText = readText(epochsFile);
      if (epochsText === null || epochsText.trim() === '') {
        // A missing or emptied epochs.csv still goes through the check below: every completed run lost its rows.
        epochsText = headerLine(wantEpochs);
        writeAtomically(epochsFile, epochsText);
      }
      {
        const parsed = parseCsv(epochsText, epochsFile);
        const have = new Set(parsed.columns);
        if (parsed.columns[0] !== 'run_id' || !wantEpochs.every((c) => have.has(c))) {
          throw new StoreError(
            `${epochsFile} has columns for a shallower network than this sweep (${parsed.columns.length} vs ${wantEpochs.length}); ` +
              `rerun with --force to move the old results aside, or give the experiment another name`,
          );
        }
        epochCols = parsed.columns;
        parsed.warnings.forEach((w) => opts.warn(w));
        // A completed run is whole only with its epoch rows 0..epochs, each once; one that lost rows
        // (epochs.csv cut off or damaged) is dropped from runs.csv too, so it runs again.
        const epochsOf = new Map<string, string[]>();
        for (const r of parsed.rows) {
          const list = epochsOf.get(r.run_id!);
          if (list) list.push(r.epoch!);
          else epochsOf.set(r.run_id!, [r.epoch!]);
        }
        const whole = (r: Record<string, string>): boolean => {
          const got = epochsOf.get(r.run_id!) ?? [];
          const want = Number(r.epochs) + 1;
          return got.length === want && new Set(got).size === want && got.every((e) => /^\d+$/.test(e) && Number(e) < want);
        };
        const broken = runRows.filter((r) => trained(r.status ?? '') && !whole(r)).map((r) => r.run_id!);
        if (broken.length > 0) {
          opts.warn(`${epochsFile}: run${broken.length > 1 ? 's' : ''} ${broken.slice(0, 5).join(', ')}${broken.length > 5 ? ` and ${broken.length - 5} more` : ''} lost epoch rows; ${broken.length > 1 ? 'they' : 'it'} will re-run`);
          for (const id of broken) runIds.delete(id);
          writeAtomically(runsFile, unparseStored(wantRuns, runRows.filter((r) => runIds.has(r.run_id!))));
        }
        const kept = parsed.rows.filter((r) => runIds.has(r.run_id!) || opts.inProgress?.has(r.run_id!));
        const orphans = parsed.rows.length - kept.length;
        if (orphans > 0) opts.warn(`${epochsFile}: removing ${orphans} epoch rows of runs that never finished writing; they will re-run`);
        if (orphans > 0 || !epochsText.endsWith('\n') || parsed.warnings.length > 0 || epochsText.includes('\r\n')) {
          writeAtomically(epochsFile, unparseStored(epochCols, kept));
        }
      }
      return new ResultsStore(dir, wantRuns, epochCols);
    });
  }

  /** run_id → stored row (strings, as in the file). */
  runs(): Map<string, Record<string, string>> {
    const { rows } = readRuns(this.dir);
    return new Map(rows.map((r) => [r.run_id!, r]));
  }

  /** Remove runs (and their epochs) that are about to run again, e.g. previously failed ones. */
  dropRuns(ids: ReadonlySet<string>): void {
    if (ids.size === 0) return;
    withAppendLock(this.lockFile, () => {
      // runs.csv first: if we die between the two rewrites, the leftover epoch rows are orphans and get cleaned.
      for (const name of [RUNS_FILE, EPOCHS_FILE]) {
        const file = this.file(name);
        const parsed = parseCsv(readText(file) ?? '', file);
        if (parsed.columns.length === 0) continue;
        writeAtomically(file, unparseStored(parsed.columns, parsed.rows.filter((r) => !ids.has(r.run_id!))));
      }
    });
  }

  /**
   * One epoch's row of a run in progress, appended as soon as the epoch is recorded. Not fsynced
   * (an fsync per epoch would cost more than a short epoch): a killed process leaves it in the
   * page cache all the same, and record() syncs the file before the runs row that makes the run
   * count, so a power cut can lose only rows of runs that then re-run (or continue).
   */
  appendEpoch(runId: string, e: EpochRecord): void {
    const text = formatCsv(this.epochColumns, [epochRow(runId, e)], false);
    try {
      withAppendLock(this.lockFile, () => appendDurably(this.file(EPOCHS_FILE), text, false));
    } catch (err) {
      throw withPath(err, this.lockFile); // a full disk can refuse the lock's own small file first
    }
  }

  /**
   * Before runs start or resume, make each one's epoch rows exactly the history its checkpoint
   * holds (run id → epochs 0..K; empty for a run starting afresh): rows a killed process wrote
   * after its last checkpoint go (the run trains those epochs again), and a row the kill caught
   * between the checkpoint and its append is written from the checkpoint.
   */
  resumeEpochs(keep: ReadonlyMap<string, readonly EpochRecord[]>): void {
    if (keep.size === 0) return;
    withAppendLock(this.lockFile, () => {
      const file = this.file(EPOCHS_FILE);
      const parsed = parseCsv(readText(file) ?? '', file);
      const rows = parsed.rows.filter((r) => !keep.has(r.run_id!) || Number(r.epoch) < keep.get(r.run_id!)!.length);
      const have = new Set(rows.map((r) => `${r.run_id}\u0000${r.epoch}`));
      const missing: Record<string, unknown>[] = [];
      for (const [id, history] of keep) for (const e of history) if (!have.has(`${id}\u0000${e.epoch}`)) missing.push(epochRow(id, e));
      if (rows.length < parsed.rows.length) writeAtomically(file, unparseStored(parsed.columns, rows));
      appendDurably(file, formatCsv(parsed.columns, missing, false));
    });
  }

  /**
   * Record one finished run: epoch rows first, then the runs.csv row that makes it count as done.
   * `streamed`: the epoch rows were already appended one by one (appendEpoch), only the run row is left.
   */
  record(plan: RunPlan, result: RunResult, streamed = false): void {
    const epochs = streamed ? '' : formatCsv(this.epochColumns, result.history.map((e) => epochRow(plan.id, e)), false);
    const run = formatCsv(this.runColumns, [runRow(plan, result)], false);
    try {
      withAppendLock(this.lockFile, () => {
        if (streamed) syncFile(this.file(EPOCHS_FILE));
        else appendDurably(this.file(EPOCHS_FILE), epochs);
        appendDurably(this.file(RUNS_FILE), run);
      });
    } catch (err) {
      throw withPath(err, this.lockFile); // a full disk can refuse the lock's own small file first
    }
  }

  /** spec.yaml: the spec text exactly as run, behind a comment naming the command-line overrides; and overrides.json. */
  writeSpec(specText: string, overrides: Record<string, unknown>, commandLine: string): void {
    const header =
      `# Spec as run by: ${commandLine.replace(/\r?\n/g, ' ')}\n` +
      `# Command-line overrides (also in ${OVERRIDES_FILE}): ${JSON.stringify(overrides)}\n`;
    withAppendLock(this.lockFile, () => {
      writeAtomically(this.file(SPEC_FILE), header + specText + (specText.endsWith('\n') ? '' : '\n'));
      writeAtomically(this.file(OVERRIDES_FILE), JSON.stringify(overrides, null, 2) + '\n');
    });
  }

  /**
   * When every planned run is recorded, the spec can still have changed where run ids do not
   * look (description, report, comments). Rewrite spec.yaml to the spec as it is now so the report
   * follows the edit; returns the report-facing keys that changed ("description", "report").
   */
  refreshSpec(specText: string, overrides: Record<string, unknown>, commandLine: string): string[] {
    const stored = readText(this.file(SPEC_FILE));
    const body = (t: string) => t.replace(/^(#[^\n]*\n)*/, '');
    const current = specText + (specText.endsWith('\n') ? '' : '\n');
    if (stored !== null && body(stored) === current) return [];
    const changed: string[] = [];
    let before: Record<string, unknown> = {};
    let now: Record<string, unknown> = {};
    try {
      before = (YAML.parse(stored ?? '') ?? {}) as Record<string, unknown>;
      now = (YAML.parse(specText) ?? {}) as Record<string, unknown>;
    } catch {
      // An unreadable stored spec is replaced by the current one (which validated).
    }
    for (const k of ['description', 'report']) if (JSON.stringify(before[k]) !== JSON.stringify(now[k])) changed.push(k);
    this.writeSpec(specText, overrides, commandLine);
    return changed;
  }

  /** The backend environment.json says the recorded runs were trained with; null when it does not say (older folders) or is unreadable. */
  recordedBackend(): string | null {
    try {
      const env = JSON.parse(readText(this.file(ENVIRONMENT_FILE)) ?? 'null') as Partial<Environment> | null;
      return typeof env?.backend === 'string' ? env.backend : null;
    } catch {
      return null;
    }
  }

  /** Fold this session into environment.json; compute_seconds is recomputed from runs.csv so resumes and shards add up. */
  writeEnvironment(env: Environment, finished: boolean): void {
    withAppendLock(this.lockFile, () => {
      const file = this.file(ENVIRONMENT_FILE);
      let previous: Partial<Environment> | null = null;
      try {
        previous = JSON.parse(readText(file) ?? 'null') as Partial<Environment> | null;
      } catch {
        previous = null; // unreadable: start a fresh record rather than refuse to run
      }
      const merged = finished ? { ...env, started_at: previous?.started_at ?? env.started_at, sessions: previous?.sessions ?? 1 } : mergeEnvironment(previous, env);
      const seconds = readRuns(this.dir).rows.reduce((s, r) => s + (Number(r.seconds) || 0), 0);
      merged.compute_seconds = Math.round(seconds * 1000) / 1000;
      writeAtomically(file, JSON.stringify(merged, null, 2) + '\n');
    });
  }
}

/** Move a results folder's files into backup-<stamp>/ (for --force): results are never deleted. Returns the backup path, or null if there was nothing. */
export function backupResults(dir: string, stamp: Date): string | null {
  // checkpoints/ must go too: a --force run starts every run fresh, never from an old checkpoint.
  const names = [RUNS_FILE, EPOCHS_FILE, SPEC_FILE, OVERRIDES_FILE, ENVIRONMENT_FILE, 'checkpoints', 'models', 'predictions'].filter((n) => fs.existsSync(path.join(dir, n)));
  if (names.length === 0) return null;
  const backup = path.join(dir, `backup-${stamp.toISOString().replace(/[:.]/g, '-')}`);
  fs.mkdirSync(backup, { recursive: true });
  for (const n of names) fs.renameSync(path.join(dir, n), path.join(backup, n));
  return backup;
}
