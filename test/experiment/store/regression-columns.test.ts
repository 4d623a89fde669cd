import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunPlan } from '../../../src/experiment/spec/spec.js';
import type { EpochRecord, RunResult } from '../../../src/train/record.js';
import { readRuns, ResultsStore, StoreError } from '../../../src/experiment/store/store.js';
import { REGRESSION_EPOCH_COLUMNS, REGRESSION_RUN_COLUMNS } from '../../../src/train/columns.js';

const plan: RunPlan = { id: 'r1', variant: null, swept: { loss: 'mae' }, seed: 0, config: { model: { hidden: [4] } } as unknown as RunPlan['config'] };
const metrics = (prefixes: string[]) => Object.fromEntries(prefixes.flatMap((p) => ['rmse', 'mae', 'r2'].map((m, i) => [`${p}_${m}`, i + 0.5])));
const epoch = (e: number): EpochRecord => ({ epoch: e, train_loss: 1, train_accuracy: NaN, val_loss: 1, val_accuracy: NaN, seconds: e, lr: 0.1, diagnostics: {}, metrics: metrics(['train', 'val']) });
const result: RunResult = {
  status: 'completed', epochs: 1, diverged_epoch: null, train_loss: 1, train_accuracy: NaN, val_loss: 1, val_accuracy: NaN, best_val_accuracy: NaN,
  test_accuracy: NaN, seconds: 1, error: '', history: [epoch(0), epoch(1)], metrics: metrics(['train', 'val', 'test']),
};

describe('regression results columns', () => {
  it('runs.csv and epochs.csv carry rmse, mae and r2; a classification header is refused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnlab-regcols-'));
    const store = ResultsStore.open(dir, { sweepKeys: ['loss'], maxDense: 2, warn: () => {}, regression: true });
    store.record(plan, result);
    const runs = readRuns(dir);
    expect(runs.columns.slice(-9)).toEqual(REGRESSION_RUN_COLUMNS);
    expect(runs.rows[0]!['test_r2']).toBe('2.5');
    const epochs = fs.readFileSync(path.join(dir, 'epochs.csv'), 'utf8').split('\n');
    expect(epochs[0]!.split(',').slice(8, 14)).toEqual(REGRESSION_EPOCH_COLUMNS);
    expect(epochs[1]!.split(',').slice(8, 14)).toEqual(['0.5', '1.5', '2.5', '0.5', '1.5', '2.5']);
    expect(() => ResultsStore.open(dir, { sweepKeys: ['loss'], maxDense: 2, warn: () => {} })).toThrow(StoreError);
  });
});
