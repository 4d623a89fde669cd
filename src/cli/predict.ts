/**
 * `nnlab predict RESULTS --run ID (--split test | --csv FILE)`: a saved model of a run
 * (results/<name>/models/, store/checkpoints.ts) on a split of the run's own data, or on new rows,
 * through the same evaluation the trainer uses: `--split test` prints the accuracy runs.csv
 * records as test_accuracy (for regression: test_rmse, test_mae and test_r2), to the last digit.
 * Predictions go to a CSV: class indices, or real values in the targets' own units.
 */
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { readModel } from '../nn/model-file.js';
import type { Sequential } from '../nn/sequential.js';
import { makeLoss } from '../nn/losses.js';
import { loadDataset } from '../data/load.js';
import { gather } from '../data/prepare.js';
import type { Split } from '../data/dataset.js';
import { Matrix } from '../tensor/matrix.js';
import { requireFloat32Backend, requestedBackend } from '../tensor/wasm/index.js';
import { EVAL_BATCH } from '../train/trainer.js';
import { makeTask } from '../train/task.js';
import type { Dataset } from '../data/dataset.js';
import type { RunConfig } from '../train/spec.js';
import { readRuns } from '../experiment/store/store.js';
import { modelFile } from '../experiment/store/checkpoints.js';
import { formatCsv } from '../experiment/store/results.js';
import { writeAtomically } from '../experiment/store/store.js';
import { UsageError } from './errors.js';
import { count } from '../report/words.js';

export interface PredictArgs {
  results: string;
  run: string;
  split?: string;
  csv?: string;
  out?: string;
  /** 'best' (early stopping's epoch, the weights test_accuracy is of) when saved, else 'final'. */
  weights?: string;
}

const SPLITS = ['train', 'val', 'test'] as const;

function pickRun(dir: string, want: string): Record<string, string> {
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(dir);
  } catch {
    /* reported below */
  }
  if (!stat?.isDirectory()) throw new UsageError(`${dir}: ${stat ? 'not a folder' : 'no such folder'}; pass a results folder such as results/<name>`);
  const { rows, columns } = readRuns(dir);
  if (rows.length === 0) throw new UsageError(`${dir}: no runs.csv with recorded runs; pass a results folder such as results/<name>`);
  if (!columns.includes('run_id')) throw new UsageError(`${path.join(dir, 'runs.csv')}: has no run_id column, so it is not a runs.csv that nnlab run wrote; restore it from results/<name>.bak-* if one was kept`);
  if (want.length < 4 && !rows.some((r) => r.run_id === want)) throw new UsageError(`--run ${want}: give at least 4 characters of a run_id (e.g. ${rows[0]!.run_id!.slice(0, 6)})`);
  const hits = rows.filter((r) => r.run_id === want || r.run_id!.startsWith(want));
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) throw new UsageError(`--run ${want}: matches ${hits.length} runs (${hits.slice(0, 3).map((r) => r.run_id).join(', ')}${hits.length > 3 ? ', …' : ''}); give more of the id`);
  throw new UsageError(`--run ${want}: no such run in ${path.join(dir, 'runs.csv')}; its run_id column lists them (e.g. ${rows[0]!.run_id})`);
}

/**
 * Where predictions may go: anywhere but the results folder's own files (runs.csv, epochs.csv,
 * models, checkpoints…), which an --out must never overwrite. Inside it, only predictions/.
 */
function checkOut(dir: string, out: string): void {
  const inside = path.relative(path.resolve(dir), path.resolve(out));
  if (inside === '' || (!inside.startsWith('..') && !path.isAbsolute(inside) && inside.split(path.sep)[0] !== 'predictions')) {
    throw new UsageError(`--out ${out}: is inside the results folder ${dir}, whose files nnlab keeps; write predictions elsewhere or under ${path.join(dir, 'predictions')}`);
  }
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(out);
  } catch {
    /* a new file */
  }
  if (stat?.isDirectory()) throw new UsageError(`--out ${out}: is a folder; give a file name, e.g. ${path.join(out, 'predictions.csv')}`);
}

/** The predictions file, whole or not at all; a path that cannot be written is one line, exit 2. */
function writeOut(file: string, text: string): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeAtomically(file, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw e;
    throw new UsageError(`${file}: cannot write the predictions there (${code}); give --out a file in a folder you can write`);
  }
}

/**
 * Rows of a --csv file: the data's feature columns in order (raw values, as in the data files),
 * optionally followed by the answers: a class index, or a regression set's target columns.
 */
function readCsvRows(file: string, features: number, answers: number, what: string): { x: Float64Array; answers: Float64Array | null; rows: number } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--csv ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)}); check the path`);
  }
  const lines = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true }).data;
  const numeric = (c: string): boolean => c.trim() !== '' && Number.isFinite(Number(c));
  // A header names columns: no cell of it is a number. A first line with some numbers is data (a bad cell is then an error, not a skipped row).
  const header = lines.length > 0 && !lines[0]!.some(numeric);
  const body = header ? lines.slice(1) : lines;
  if (body.length === 0) throw new UsageError(`--csv ${file}: no data rows; give one row per sample with ${features} feature columns`);
  const width = body[0]!.length;
  if (width !== features && width !== features + answers) {
    throw new UsageError(`--csv ${file}: rows have ${width} columns, the model takes ${features} features; give ${features} feature columns (plus, optionally, ${what})`);
  }
  const x = new Float64Array(body.length * features);
  const known = width > features ? new Float64Array(body.length * answers) : null;
  body.forEach((cells, i) => {
    const line = i + 1 + (header ? 1 : 0);
    if (cells.length !== width) throw new UsageError(`--csv ${file} line ${line}: ${cells.length} columns, the first row has ${width}; fix that line`);
    const bad = cells.findIndex((c) => !numeric(c));
    if (bad >= 0) throw new UsageError(`--csv ${file} line ${line}, column ${bad + 1}: ${JSON.stringify(cells[bad]!.slice(0, 40))} is not a finite number; fix that cell`);
    for (let j = 0; j < features; j++) x[i * features + j] = Number(cells[j]);
    if (known) for (let j = 0; j < answers; j++) known[i * answers + j] = Number(cells[features + j]);
  });
  return { x, answers: known, rows: body.length };
}

/** New rows as a split of the run's data: its own feature scaling (fitted on its training rows), and its target scaling. */
function csvSplit(file: string, data: Dataset): { split: Split; targets: Float64Array | null } {
  const regression = data.targets !== undefined;
  const k = data.targets?.length ?? 1;
  const raw = readCsvRows(file, data.features, k, regression ? `the ${k === 1 ? 'target column' : `${k} target columns`} ${data.targets!.join(', ')}` : 'a last label column (the class index)');
  // The loaders' own gather: the same float64 (v − shift)·mult rounded to float32 as the run's data got.
  const f = data.features;
  const scaling = data.scaling ?? { shift: new Float64Array(f), mult: new Float64Array(f).fill(1) };
  const split: Split = { x: gather({ x: raw.x, y: new Int32Array(raw.rows), rows: raw.rows, features: f }, null, scaling).x, y: new Int32Array(0) };
  if (raw.answers === null) return { split, targets: null };
  if (!regression) {
    const labels = Int32Array.from(raw.answers);
    const bad = labels.findIndex((v, i) => v !== raw.answers![i] || v < 0 || v >= data.classes);
    if (bad >= 0) throw new UsageError(`--csv ${file}: row ${bad + 1}'s label ${raw.answers[bad]} is not a class index of this run's data (0 to ${data.classes - 1})`);
    return { split: { ...split, y: labels }, targets: null };
  }
  const { shift, mult } = data.targetScale!;
  const t = new Float32Array(raw.answers.length);
  for (let i = 0; i < raw.rows; i++) for (let j = 0; j < k; j++) t[i * k + j] = (raw.answers[i * k + j]! - shift[j]!) * mult[j]!;
  return { split: { ...split, y: new Int32Array(raw.rows), t: new Matrix(raw.rows, k, t) }, targets: raw.answers };
}

export function predictCommand(a: PredictArgs, out: (l: string) => void, err: (l: string) => void): number {
  if ((a.split === undefined) === (a.csv === undefined)) throw new UsageError('predict: give exactly one of --split (train, val or test: the run\'s own data) and --csv FILE (new rows)');
  if (a.split !== undefined && !(SPLITS as readonly string[]).includes(a.split)) throw new UsageError(`--split ${a.split}: must be one of ${SPLITS.join(', ')}`);
  if (a.weights !== undefined && a.weights !== 'final' && a.weights !== 'best') throw new UsageError(`--weights ${a.weights}: must be final or best`);
  const dir = a.results;
  const row = pickRun(dir, a.run);
  const id = row.run_id!;
  if (a.out !== undefined) checkOut(dir, a.out);
  const finalFile = modelFile(dir, id, 'final'), bestFile = modelFile(dir, id, 'best');
  const hasBest = fs.existsSync(bestFile);
  const decode = (file: string): { model: Sequential; metadata: Record<string, string>; config: RunConfig } => {
    if (!fs.existsSync(file)) throw new UsageError(`${file}: no saved weights for run ${id} (status ${row.status}; runs that diverged or failed keep none, and runs recorded before nnlab saved models have none: rerun them with --force)`);
    let d;
    try {
      d = readModel(file);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const config = JSON.parse(d.metadata.config ?? 'null') as RunConfig | null;
    if (!config) throw new UsageError(`${file}: its metadata has no run config; it was not saved by nnlab run`);
    return { model: d.model, metadata: d.metadata, config };
  };
  // nnlab keeps .best only when early stopping chose an epoch before the last; otherwise the final weights are the best.
  const earlierBest = row.best_val_accuracy !== undefined && row.best_val_accuracy !== row.val_accuracy;
  let kind: 'final' | 'best' = (a.weights as 'final' | 'best' | undefined) ?? (hasBest ? 'best' : 'final');
  let aside = '';
  if (kind === 'best' && !hasBest) {
    const patience = decode(finalFile).config.train.patience;
    if (patience === null) throw new UsageError(`--weights best: run ${id} kept no best weights: only early stopping (train.patience) keeps an earlier epoch's; its weights are the final ones (--weights final)`);
    if (earlierBest) throw new UsageError(`${bestFile}: missing, though run ${id}'s best epoch was not its last; restore the file, or retrain the run with --force`);
    kind = 'final';
    aside = ', the best epoch being the last';
  }
  const file = kind === 'best' ? bestFile : finalFile;
  const { model, metadata, config } = decode(file);
  if (a.weights === undefined && !hasBest && earlierBest && config.train.patience !== null) {
    err(`nnlab: warning: ${bestFile} is missing: run ${id}'s test_accuracy was measured with those (early stopping's) weights; these are the final ones`);
  }
  // The run's numbers came from its backend; another one would differ in the last bits.
  const backend = requestedBackend(process.env);
  if (metadata.backend && metadata.backend !== backend) err(`nnlab: warning: run ${id} was trained with the ${metadata.backend} kernels, this process uses ${backend}; set NNLAB_BACKEND=${metadata.backend} for the recorded numbers`);
  requireFloat32Backend();
  const loss = makeLoss(config.loss);
  let data;
  try {
    data = loadDataset(config.data);
  } catch (e) {
    throw new UsageError(`run ${id}'s data: ${e instanceof Error ? e.message : String(e)}`);
  }
  let split: Split, what: string;
  // New rows' targets as written (the split holds them scaled to float32, which would print 9.99999995 for 10).
  let written: Float64Array | null = null;
  if (a.split !== undefined) {
    split = data[a.split as (typeof SPLITS)[number]];
    what = `${a.split} split`;
  } else {
    ({ split, targets: written } = csvSplit(a.csv!, data));
    what = a.csv!;
  }
  const rows = split.x.rows;
  if (rows === 0) throw new UsageError(`${what}: has no rows`);
  // A run with both weight sets (early stopping kept an earlier epoch's) names which made the file, so
  // predicting with the other does not overwrite it under the same name.
  const target = a.out ?? path.join(dir, 'predictions', `${id}.${a.split ?? path.basename(a.csv!).replace(/\.[^.]*$/, '')}${hasBest ? `.${kind}` : ''}.csv`);
  const weights = `${kind} weights (epoch ${metadata.epoch ?? '?'}${aside})`;
  if (data.targets !== undefined) {
    regressionPredictions({ model, data, split, written, lossName: config.loss, target, row, split_: a.split, kind, say: (l) => out(`run ${id}, ${weights}, ${what}: ${l}`) });
    out(`predictions: ${target}`);
    return 0;
  }
  // Batches of EVAL_BATCH rows, as the trainer evaluates: the same bits.
  const predicted = new Int32Array(rows);
  let correct = 0;
  const hasLabels = split.y.length === rows;
  for (let start = 0; start < rows; start += EVAL_BATCH) {
    const end = Math.min(start + EVAL_BATCH, rows);
    const p = model.predict(split.x.sliceRows(start, end), loss);
    predicted.set(p, start);
    if (hasLabels) for (let i = 0; i < p.length; i++) if (p[i] === split.y[start + i]) correct++;
  }
  const lines = Array.from(predicted, (p, i) => ({ row: i, predicted: p, ...(hasLabels ? { label: split.y[i] } : {}) }));
  writeOut(target, formatCsv(hasLabels ? ['row', 'label', 'predicted'] : ['row', 'predicted'], lines, true));
  if (hasLabels) {
    const accuracy = correct / rows;
    // Only beside the number runs.csv measured with these same weights: test_accuracy is of the best weights when there are any.
    const testWeights = hasBest || (earlierBest && config.train.patience !== null) ? 'best' : 'final';
    const recorded = a.split === 'test' && kind === testWeights ? ` (runs.csv test_accuracy: ${row.test_accuracy})`
      : a.split === 'val' ? ` (runs.csv ${kind === 'final' ? 'val_accuracy' : 'best_val_accuracy'}: ${kind === 'final' ? row.val_accuracy : row.best_val_accuracy})`
      : a.split === 'test' ? ` (runs.csv test_accuracy ${row.test_accuracy} is of the ${testWeights} weights)` : '';
    out(`run ${id}, ${weights}, ${what}: accuracy ${accuracy} (${correct} of ${rows})${recorded}`);
  } else out(`run ${id}, ${weights}, ${what}: ${count(rows, 'row')} predicted (no label column, so no accuracy)`);
  out(`predictions: ${target}`);
  return 0;
}

/**
 * A regression run's predictions, in the targets' own units (raw = stored/mult + shift), and, where
 * the rows have targets, rmse, mae and r2 by the trainer's own evaluation (same batches, same bits).
 */
function regressionPredictions(o: {
  model: Sequential; data: Dataset; split: Split; written: Float64Array | null; lossName: string; target: string; row: Record<string, string>;
  split_: string | undefined; kind: string; say: (line: string) => void;
}): void {
  const { model, data, split } = o;
  const names = data.targets!, k = names.length, rows = split.x.rows;
  const { shift, mult } = data.targetScale!;
  const raw = (v: number, j: number): number => v / mult[j]! + shift[j]!;
  const predicted = new Float64Array(rows * k);
  for (let start = 0; start < rows; start += EVAL_BATCH) {
    const end = Math.min(start + EVAL_BATCH, rows);
    const out = model.forward(split.x.sliceRows(start, end), false);
    for (let i = 0; i < out.rows; i++) for (let j = 0; j < k; j++) predicted[(start + i) * k + j] = raw(out.data[i * k + j]!, j);
  }
  const known = split.t !== undefined;
  const columns = ['row', ...(known ? names : []), ...names.map((n) => `predicted_${n}`)];
  const lines = Array.from({ length: rows }, (_, i) => {
    const line: Record<string, number> = { row: i };
    if (known) names.forEach((n, j) => (line[n] = o.written ? o.written[i * k + j]! : raw(split.t!.data[i * k + j]!, j)));
    names.forEach((n, j) => (line[`predicted_${n}`] = predicted[i * k + j]!));
    return line;
  });
  writeOut(o.target, formatCsv(columns, lines, true));
  if (!known) return o.say(`${count(rows, 'row')} predicted (no target columns, so no rmse, mae or r2)`);
  const m = makeTask(o.lossName, data).evaluate(model, split, EVAL_BATCH).metrics;
  const prefix = o.split_ === 'test' ? 'test' : o.split_ === 'val' && o.kind === 'final' ? 'val' : o.split_ === 'train' && o.kind === 'final' ? 'train' : null;
  const recorded = prefix !== null ? ` (runs.csv ${['rmse', 'mae', 'r2'].map((n) => `${prefix}_${n}: ${o.row[`${prefix}_${n}`]}`).join(', ')})` : '';
  o.say(`rmse ${m.rmse}, mae ${m.mae}, r2 ${m.r2} (${rows} rows)${recorded}`);
}
