import { describe, expect, it } from 'vitest';
import { trainRun } from '../../src/train/trainer.js';
import type { EpochRecord, RunResult } from '../../src/train/record.js';
import { data, fakeClock, makeConfig } from './fixtures.js';

const run = (cfg = makeConfig(), opts: { shouldStop?: () => boolean } = {}): RunResult =>
  trainRun(cfg, data(cfg.data), { now: fakeClock(), ...opts });

function finite(h: EpochRecord[]): boolean {
  return h.every((r) =>
    [r.train_loss, r.train_accuracy, r.val_loss, r.val_accuracy, r.seconds, r.lr, ...Object.values(r.diagnostics)].every(Number.isFinite));
}

describe('trainRun', () => {
  it('learns digits to >= 95% test accuracy in a few epochs (64-100-10 ReLU, Adam)', () => {
    const cfg = makeConfig({
      model: { hidden: [100] },
      optimizer: { name: 'adam', lr: 0.003 },
      train: { epochs: 8, batch_size: 32 },
    });
    const r = run(cfg);
    expect(r.status).toBe('completed');
    expect(r.error).toBe('');
    expect(r.epochs).toBe(8);
    expect(r.history.map((h) => h.epoch)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(r.test_accuracy).toBeGreaterThanOrEqual(0.95);
    expect(r.val_accuracy).toBeGreaterThanOrEqual(0.93);
    // The final metrics are the last epoch's; the best is the max over the history.
    const last = r.history[8]!;
    expect([r.train_loss, r.train_accuracy, r.val_loss, r.val_accuracy]).toEqual([last.train_loss, last.train_accuracy, last.val_loss, last.val_accuracy]);
    expect(r.best_val_accuracy).toBe(Math.max(...r.history.map((h) => h.val_accuracy)));
    // Training reduced the loss a lot from the untrained model.
    expect(last.train_loss).toBeLessThan(r.history[0]!.train_loss / 5);
    expect(finite(r.history)).toBe(true);
  });

  it('epoch 0 is the untrained model: chance accuracy and ln(10) loss for a small init', () => {
    const cfg = makeConfig({ model: { init: { weights: 'normal(0.01)', biases: 'zeros' } }, train: { epochs: 1 } });
    const r = run(cfg);
    const e0 = r.history[0]!;
    expect(e0.epoch).toBe(0);
    expect(e0.train_accuracy).toBeLessThan(0.25);
    expect(e0.val_accuracy).toBeLessThan(0.25);
    // Tiny weights → near-uniform softmax → cross-entropy ≈ ln 10.
    expect(e0.train_loss).toBeCloseTo(Math.log(10), 2);
    expect(e0.val_loss).toBeCloseTo(Math.log(10), 2);
    expect(e0.lr).toBe(0.1);
  });

  it('per-sample SGD (batch size 1) trains a small sigmoid network on circles', () => {
    const cfg = makeConfig({
      data: { dataset: 'circles', samples: 600, noise: 0.05, factor: 0.5, val_size: 100, scale: 'none' },
      model: { hidden: [16], activation: 'sigmoid', init: { weights: 'xavier_uniform', biases: 'zeros' } },
      optimizer: { name: 'sgd', lr: 0.3 },
      train: { epochs: 25, batch_size: 1 },
    });
    const r = run(cfg);
    expect(r.status).toBe('completed');
    expect(r.history[0]!.val_accuracy).toBeLessThan(0.7);
    // A linear model gets ~50% on circles; the hidden layer must have bent the boundary.
    expect(r.test_accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('is deterministic: same seed → identical histories; another seed → different numbers', () => {
    const cfg = makeConfig({ model: { hidden: [32, 16], dropout: 0.2 }, train: { epochs: 2, batch_size: 50, diagnostics: true, probe_size: 64 } });
    const a = run(cfg), b = run(cfg);
    expect(a.status).toBe('completed');
    expect(b).toEqual(a);
    const c = run({ ...cfg, seed: 2 });
    expect(c.history[0]!.train_loss).not.toBe(a.history[0]!.train_loss);
    expect(c.history[2]!.val_loss).not.toBe(a.history[2]!.val_loss);
  });

  it('changing the batch size leaves the initialization untouched (independent streams)', () => {
    const a = run(makeConfig({ train: { epochs: 1, batch_size: 16 } }));
    const b = run(makeConfig({ train: { epochs: 1, batch_size: 64 } }));
    expect(b.history[0]).toEqual(a.history[0]);
    expect(b.history[1]!.train_loss).not.toBe(a.history[1]!.train_loss);
  });

  it('records a run with an absurd learning rate as diverged, with finite metrics only', () => {
    const cfg = makeConfig({ optimizer: { name: 'sgd', lr: 1e6 }, loss: 'mse', train: { epochs: 5 } });
    const r = run(cfg);
    expect(r.status).toBe('diverged');
    expect(r.diverged_epoch).toBe(1);
    expect(r.epochs).toBe(0);
    expect(r.history.map((h) => h.epoch)).toEqual([0]);
    expect(finite(r.history)).toBe(true);
    expect(r.val_accuracy).toBe(r.history[0]!.val_accuracy);
    expect(Number.isNaN(r.test_accuracy)).toBe(true);
    expect(r.error).toBe('');
  });

  it('diverges with softmax cross-entropy too, once the logits overflow float32', () => {
    // The stable log-softmax keeps the loss finite (if huge) at lr 1e6; 1e9 overflows the weights.
    const r = run(makeConfig({ optimizer: { name: 'sgd', lr: 1e9 }, train: { epochs: 5 } }));
    expect(r.status).toBe('diverged');
    expect(r.diverged_epoch).toBeGreaterThanOrEqual(1);
    expect(r.history.length).toBe(r.diverged_epoch!);
    expect(finite(r.history)).toBe(true);
  });

  it('early stopping stops once validation accuracy stalls for `patience` epochs, and tests the best model', () => {
    // A tiny training set overfits fast: validation accuracy plateaus long before 40 epochs.
    const base = makeConfig({
      data: { train_size: 60 },
      model: { hidden: [64] },
      optimizer: { name: 'sgd', lr: 0.1 },
      train: { epochs: 40, batch_size: 10, patience: 3 },
    });
    const a = run(base);
    expect(a.status).toBe('completed');
    expect(a.epochs).toBeLessThan(40);
    const vals = a.history.map((h) => h.val_accuracy);
    const best = vals.indexOf(Math.max(...vals));
    // Stopped exactly `patience` epochs after the (first) best one.
    expect(a.epochs).toBe(best + 3);
    expect(a.best_val_accuracy).toBe(vals[best]);
    // The test accuracy is of the best-validation weights: identical to a run trained for `best` epochs.
    const b = run({ ...base, train: { ...base.train, epochs: best, patience: null } });
    expect(b.history).toEqual(a.history.slice(0, best + 1));
    expect(a.test_accuracy).toBe(b.test_accuracy);
    // ... while the reported final metrics are the last epoch's.
    expect(a.val_accuracy).toBe(vals[vals.length - 1]);
  });

  it('shouldStop interrupts the run: status failed, error "interrupted"', () => {
    let calls = 0;
    const cfg = makeConfig({ train: { epochs: 5, batch_size: 100 } });
    const r = run(cfg, { shouldStop: () => ++calls > 20 });
    expect(r.status).toBe('failed');
    expect(r.error).toBe('interrupted');
    expect(r.diverged_epoch).toBeNull();
    expect(r.epochs).toBe(1); // 12 batches per epoch: stopped inside epoch 2
    expect(r.history.map((h) => h.epoch)).toEqual([0, 1]);
  });

  it('turns a thrown error into status failed with its message', () => {
    const r = run(makeConfig({ optimizer: { name: 'sgdd' } }));
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/optimizer/);
    expect(r.history).toEqual([]);
    expect(Number.isNaN(r.test_accuracy)).toBe(true);
  });

  it('reports data loss only: L2 changes the weights, not the scale of the reported loss', () => {
    const plain = run(makeConfig({ train: { epochs: 1 } }));
    const l2 = run(makeConfig({ regularization: { l2: 0.5 }, train: { epochs: 1 } }));
    // Epoch 0: same weights, and the reported loss excludes (λ/2)Σ‖W‖², so it is identical.
    expect(l2.history[0]!.train_loss).toBe(plain.history[0]!.train_loss);
    // After an epoch the strong penalty has shrunk the weights, changing the trajectory.
    expect(l2.history[1]!.train_loss).not.toBe(plain.history[1]!.train_loss);
  });

  it('l2_biases puts the Dense biases under L2 too', () => {
    const cfg = makeConfig({ model: { init: { weights: 'he_normal', biases: 'constant(0.5)' } }, regularization: { l2: 0.5 }, train: { epochs: 1 } });
    const weightsOnly = run(cfg);
    const withBiases = run({ ...cfg, regularization: { l2: 0.5, l2_biases: true } });
    expect(withBiases.history[0]).toEqual(weightsOnly.history[0]);
    expect(withBiases.history[1]!.train_loss).not.toBe(weightsOnly.history[1]!.train_loss);
  });

  it('calls onEpoch with each record as it is made', () => {
    const cfg = makeConfig({ train: { epochs: 2 } });
    const seen: EpochRecord[] = [];
    const r = trainRun(cfg, data(cfg.data), { now: fakeClock(), onEpoch: (e) => seen.push(e) });
    expect(seen).toEqual(r.history);
    expect(seen.map((e) => e.epoch)).toEqual([0, 1, 2]);
  });

  it('uses the schedule: lr per epoch from the 0-based epoch index', () => {
    const r = run(makeConfig({ schedule: { name: 'step', step_size: 1, gamma: 0.5 }, optimizer: { lr: 0.2 }, train: { epochs: 3 } }));
    expect(r.history.map((h) => h.lr)).toEqual([0.2, 0.2, 0.1, 0.05]);
  });

  it('seconds come from the injected clock', () => {
    const cfg = makeConfig({ train: { epochs: 2 } });
    let t = 1000;
    const r = trainRun(cfg, data(cfg.data), { now: () => (t += 500) });
    const s = r.history.map((h) => h.seconds);
    expect(s[0]).toBeGreaterThan(0);
    expect(s[1]! - s[0]!).toBeGreaterThan(0);
    expect(Number.isInteger(s[0]! * 2)).toBe(true); // multiples of 0.5 s: the fake clock, not the real one
  });

  it('applies augmentation on image data deterministically', () => {
    const cfg = makeConfig({ data: { augment: { shift: 1, rotate: 0 } }, train: { epochs: 1 } });
    const a = run(cfg), b = run(cfg);
    const plain = run(makeConfig({ train: { epochs: 1 } }));
    expect(a.status).toBe('completed');
    expect(b.history).toEqual(a.history);
    expect(a.history[1]!.train_loss).not.toBe(plain.history[1]!.train_loss);
  });
});
