import { describe, expect, it } from 'vitest';
import { trainRun } from '../../src/train/trainer.js';
import { friedman1 } from '../../src/data/friedman.js';
import { Rng } from '../../src/tensor/rng.js';
import { data, makeConfig } from './fixtures.js';

const FRIEDMAN = { dataset: 'friedman' as const, samples: 1500, noise: 1, scale: 'standardize' as const };

describe('Friedman #1', () => {
  it('is made from the seed by the formula, five informative features of ten', () => {
    const a = friedman1(50, 0, new Rng(3)), b = friedman1(50, 0, new Rng(3));
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.features).toBe(10);
    for (let i = 0; i < 50; i++) {
      const x = a.x.subarray(i * 10, i * 10 + 10);
      expect(x.every((v) => v >= 0 && v < 1)).toBe(true);
      expect(a.t![i]).toBeCloseTo(10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[3]! + 5 * x[4]!, 12);
    }
  });
});

describe('a regression run', () => {
  it('learns Friedman #1 and reports rmse, mae and r2 in the targets units', () => {
    const cfg = makeConfig({ data: FRIEDMAN, loss: 'mse', model: { hidden: [32] }, optimizer: { name: 'adam', lr: 0.01 }, train: { epochs: 8, batch_size: 32 } });
    const ds = data(cfg.data);
    expect(ds.targets).toEqual(['y']);
    const r = trainRun(cfg, ds, { now: () => 0 });
    expect(r.status).toBe('completed');
    expect(Number.isNaN(r.val_accuracy)).toBe(true);
    const m = r.metrics!;
    expect(Object.keys(m).sort()).toEqual(['test_mae', 'test_r2', 'test_rmse', 'train_mae', 'train_r2', 'train_rmse', 'val_mae', 'val_r2', 'val_rmse']);
    expect(m['val_r2']).toBeGreaterThan(0.6);
    expect(m['val_r2']).toBeLessThan(1);
    // Targets standardized for training, metrics in y's own units: the loss (½·mse in std units) ties them.
    const std = 1 / ds.targetScale!.mult[0]!;
    expect(r.val_loss).toBeCloseTo(0.5 * (m['val_rmse']! / std) ** 2, 4);
    expect(r.history[0]!.metrics!['val_r2']).toBeLessThan(m['val_r2']!);
  });

  it('keeps targets unscaled with target_scale: none, and refuses a classification loss', () => {
    const cfg = makeConfig({ data: { ...FRIEDMAN, target_scale: 'none' }, loss: 'huber', model: { hidden: [16] }, optimizer: { name: 'adam', lr: 0.01 }, train: { epochs: 2 } });
    const ds = data(cfg.data);
    expect(ds.targetScale).toEqual({ shift: [0], mult: [1] });
    expect(trainRun(cfg, ds, { now: () => 0 }).status).toBe('completed');
    const bad = trainRun({ ...cfg, loss: 'softmax_cross_entropy' }, ds, { now: () => 0 });
    expect([bad.status, bad.error]).toEqual(['failed', 'loss softmax_cross_entropy needs class labels, but the data is a regression set (real-valued targets); use mse, mae, huber']);
  });
});
