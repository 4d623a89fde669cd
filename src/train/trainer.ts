/**
 * One training run: config + data in, RunResult out. Pure apart from the
 * injected clock, so it runs the same on the main thread, in a worker, or in a
 * test, and the same seed gives bit-identical numbers everywhere.
 *
 * Conventions the results and report rely on:
 * - Reported losses (train_loss, val_loss) are the DATA loss only, without the
 *   L2 penalty, so runs with different λ compare on one scale.
 * - train_* metrics are measured after each epoch in eval mode over the whole
 *   training split (not the running minibatch average, which mixes weights).
 * - Epoch 0 is the untrained model. Every number in `history` is finite (val_*
 *   are NaN only if the validation split is empty). best_val_accuracy is the
 *   max over the history, epoch 0 included.
 * - Diverged runs (a minibatch loss or an epoch metric became NaN/±Infinity):
 *   status 'diverged', diverged_epoch = the epoch being trained (0 if the initial
 *   model is already non-finite); that epoch gets no record; the final
 *   train/val metrics are those of the last completed epoch; test_accuracy is
 *   NaN (the model that exists is broken, and an earlier one was not kept).
 * - Early stopping (train.patience): stop once validation accuracy has not
 *   strictly improved on its best (epoch 0 included) for `patience` epochs; test_accuracy is then of the best-validation
 *   model (weights restored), while train/val metrics are of the last epoch.
 *   Without early stopping test_accuracy is of the final model.
 * - A run that trained to its end but whose final training loss is above the epoch-0
 *   one gets status 'failed_to_learn' (learned.ts); its metrics are recorded as measured.
 * - shouldStop() (Ctrl-C) → status 'failed', error 'interrupted'.
 * - stopAt (successive halving) → status 'stopped' after that many epochs, test_accuracy NaN;
 *   test: false (tuning runs of a protocol) → test_accuracy NaN.
 * - A thrown error → status 'failed' with its message, never a throw.
 */
import type { Dataset, Split } from '../data/dataset.js';
import type { Optimizer } from '../nn/layer.js';
import { zeroGrads } from '../nn/param.js';
import { buildModel } from '../nn/build.js';
import type { Sequential } from '../nn/sequential.js';
import { makeLoss } from '../nn/losses.js';
import { makeRegressionLoss } from '../nn/losses/regression.js';
import { makeTask, type Measured, type Task } from './task.js';
import { addL2Grad } from '../nn/regularization.js';
import { makeOptimizer } from '../nn/optim/index.js';
import { makeSchedule } from '../nn/optim/schedule.js';
import { augmentBatch } from '../data/augment.js';
import { Rng } from '../tensor/rng.js';
import { endedWorse, trained } from './learned.js';
import { withResidentMemory } from '../tensor/kernels.js';
import type { RunConfig } from './spec.js';
import type { EpochRecord, RunResult, RunStatus } from './record.js';
import { Batcher, type Batch } from './batcher.js';
import { Diagnostics } from './diagnostics.js';
import { Snapshot } from './snapshot.js';
import { decodeCheckpoint, encodeCheckpoint, identityMismatch, restoreCheckpoint, type CheckpointIdentity, type LoopState, type TrainParts } from './checkpoint.js';

export interface TrainOptions {
  /** Clock in milliseconds (e.g. performance.now or Date.now); only differences are used. */
  now: () => number;
  /** Called with each epoch record as soon as it exists (epoch 0 first). */
  onEpoch?: (r: EpochRecord) => void;
  /** Polled between minibatches; true interrupts the run (status 'failed', error 'interrupted'). */
  shouldStop?: () => boolean;
  /**
   * Successive halving's budget: train only this many of the config's epochs, then stop with
   * status 'stopped'. The schedule still spans train.epochs, so these epochs are bit for bit
   * the first ones of the full run.
   */
  stopAt?: number;
  /** False: never evaluate the test split (a tuning run must not see it). Default true. */
  test?: boolean;
  /** Save the training state as the run goes, and/or continue from a saved one (checkpoint.ts). */
  checkpoint?: CheckpointOptions;
  /**
   * Called with the trained model of a run that ended without error: 'final' (the last epoch's
   * weights) and, when early stopping restored an earlier epoch, 'best' (the weights test_accuracy
   * is of). Only valid during the call (the weights live in the run's memory).
   */
  onModel?: (kind: 'final' | 'best', model: Sequential, epoch: number) => void;
}

export interface CheckpointOptions {
  /** Stamped into every checkpoint; a resumed checkpoint must carry the same (nnlab version, backend, run id). */
  identity: CheckpointIdentity;
  /** Save after every `every` epochs (epoch 0 included) … */
  every: number;
  /** … and after any epoch once this long has passed since the last save (the most work a kill loses). */
  floorMs: number;
  /** Store the bytes (atomically). Called before the epoch's record goes to onEpoch, so a recorded epoch always has a checkpoint at or before it. */
  save: (bytes: Uint8Array, epoch: number) => void;
  /** A checkpoint to continue from, and its name for messages. */
  resume?: { bytes: Uint8Array; what: string } | null;
  /** Also save mid-epoch when shouldStop() interrupts, so a stopped run loses no minibatch. Default true. */
  onStop?: boolean;
}

/**
 * Rows per evaluation batch: enough to amortize per-call overhead, few enough
 * that a 256-wide layer's activations (256 KB) stay in a core's L2. Measured:
 * 1000 → 256 made an epoch's evaluation of a 784-256×5 net ~6% faster, and a
 * digits sweep's runs ~3% faster alone and ~4% when two workers share the
 * caches; it changes the mean-loss rounding, not the predictions.
 */
export const EVAL_BATCH = 256;

class Diverged extends Error {}
class Interrupted extends Error {}

function evaluate(model: Sequential, split: Split, task: Task): Measured {
  return task.evaluate(model, split, EVAL_BATCH);
}

/** A regression split's metrics under its prefix: { val_rmse, val_mae, val_r2 }. */
function prefixed(prefix: string, m: Measured): Record<string, number> {
  return Object.fromEntries(Object.entries(m.metrics).map(([k, v]) => [`${prefix}_${k}`, v]));
}

function allFinite(r: EpochRecord, checkVal: boolean, regression: boolean): boolean {
  // Regression has no accuracy (NaN); its loss stands for it. r2 may be NaN on a constant target, rmse may not.
  if (!Number.isFinite(r.train_loss) || (!regression && !Number.isFinite(r.train_accuracy))) return false;
  if (checkVal && (!Number.isFinite(r.val_loss) || (!regression && !Number.isFinite(r.val_accuracy)))) return false;
  for (const k in r.metrics) if (/rmse|mae/.test(k) && !Number.isFinite(r.metrics[k]!)) return false;
  for (const k in r.diagnostics) if (!Number.isFinite(r.diagnostics[k]!)) return false;
  return true;
}

export function trainRun(config: RunConfig, data: Dataset, opts: TrainOptions): RunResult {
  // The run's parameters, optimizer state, batch and layer buffers live where
  // the float32 kernels compute (no copies per call); none of them outlive the
  // run — the result holds only numbers.
  return withResidentMemory(() => train(config, data, opts));
}

function train(config: RunConfig, data: Dataset, opts: TrainOptions): RunResult {
  const start = opts.now();
  /** Seconds trained before this process took the run over (from its checkpoint). */
  let before = 0;
  const seconds = () => before + (opts.now() - start) / 1000;
  const history: EpochRecord[] = [];
  let epochsTrained = 0;
  /** The epoch being trained or recorded (0 = the initial record). */
  let epoch = 0;
  let divergedEpoch: number | null = null;
  let status: RunStatus = 'completed';
  let error = '';
  let testAccuracy = NaN;
  let testMetrics: Record<string, number> = {};
  let regression = false;

  try {
    const rng = new Rng(config.seed);
    // Independent streams: changing e.g. the batch size (shuffle draws) leaves the init untouched.
    // buildModel forks 'init' and 'dropout' from the model stream itself.
    const shuffleRng = rng.fork('shuffle');
    const augmentRng = rng.fork('augment');
    const task = makeTask(config.loss, data);
    regression = task.regression;
    // l2_biases marks the Dense biases decay=true, so the regularizer's decay filter covers them.
    const model = buildModel(config.model, data.features, task.outputs, rng.fork('model'), 'float32', {
      decayBiases: config.regularization.l2_biases,
      imageShape: data.imageShape,
      channels: data.channels,
    });
    const optimizer: Optimizer = makeOptimizer(config.optimizer);
    const train = config.train;
    const schedule = makeSchedule(config.schedule, config.optimizer.lr, train.epochs);
    const params = model.params();
    const l2 = config.regularization.l2;
    const batcher = new Batcher(data.train, train.batch_size);
    const aug = config.data.augment;
    const augmenting = data.imageShape !== null && (aug.shift > 0 || aug.rotate > 0);
    const probeRows = Math.min(train.probe_size, data.train.x.rows);
    // A loss of its own for the probe (the training one keeps its buffers); regression probes its targets.
    const probe = { x: data.train.x.sliceRows(0, probeRows), y: data.train.y.subarray(0, probeRows) };
    const diagnostics = !train.diagnostics ? null : task.regression
      ? new Diagnostics(model, makeRegressionLoss(config.loss), { ...probe, t: data.train.t!.sliceRows(0, probeRows) })
      : new Diagnostics(model, makeLoss(config.loss), probe);
    const hasVal = data.val.x.rows > 0;
    const patience = train.patience;
    const snapshot = patience !== null ? new Snapshot(model) : null;
    let best = -Infinity;
    let bestEpoch = 0;
    let sinceBest = 0;
    const ckpt = opts.checkpoint;
    const parts: TrainParts = { model, optimizer, rng, order: batcher.order, snapshot: snapshot?.arrays() ?? null };
    let lastSave = opts.now();
    const saveState = (e: number, batch: number, shuffled: boolean): void => {
      const loop: LoopState = { epoch: e, batch, shuffled, seconds: seconds(), history, best, bestEpoch, sinceBest };
      ckpt!.save(encodeCheckpoint(parts, loop, ckpt!.identity), e);
      lastSave = opts.now();
    };
    /** Checkpoint if due, then hand the record out: a recorded epoch always has a checkpoint at or before it. */
    const finishEpoch = (r: EpochRecord, last: boolean): void => {
      if (ckpt && !last && (r.epoch % ckpt.every === 0 || opts.now() - lastSave >= ckpt.floorMs)) saveState(r.epoch, 0, false);
      opts.onEpoch?.(r);
    };

    const record = (e: number, lr: number): EpochRecord => {
      const tr = evaluate(model, data.train, task);
      const va = evaluate(model, data.val, task);
      const r: EpochRecord = {
        epoch: e,
        train_loss: tr.loss,
        train_accuracy: tr.accuracy,
        val_loss: va.loss,
        val_accuracy: va.accuracy,
        seconds: 0,
        lr,
        diagnostics: diagnostics ? diagnostics.measure() : {},
        ...(task.regression ? { metrics: { ...prefixed('train', tr), ...prefixed('val', va) } } : {}),
      };
      if (!allFinite(r, hasVal, task.regression)) throw new Diverged();
      r.seconds = seconds();
      history.push(r);
      return r;
    };

    const step = (batch: Batch): void => {
      // In place: the gathered rows are a fresh copy each batch, the dataset is untouched.
      if (augmenting) augmentBatch(batch.x, data.imageShape!, aug, augmentRng, batch.x);
      const out = model.forward(batch.x, true);
      const l = task.forward(out, batch);
      if (!Number.isFinite(l)) throw new Diverged();
      model.backward(task.backward(), false); // the input gradient is never needed
      if (l2 > 0) addL2Grad(params, l2);
      optimizer.step(params);
      zeroGrads(params);
    };

    const lastEpoch = Math.min(train.epochs, opts.stopAt ?? train.epochs);
    let resumeBatch = 0;
    let shuffled = false;
    if (ckpt?.resume) {
      // Continue a killed run: everything the loop below reads comes back from the checkpoint.
      const { bytes, what } = ckpt.resume;
      const saved = decodeCheckpoint(bytes, what);
      const why = identityMismatch(saved.header.identity, ckpt.identity);
      if (why !== null) throw new Error(`${what}: refused: ${why}; delete it to retrain the run from the start`);
      const loop = restoreCheckpoint(parts, saved, what);
      history.push(...loop.history);
      ({ best, bestEpoch, sinceBest } = loop);
      before = loop.seconds;
      epochsTrained = loop.epoch;
      epoch = loop.epoch;
      resumeBatch = loop.batch;
      shuffled = loop.shuffled;
    } else {
      const first = record(0, schedule(0));
      if (snapshot) {
        best = first.val_accuracy;
        snapshot.save();
      }
      finishEpoch(first, lastEpoch === 0);
    }

    for (epoch = epoch + 1; epoch <= lastEpoch; epoch++) {
      const lr = schedule(epoch - 1);
      optimizer.lr = lr;
      // A checkpoint taken inside this epoch already holds its order.
      if (!shuffled) batcher.shuffle(shuffleRng);
      for (let b = resumeBatch; b < batcher.count; b++) {
        if (opts.shouldStop?.()) {
          if (ckpt && ckpt.onStop !== false) saveState(epoch - 1, b, true);
          throw new Interrupted();
        }
        step(batcher.gather(b));
      }
      resumeBatch = 0;
      shuffled = false;
      const r = record(epoch, lr);
      epochsTrained = epoch;
      let stop = false;
      if (snapshot && patience !== null) {
        if (r.val_accuracy > best) {
          best = r.val_accuracy;
          bestEpoch = epoch;
          sinceBest = 0;
          snapshot.save();
        } else if (++sinceBest >= patience) stop = true;
      }
      finishEpoch(r, stop || epoch === lastEpoch);
      if (stop) break;
    }
    opts.onModel?.('final', model, epochsTrained);
    if (snapshot && bestEpoch !== epochsTrained) {
      snapshot.restore();
      opts.onModel?.('best', model, bestEpoch);
    }
    // Stopped by the budget (not by early stopping): the run is unfinished, and its test split stays unseen.
    if (lastEpoch < train.epochs && epochsTrained === lastEpoch) status = 'stopped';
    else if (opts.test !== false) {
      const te = evaluate(model, data.test, task);
      testAccuracy = te.accuracy;
      testMetrics = prefixed('test', te);
    }
  } catch (e) {
    if (e instanceof Diverged) {
      status = 'diverged';
      divergedEpoch = epoch;
    } else if (e instanceof Interrupted) {
      status = 'failed';
      error = 'interrupted';
    } else {
      status = 'failed';
      error = e instanceof Error ? e.message : String(e);
    }
  }

  const last = history[history.length - 1];
  if (status === 'completed' && endedWorse(history[0]?.train_loss, last?.train_loss)) status = 'failed_to_learn';
  return {
    status,
    epochs: epochsTrained,
    diverged_epoch: divergedEpoch,
    train_loss: last?.train_loss ?? NaN,
    train_accuracy: last?.train_accuracy ?? NaN,
    val_loss: last?.val_loss ?? NaN,
    val_accuracy: last?.val_accuracy ?? NaN,
    best_val_accuracy: history.length > 0 ? Math.max(...history.map((r) => r.val_accuracy)) : NaN,
    test_accuracy: trained(status) ? testAccuracy : NaN,
    seconds: seconds(),
    error,
    history,
    ...(regression ? { metrics: runMetrics(last, trained(status) ? testMetrics : {}) } : {}),
  };
}

/** A regression run's final metrics: train/val of its last epoch, test of its model (NaN when it has none). */
function runMetrics(last: EpochRecord | undefined, test: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const split of ['train', 'val', 'test']) {
    for (const m of ['rmse', 'mae', 'r2']) {
      const k = `${split}_${m}`;
      out[k] = split === 'test' ? (test[k] ?? NaN) : (last?.metrics?.[k] ?? NaN);
    }
  }
  return out;
}
