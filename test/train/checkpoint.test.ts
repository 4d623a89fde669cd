/**
 * Checkpoints: a run stopped mid-epoch or at an epoch's end and continued from its checkpoint in a
 * fresh trainer ends with the same bits as the uninterrupted run (all but seconds), for every
 * optimizer and with every random stream in play (shuffle, dropout, augmentation), batch-norm
 * running statistics and early stopping's snapshot.
 */
import { describe, expect, it } from 'vitest';
import { trainRun, type TrainOptions } from '../../src/train/trainer.js';
import type { RunResult } from '../../src/train/record.js';
import { decodeCheckpoint } from '../../src/train/checkpoint.js';
import { data, fakeClock, makeConfig } from './fixtures.js';

const identity = { nnlab: 'test', backend: 'test', run_id: 'r1' };

function withoutSeconds(r: RunResult): unknown {
  return { ...r, seconds: 0, history: r.history.map((h) => ({ ...h, seconds: 0 })) };
}

/** Train, interrupting once `stopAfter` minibatches have been stepped; returns the result and every checkpoint saved. */
function trainWithCheckpoints(cfg: ReturnType<typeof makeConfig>, stopAfter: number | null, resume: Uint8Array | null = null, id = identity) {
  const saved: { epoch: number; bytes: Uint8Array }[] = [];
  let polls = 0;
  const opts: TrainOptions = {
    now: fakeClock(),
    shouldStop: () => stopAfter !== null && polls++ >= stopAfter,
    checkpoint: {
      identity: id,
      every: 1,
      floorMs: Infinity,
      save: (bytes, epoch) => saved.push({ epoch, bytes: bytes.slice() }),
      resume: resume ? { bytes: resume, what: 'ckpt' } : null,
    },
  };
  return { result: trainRun(cfg, data(cfg.data), opts), saved };
}

const CASES = {
  'adam, dropout, batch norm, augmentation': makeConfig({
    model: { hidden: [24], dropout: 0.2, input_dropout: 0.1, batch_norm: true },
    optimizer: { name: 'adam', lr: 0.003 },
    data: { augment: { shift: 1 } },
  }),
  'momentum, early stopping': makeConfig({ optimizer: { name: 'momentum', lr: 0.05 }, train: { patience: 2, epochs: 6 } }),
  'rmsprop, diagnostics': makeConfig({ optimizer: { name: 'rmsprop', lr: 0.003 }, train: { diagnostics: true } }),
  adagrad: makeConfig({ optimizer: { name: 'adagrad', lr: 0.05 } }),
} as const;

describe('checkpoint and resume', () => {
  for (const [name, cfg] of Object.entries(CASES)) {
    it(`${name}: a run continued mid-epoch or from an epoch's end equals the uninterrupted one`, () => {
      const whole = trainRun(cfg, data(cfg.data), { now: fakeClock() });
      expect(whole.status).toBe('completed');
      const batches = Math.ceil(data(cfg.data).train.x.rows / cfg.train.batch_size);
      // Stopped before epoch 2's first minibatch, its order drawn: continued, it must not draw another.
      const atStart = trainWithCheckpoints(cfg, batches).saved.at(-1)!;
      expect(decodeCheckpoint(atStart.bytes, 'start').header.loop).toMatchObject({ epoch: 1, batch: 0, shuffled: true });
      expect(withoutSeconds(trainWithCheckpoints(cfg, null, atStart.bytes).result)).toEqual(withoutSeconds(whole));
      // Stop in the middle of epoch 3.
      const cut = trainWithCheckpoints(cfg, 2 * batches + 17);
      expect(cut.result.error).toBe('interrupted');
      const mid = cut.saved.at(-1)!;
      expect(decodeCheckpoint(mid.bytes, 'mid').header.loop.batch).toBeGreaterThan(0);
      const resumed = trainWithCheckpoints(cfg, null, mid.bytes).result;
      expect(withoutSeconds(resumed)).toEqual(withoutSeconds(whole));
      // From the epoch-1 checkpoint (a boundary: the next shuffle has not happened yet).
      const atEpoch1 = cut.saved.find((s) => s.epoch === 1)!;
      expect(decodeCheckpoint(atEpoch1.bytes, 'e1').header.loop).toMatchObject({ batch: 0, shuffled: false });
      expect(withoutSeconds(trainWithCheckpoints(cfg, null, atEpoch1.bytes).result)).toEqual(withoutSeconds(whole));
    });
  }

  it('checkpoints epoch 0 and each epoch but the last; a resumed run keeps counting seconds', () => {
    const cfg = CASES.adagrad;
    const { result, saved } = trainWithCheckpoints(cfg, null);
    expect(saved.map((s) => s.epoch)).toEqual([0, 1, 2, 3, 4]);
    const resumed = trainWithCheckpoints(cfg, null, saved[3]!.bytes).result;
    expect(resumed.history.slice(0, 4)).toEqual(result.history.slice(0, 4)); // kept, not retrained: the same seconds too
  });

  it('refuses a checkpoint written for another run, version or backend', () => {
    const cfg = CASES.adagrad;
    const { saved } = trainWithCheckpoints(cfg, null);
    const other = trainWithCheckpoints(cfg, null, saved[1]!.bytes, { ...identity, backend: 'js' }).result;
    expect(other.status).toBe('failed');
    expect(other.error).toBe('ckpt: refused: it was written with backend test, this run has backend js; delete it to retrain the run from the start');
    const damaged = trainWithCheckpoints(cfg, null, saved[1]!.bytes.subarray(0, 40)).result;
    expect(damaged.status).toBe('failed');
    expect(damaged.error).toMatch(/^ckpt: not a readable safetensors file/);
  });
});
