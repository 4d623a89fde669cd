/** Reads a results folder into ResultsData: the only module of the report that reads files. */
import fs from 'node:fs';
import path from 'node:path';
import { ENVIRONMENT_FILE, EPOCHS_FILE, OVERRIDES_FILE, RUNS_FILE, SPEC_FILE } from '../experiment/store/store.js';
import type { EpochRow, ResultsData, RunRow } from './model.js';
import { endedWorse, trained } from '../train/learned.js';
import { plannedRows, specInfoFrom } from './specinfo.js';
import { readEpochTables, readRunTables } from './tables.js';

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
}

function readJson(file: string, warnings: string[]): Record<string, unknown> | null {
  const text = readText(file);
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    warnings.push(`${file}: not a JSON object; ignoring it`);
  } catch (e) {
    warnings.push(`${file}: not valid JSON (${(e as Error).message}); ignoring it`);
  }
  return null;
}

/**
 * Results written before nnlab flagged failures to learn say "completed" for a run whose final
 * training loss is above its epoch-0 one; the report applies the same rule (learned.ts) to them.
 */
function flagFailedToLearn(runs: RunRow[], epochs: Map<string, EpochRow[]>, warnings: string[]): void {
  const found: string[] = [];
  for (const r of runs) {
    const rows = epochs.get(r.run_id);
    if (r.status !== 'completed' || !rows || rows.length < 2) continue;
    const first = rows.find((e) => e.epoch === 0), last = rows[rows.length - 1]!;
    if (first && endedWorse(first.train_loss, last.train_loss)) {
      r.status = 'failed_to_learn';
      found.push(r.run_id);
    }
  }
  if (found.length > 0) warnings.push(`${found.length} run(s) recorded as completed ended with a training loss above their untrained (epoch-0) one; counted as failed to learn (${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''})`);
}

/**
 * Shards of one sweep append into the same runs.csv/epochs.csv (see store.ts),
 * so one file of each is the whole folder.
 */
export function loadResults(dir: string): ResultsData {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`results folder not found: ${dir}`);
  const runsFile = path.join(dir, RUNS_FILE);
  const runsText = readText(runsFile);
  if (runsText === null) throw new Error(`${dir} has no ${RUNS_FILE}: not a results folder, or no run has finished yet`);
  const warnings: string[] = [];
  const { sweptKeys, runs: recorded } = readRunTables([{ file: runsFile, text: runsText }], warnings);
  const epochsFile = path.join(dir, EPOCHS_FILE);
  const epochsText = readText(epochsFile);
  if (epochsText === null) warnings.push(`${dir} has no ${EPOCHS_FILE}: learning curves and diagnostics cannot be drawn`);
  const { epochs } = readEpochTables(epochsText === null ? [] : [{ file: epochsFile, text: epochsText }], warnings);
  const specText = readText(path.join(dir, SPEC_FILE));
  if (specText === null) warnings.push(`${dir} has no ${SPEC_FILE}: table rows and columns are inferred from the swept columns`);
  const overrides = readJson(path.join(dir, OVERRIDES_FILE), warnings);
  const spec = specInfoFrom(specText, overrides, warnings, recorded);
  const runs = plannedRows(recorded, spec.plannedIds ?? null, warnings);
  flagFailedToLearn(runs, epochs, warnings);
  const environment = readJson(path.join(dir, ENVIRONMENT_FILE), warnings);
  const noEpochs = runs.filter((r) => trained(r.status) && !epochs.has(r.run_id)).length;
  if (epochsText !== null && noEpochs > 0) warnings.push(`${noEpochs} completed run(s) have no rows in ${EPOCHS_FILE}`);
  return {
    name: spec.name ?? path.basename(path.resolve(dir)),
    sweptKeys,
    hasVariants: runs.some((r) => r.variant !== ''),
    runs,
    epochs,
    specText,
    spec,
    environment,
    warnings,
  };
}
