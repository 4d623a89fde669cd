import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunPlan } from '../../../src/experiment/spec/spec.js';
import type { EpochRecord, RunResult } from '../../../src/train/record.js';
import { backupResults, maxDenseOf, readRuns, ResultsStore, StoreError } from '../../../src/experiment/store/store.js';
import { parseCsvRows as parseCsv } from '../../../src/experiment/store/results.js';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nnlab-store-'));
}

function plan(id: string, lr: number, hidden: number[] = [4]): RunPlan {
  return { id, variant: null, swept: { 'optimizer.lr': lr }, seed: 7, config: { model: { hidden } } as unknown as RunPlan['config'] };
}

function epoch(e: number): EpochRecord {
  return {
    epoch: e, train_loss: 1 / (e + 1), train_accuracy: 0.5 + e / 10, val_loss: 2 / (e + 1), val_accuracy: 0.4 + e / 10, seconds: e, lr: 0.1,
    diagnostics: { L1_act_mean: e, L1_act_std: 1, L1_grad_norm: 2, L1_weight_norm: 3, L2_act_mean: -e, L2_act_std: 1, L2_grad_norm: 2, L2_weight_norm: 3 },
  };
}

function result(status: RunResult['status'], error = ''): RunResult {
  return {
    status, epochs: 2, diverged_epoch: status === 'diverged' ? 2 : null, train_loss: 0.5, train_accuracy: 0.7, val_loss: 0.6,
    val_accuracy: 0.65, best_val_accuracy: 0.66, test_accuracy: status === 'diverged' ? NaN : 0.64, seconds: 1.5, error, history: [epoch(0), epoch(1), epoch(2)],
  };
}

const open = (dir: string, warnings: string[] = []) => ResultsStore.open(dir, { sweepKeys: ['optimizer.lr'], maxDense: 2, warn: (m) => warnings.push(m) });

describe('ResultsStore', () => {
  it('writes headers, then each run as epoch rows + one runs row', () => {
    const dir = tmp();
    const store = open(dir);
    expect(fs.readFileSync(path.join(dir, 'runs.csv'), 'utf8')).toBe(
      'run_id,variant,optimizer.lr,seed,status,epochs,diverged_epoch,train_loss,train_accuracy,val_loss,val_accuracy,best_val_accuracy,test_accuracy,seconds,error\n',
    );
    store.record(plan('aaa', 0.1), result('completed'));
    store.record(plan('bbb', 0.2), result('diverged', 'loss became NaN'));
    const runs = readRuns(dir);
    expect(runs.warnings).toEqual([]);
    expect(runs.rows.map((r) => [r.run_id, r['optimizer.lr'], r.seed, r.status, r.test_accuracy, r.diverged_epoch, r.error])).toEqual([
      ['aaa', '0.1', '7', 'completed', '0.64', '', ''],
      ['bbb', '0.2', '7', 'diverged', 'NaN', '2', 'loss became NaN'],
    ]);
    const epochs = parseCsv(fs.readFileSync(path.join(dir, 'epochs.csv'), 'utf8'), 'epochs.csv');
    expect(epochs.rows).toHaveLength(6);
    expect(epochs.rows[5]).toMatchObject({ run_id: 'bbb', epoch: '2', L2_act_mean: '-2', L2_weight_norm: '3' });
    expect([...store.runs().keys()]).toEqual(['aaa', 'bbb']);
  });

  it('on reopen: drops a cut-off runs line and the epoch rows of runs without a runs row, atomically and once', () => {
    const dir = tmp();
    const store = open(dir);
    store.record(plan('aaa', 0.1), result('completed'));
    store.record(plan('bbb', 0.2), result('completed'));
    // A crash after the epochs append, before the runs row was complete.
    const runsFile = path.join(dir, 'runs.csv');
    const text = fs.readFileSync(runsFile, 'utf8');
    fs.writeFileSync(runsFile, text.slice(0, text.length - 10));
    const warnings: string[] = [];
    const again = open(dir, warnings);
    expect(warnings).toEqual([
      `${runsFile}: last line is incomplete (cut off mid-write); ignoring it`,
      `${path.join(dir, 'epochs.csv')}: removing 3 epoch rows of runs that never finished writing; they will re-run`,
    ]);
    expect(fs.readFileSync(runsFile, 'utf8').endsWith('\n')).toBe(true);
    expect([...again.runs().keys()]).toEqual(['aaa']);
    const epochs = parseCsv(fs.readFileSync(path.join(dir, 'epochs.csv'), 'utf8'), 'e');
    expect(epochs.rows.map((r) => r.run_id)).toEqual(['aaa', 'aaa', 'aaa']);
    // Re-recording the run leaves exactly one copy of everything.
    again.record(plan('bbb', 0.2), result('completed'));
    const w2: string[] = [];
    open(dir, w2);
    expect(w2).toEqual([]);
    expect(parseCsv(fs.readFileSync(path.join(dir, 'epochs.csv'), 'utf8'), 'e').rows).toHaveLength(6);
    expect(fs.readdirSync(dir).filter((n) => n.includes('.tmp-') || n.includes('lock'))).toEqual([]);
  });

  it('dropRuns removes failed runs from both tables; text cells are not escaped twice', () => {
    const dir = tmp();
    const store = open(dir);
    store.record(plan('aaa', 0.1), result('failed', '=cmd|worker crashed, "quoted"'));
    store.record(plan('bbb', 0.2), result('completed'));
    store.dropRuns(new Set(['bbb']));
    const rows = readRuns(dir).rows;
    expect(rows.map((r) => r.run_id)).toEqual(['aaa']);
    // formatCsv neutralized the formula once ('=…); rewriting keeps that exact text.
    expect(rows[0]!.error).toBe(`'=cmd|worker crashed, "quoted"`);
    expect(parseCsv(fs.readFileSync(path.join(dir, 'epochs.csv'), 'utf8'), 'e').rows.every((r) => r.run_id === 'aaa')).toBe(true);
  });

  it('refuses a sweep whose columns differ, naming --force', () => {
    const dir = tmp();
    open(dir).record(plan('aaa', 0.1), result('completed'));
    expect(() => ResultsStore.open(dir, { sweepKeys: ['train.batch_size'], maxDense: 2, warn: () => {} })).toThrow(StoreError);
    expect(() => ResultsStore.open(dir, { sweepKeys: ['optimizer.lr'], maxDense: 3, warn: () => {} })).toThrow(/shallower network .* --force/);
    // A shallower sweep fits in the wider existing header.
    expect(ResultsStore.open(dir, { sweepKeys: ['optimizer.lr'], maxDense: 1, warn: () => {} }).epochColumns).toContain('L2_act_mean');
  });

  it('backupResults moves every file aside and never deletes', () => {
    const dir = tmp();
    const store = open(dir);
    store.record(plan('aaa', 0.1), result('completed'));
    store.writeSpec('name: x\n', { set: [] }, 'nnlab run x.yaml');
    const before = fs.readFileSync(path.join(dir, 'runs.csv'), 'utf8');
    const backup = backupResults(dir, new Date('2026-01-02T03:04:05.678Z'))!;
    expect(path.basename(backup)).toBe('backup-2026-01-02T03-04-05-678Z');
    expect(fs.readFileSync(path.join(backup, 'runs.csv'), 'utf8')).toBe(before);
    expect(fs.existsSync(path.join(backup, 'spec.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'runs.csv'))).toBe(false);
    expect(backupResults(dir, new Date())).toBeNull();
  });

  it('maxDenseOf counts hidden layers + the output layer of the deepest plan', () => {
    expect(maxDenseOf([plan('a', 1, []), plan('b', 1, [8, 8, 8]), plan('c', 1, [4])])).toBe(4);
  });
});
