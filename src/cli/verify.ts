/**
 * `nnlab verify <results dir>`: a reviewer's check. Retrains a seeded random
 * sample of the recorded runs from spec.yaml and overrides.json alone and
 * compares every recorded value (runs.csv and epochs.csv, all but the timings)
 * as text, bit for bit. A run recorded under another nnlab version or kernel
 * backend is reported as such: its numbers are not expected to match.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { requireFloat32Backend, requestedBackend } from '../tensor/wasm/index.js'; // the kernels a worker trains with
import { Rng } from '../tensor/rng.js';
import { loadDataset } from '../data/load.js';
import { trainRun } from '../train/trainer.js';
import { trained } from '../train/learned.js';
import { parseSpecFull } from '../experiment/spec/parse.js';
import { applyOverrides, type Overrides } from '../experiment/spec/overrides.js';
import { sweptColumns, trainOptionsOf } from '../experiment/plan/expand.js';
import { planRuns } from '../experiment/plan/stages.js';
import { epochRow, ENVIRONMENT_FILE, EPOCHS_FILE, OVERRIDES_FILE, runRow, RUNS_FILE, SPEC_FILE } from '../experiment/store/store.js';
import { epochColumns, formatCsv, parseCsvRows, runColumns } from '../experiment/store/results.js';
import type { RunPlan } from '../experiment/spec/spec.js';
import { checkResultsFolder } from './compare.js';
import { UsageError } from './errors.js';
import { nnlabVersion } from './fsutil.js';
import { isRegressionSpec } from '../experiment/spec/regression.js';
import { count } from '../report/words.js';

export interface VerifyArgs {
  dir: string;
  /** How many recorded runs to retrain (default 3; 0 = all). */
  runs: number;
  seed: string;
}

/** Columns whose values are wall-clock times, not results. */
const TIMING = new Set(['seconds']);

function readJson(file: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The values a record would have been written with, as the CSV text reads back. */
function asStored(columns: string[], rows: Record<string, unknown>[]): Record<string, string>[] {
  return parseCsvRows(formatCsv(columns, rows, true), '(retrained)').rows;
}

function differences(recorded: Record<string, string>, fresh: Record<string, string>, columns: readonly string[], where = ''): string[] {
  return columns.filter((c) => !TIMING.has(c) && (recorded[c] ?? '') !== (fresh[c] ?? ''))
    .map((c) => `${where}${c} (recorded ${recorded[c] || '""'}, retrained ${fresh[c] || '""'})`);
}

export function verifyCommand(a: VerifyArgs, out: (l: string) => void, err: (l: string) => void): number {
  checkResultsFolder(a.dir);
  if (!Number.isInteger(a.runs) || a.runs < 0) throw new UsageError(`--runs ${a.runs}: must be a whole number ≥ 0 (0 = every run)`);
  const specFile = path.join(a.dir, SPEC_FILE);
  if (!fs.existsSync(specFile)) throw new UsageError(`${a.dir}: no ${SPEC_FILE}, so its runs cannot be retrained; verify needs the folder nnlab run wrote`);
  const parsed = parseSpecFull(fs.readFileSync(specFile, 'utf8'), specFile);
  const overrides = readJson(path.join(a.dir, OVERRIDES_FILE));
  const spec = overrides ? applyOverrides(parsed.spec, overrides as Overrides, parsed.baseSizes) : parsed.spec;
  const runsFile = path.join(a.dir, RUNS_FILE);
  const runs = parseCsvRows(fs.readFileSync(runsFile, 'utf8'), runsFile);
  const plans = new Map<string, RunPlan>(planRuns(spec, new Map(runs.rows.map((r) => [r.run_id!, r]))).plans.map((p) => [p.id, p]));
  const epochsFile = path.join(a.dir, EPOCHS_FILE);
  const epochs = fs.existsSync(epochsFile) ? parseCsvRows(fs.readFileSync(epochsFile, 'utf8'), epochsFile) : { columns: [], rows: [] };
  // Failed runs (errors, interrupts) are retried by nnlab run, not results: nothing to verify.
  const candidates = runs.rows.filter((r) => trained(r.status ?? '') || r.status === 'diverged');
  const order = new Rng(`verify/${a.seed}`).permutation(candidates.length);
  const sample = [...order].slice(0, a.runs === 0 ? candidates.length : a.runs).map((i) => candidates[i]!);

  const env = readJson(path.join(a.dir, ENVIRONMENT_FILE));
  const version = nnlabVersion();
  const backend = requestedBackend(process.env);
  requireFloat32Backend();
  const recordedVersion = typeof env?.nnlab_version === 'string' ? env.nnlab_version : null;
  const recordedBackend = typeof env?.backend === 'string' ? env.backend : null;
  const other = [recordedVersion !== null && recordedVersion !== version ? `nnlab ${recordedVersion} (this is ${version})` : null,
    recordedBackend !== null && recordedBackend !== backend ? `the ${recordedBackend} kernels (these are ${backend})` : null].filter((x) => x !== null);

  out(`${a.dir}: retraining ${sample.length} of ${count(candidates.length, 'recorded run')} (seed ${a.seed}) from ${SPEC_FILE}${overrides ? ` and ${OVERRIDES_FILE}` : ''}`);
  let mismatches = 0, unverifiable = 0;
  for (const row of sample) {
    const id = row.run_id!;
    const plan = plans.get(id);
    const what = plan ? [plan.variant, ...Object.entries(plan.swept).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`), `seed=${plan.seed}`].filter(Boolean).join(' ') : '';
    if (!plan) { unverifiable++; out(`run ${id}: not planned by ${SPEC_FILE} with ${OVERRIDES_FILE}: cannot be retrained from them`); continue; }
    if (other.length > 0) { unverifiable++; out(`run ${id} (${what}): recorded under ${other.join(' and ')}: not comparable bit for bit, not checked`); continue; }
    const result = trainRun(plan.config, loadDataset(plan.config.data), { now: () => performance.now(), ...trainOptionsOf(plan) });
    const fresh = asStored(runColumns(sweptColumns(spec), isRegressionSpec(spec)), [runRow(plan, result)])[0]!;
    const diffs = differences(row, fresh, runs.columns);
    const recordedEpochs = epochs.rows.filter((e) => e.run_id === id);
    const freshEpochs = asStored(epochs.columns.length ? epochs.columns : epochColumns(1), result.history.map((e) => epochRow(id, e)));
    if (recordedEpochs.length !== freshEpochs.length) diffs.push(`epoch rows (recorded ${recordedEpochs.length}, retrained ${freshEpochs.length})`);
    else recordedEpochs.forEach((e, i) => diffs.push(...differences(e, freshEpochs[i]!, epochs.columns, `epoch ${e.epoch}: `)));
    if (diffs.length === 0) out(`run ${id} (${what}): match`);
    else {
      mismatches++;
      out(`run ${id} (${what}): DIFFERS in ${diffs.slice(0, 6).join('; ')}${diffs.length > 6 ? `; and ${diffs.length - 6} more` : ''}`);
    }
  }
  const checked = sample.length - unverifiable;
  if (mismatches > 0) {
    err(`nnlab: ${mismatches} of ${checked} retrained runs differ from what ${a.dir} records`);
    return 1;
  }
  out(`${checked} of ${count(sample.length, 'run')} match${checked === 1 ? 'es' : ''} bit for bit${unverifiable ? `; ${unverifiable} could not be compared (see above)` : ''}`);
  return 0;
}
