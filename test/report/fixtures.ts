/** Results folders written the way the store writes them (formatCsv + the column contracts), for report tests. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diagnosticColumn, epochColumns, formatCsv, LAYER_STATS, runColumns } from '../../src/experiment/store/results.js';

export interface FixtureRun {
  variant?: string;
  swept: Record<string, unknown>;
  seed: number;
  status: 'completed' | 'diverged' | 'failed';
  val_accuracy: number;
  train_accuracy?: number;
  error?: string;
  diverged_epoch?: number;
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `nnlab-report-${prefix}-`));
}

/** Epoch rows whose accuracy climbs smoothly towards the run's final value; diagnostics for 3 Dense layers. */
function epochRowsFor(id: string, r: FixtureRun, epochs: number): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const last = r.status === 'diverged' ? (r.diverged_epoch ?? 2) : r.status === 'failed' ? 0 : epochs;
  const trainFinal = r.train_accuracy ?? Math.min(1, r.val_accuracy + 0.03);
  for (let e = 0; e <= last; e++) {
    const frac = 1 - Math.exp(-e / 1.5);
    const blown = r.status === 'diverged' && e === last;
    const row: Record<string, unknown> = {
      run_id: id, epoch: e,
      train_loss: blown ? NaN : 2.3 * (1 - frac) + 0.1 * frac + 0.01,
      train_accuracy: blown ? NaN : 0.1 + (trainFinal - 0.1) * frac,
      val_loss: blown ? Infinity : 2.3 * (1 - frac) + 0.2 * frac + 0.01,
      val_accuracy: blown ? NaN : 0.1 + (r.val_accuracy - 0.1) * frac,
      seconds: e * 1.5, lr: Number(r.swept['optimizer.lr'] ?? 0.1),
    };
    for (let l = 1; l <= 3; l++) {
      for (const s of LAYER_STATS) {
        const init = String(r.swept['model.init.weights'] ?? 'he_normal');
        // Spread by depth as the initializers would give it: shrinking, steady, exploding.
        const gain = init === 'xavier_uniform' ? 0.6 : init === 'normal(1)' ? 3 : 1;
        const lr = Number(r.swept['optimizer.lr'] ?? 0.1);
        const l2 = Number(r.swept['regularization.l2'] ?? 0);
        // A tanh variant's activations are bounded: smaller, so a chart that pooled variants would show it.
        const squash = r.variant === 'tanh' ? 0.25 : 1;
        const base = s === 'act_std' ? squash * 0.8 * gain ** l * (1 + e * lr * 0.05)
          : s === 'grad_norm' ? 0.02 * gain ** (3 - l) / (1 + e * 0.2)
            : s === 'weight_norm' ? ((5 + l) * gain + e * lr) / (1 + 1000 * l2) : 0.05;
        row[diagnosticColumn(l, s)] = blown ? NaN : base * (1 + 0.01 * r.seed);
      }
    }
    rows.push(row);
  }
  return rows;
}

export interface FixtureOptions {
  name: string;
  sweepKeys: string[];
  runs: FixtureRun[];
  specText?: string | null;
  environment?: Record<string, unknown> | null;
  epochs?: number;
  /** Leave epochs.csv out. */
  noEpochs?: boolean;
}

export function writeResults(dir: string, o: FixtureOptions): string {
  const out = path.join(dir, o.name);
  fs.mkdirSync(out, { recursive: true });
  const epochs = o.epochs ?? 6;
  const runRows: Record<string, unknown>[] = [];
  const epochRows: Record<string, unknown>[] = [];
  o.runs.forEach((r, i) => {
    const id = `r${String(i).padStart(3, '0')}`;
    const hist = epochRowsFor(id, r, epochs);
    const done = r.status === 'completed';
    runRows.push({
      run_id: id, variant: r.variant ?? '', ...r.swept, seed: r.seed, status: r.status,
      epochs: done ? epochs : hist.length - 1, diverged_epoch: r.status === 'diverged' ? (r.diverged_epoch ?? 2) : '',
      train_loss: done ? 0.11 : NaN, train_accuracy: done ? (r.train_accuracy ?? Math.min(1, r.val_accuracy + 0.03)) : NaN,
      val_loss: done ? 0.21 : NaN, val_accuracy: done ? r.val_accuracy : NaN,
      best_val_accuracy: done ? r.val_accuracy : NaN, test_accuracy: done ? r.val_accuracy - 0.005 : NaN,
      seconds: 10 + i, error: r.error ?? '',
    });
    epochRows.push(...hist);
  });
  fs.writeFileSync(path.join(out, 'runs.csv'), formatCsv(runColumns(o.sweepKeys), runRows, true));
  if (!o.noEpochs) fs.writeFileSync(path.join(out, 'epochs.csv'), formatCsv(epochColumns(3), epochRows, true));
  if (o.specText != null) fs.writeFileSync(path.join(out, 'spec.yaml'), o.specText);
  if (o.environment != null) fs.writeFileSync(path.join(out, 'environment.json'), JSON.stringify(o.environment, null, 2));
  return out;
}

export const INIT_LR_SPEC = `name: init-vs-lr
description: Which weight initializer trains a 3-layer ReLU net best, and how does that depend on the learning rate?
data:
  dataset: mnist
model:
  hidden: [64, 32]
  activation: relu
  init:
    weights: he_normal
loss: softmax_cross_entropy
optimizer:
  name: sgd
  lr: 0.1
train:
  epochs: 6
  diagnostics: true
seeds: [0, 1, 2]
sweep:
  model.init.weights: [xavier_uniform, he_normal, normal(1)]
  optimizer.lr: [0.01, 0.1, 1]
report:
  rows: model.init.weights
  columns: optimizer.lr
  metric: val_accuracy
  target_accuracy: 0.9
`;

/** 3 initializers × 3 learning rates × 3 seeds; normal(1) blows up at lr 1, he_normal once too. */
export function initLrRuns(): FixtureRun[] {
  const base: Record<string, Record<string, number>> = {
    xavier_uniform: { '0.01': 0.88, '0.1': 0.95, '1': 0.9 },
    he_normal: { '0.01': 0.9, '0.1': 0.965, '1': 0.92 },
    'normal(1)': { '0.01': 0.7, '0.1': 0.8, '1': 0 },
  };
  const runs: FixtureRun[] = [];
  for (const init of Object.keys(base)) {
    for (const lr of [0.01, 0.1, 1]) {
      for (const seed of [0, 1, 2]) {
        const diverged = (init === 'normal(1)' && lr === 1) || (init === 'he_normal' && lr === 1 && seed === 2);
        runs.push({
          swept: { 'model.init.weights': init, 'optimizer.lr': lr }, seed,
          status: diverged ? 'diverged' : 'completed',
          val_accuracy: base[init]![String(lr)]! + (seed - 1) * 0.004,
          diverged_epoch: diverged ? 3 : undefined,
          error: diverged ? 'loss became NaN at epoch 3' : '',
        });
      }
    }
  }
  return runs;
}

export const ENVIRONMENT = {
  nnlab_version: '0.1.0', git_commit: 'abc1234', node_version: 'v20.20.0', platform: 'linux', arch: 'x64',
  cpu_model: 'Test CPU @ 2.0GHz', cpu_count: 2, workers: 2, started_at: '2026-11-24T01:00:00.000Z',
  finished_at: '2026-11-24T01:05:00.000Z', compute_seconds: 312.5, sessions: 1,
};

export const XAVIER_SPEC = `name: xavier
description: Does Xavier or He initialization let deep ReLU and tanh networks learn where N(0, 0.01) fails?
data:
  dataset: mnist
model:
  hidden: [32, 32]
  activation: relu
  init: { weights: normal(0.01), biases: zeros }
loss: softmax_cross_entropy
optimizer: { name: sgd, lr: 0.1 }
train: { epochs: 6, diagnostics: true }
seeds: 3
variants:
  - { name: relu, set: { model.activation: relu } }
  - { name: tanh, set: { model.activation: tanh } }
sweep:
  model.init.weights: [normal(0.01), xavier_uniform, he_normal]
  optimizer.lr: [0.001, 0.01, 0.1, 0.5]
report:
  rows: model.init.weights
  columns: optimizer.lr
  metric: val_accuracy
  charts: [metric_vs_lr, learning_curves, layer_diagnostics]
`;

/**
 * The xavier study in miniature: 2 variants × 3 inits × 4 learning rates × 3
 * seeds. N(0, 0.01) stays at the epoch-0 level (0.1) everywhere; seeds add
 * −0.01, 0, +0.01, so every cell's std is 0.01. Written he_normal first so
 * that runs.csv order is not the spec's order.
 */
export function xavierRuns(): FixtureRun[] {
  const base: Record<string, Record<string, number[]>> = {
    relu: { he_normal: [0.75, 0.915, 0.91, 0.89], xavier_uniform: [0.36, 0.9, 0.94, 0.85], 'normal(0.01)': [0.11, 0.11, 0.11, 0.11] },
    tanh: { he_normal: [0.86, 0.92, 0.935, 0.26], xavier_uniform: [0.79, 0.918, 0.915, 0.105], 'normal(0.01)': [0.11, 0.11, 0.11, 0.11] },
  };
  const runs: FixtureRun[] = [];
  for (const [variant, inits] of Object.entries(base)) {
    for (const [init, byLr] of Object.entries(inits)) {
      [0.5, 0.1, 0.01, 0.001].forEach((lr) => {
        const i = [0.001, 0.01, 0.1, 0.5].indexOf(lr);
        for (const seed of [0, 1, 2]) {
          runs.push({ variant, swept: { 'model.init.weights': init, 'optimizer.lr': lr }, seed, status: 'completed', val_accuracy: byLr[i]! + (seed - 1) * 0.01 });
        }
      });
    }
  }
  return runs;
}
