import { describe, expect, it } from 'vitest';
import { trainRun } from '../../src/train/trainer.js';
import { endedWorse, trained } from '../../src/train/learned.js';
import { data, fakeClock, makeConfig } from './fixtures.js';

describe('failure to learn', () => {
  it('the rule: the final training loss strictly above the epoch-0 one; missing or non-finite losses never count', () => {
    expect(endedWorse(2.3, 28.4)).toBe(true);
    expect(endedWorse(2.3026, 2.3041)).toBe(true); // never left the untrained level, and drifted up
    expect(endedWorse(2.3, 2.3)).toBe(false);
    expect(endedWorse(2.3, 0.1)).toBe(false);
    expect(endedWorse(null, 5)).toBe(false);
    expect(endedWorse(2.3, NaN)).toBe(false); // a NaN loss is divergence, not this
    expect(trained('failed_to_learn') && trained('completed')).toBe(true);
    expect(trained('diverged') || trained('failed')).toBe(false);
  });

  it('a run whose tanh net with He init at lr 5 blows up to a finite loss is recorded failed_to_learn, with its metrics', () => {
    const cfg = makeConfig({
      model: { hidden: [64, 64, 64], activation: 'tanh', init: { weights: 'he_normal', biases: 'zeros' } },
      optimizer: { name: 'sgd', lr: 5 },
      train: { epochs: 3, batch_size: 32 },
    });
    const r = trainRun(cfg, data(cfg.data), { now: fakeClock() });
    expect(r.status).toBe('failed_to_learn');
    expect(r.history.at(-1)!.train_loss).toBeGreaterThan(r.history[0]!.train_loss);
    expect(Number.isFinite(r.test_accuracy)).toBe(true); // trained to the end: every metric is measured
    // The same net at a sane learning rate learns.
    const ok = { ...cfg, optimizer: { ...cfg.optimizer, lr: 0.05 } };
    expect(trainRun(ok, data(ok.data), { now: fakeClock() }).status).toBe('completed');
  });
});
