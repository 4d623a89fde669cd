/** Messages between the scheduler (main thread) and a training worker. */
import type { RunPlan } from '../spec/spec.js';
import type { EpochRecord, RunResult } from '../../train/record.js';

/** workerData of every training worker. */
export interface WorkerInit {
  /** Int32Array(1) on a SharedArrayBuffer: 1 = stop. Shared memory because a training worker's event loop is busy. */
  stopFlag: Int32Array;
}

export type ToWorker = {
  type: 'run';
  plan: RunPlan;
  /** Key of the dataset (one per distinct DataSpec); `data` is sent with the first run of each key only. */
  dataKey: string;
  /** The output of toShared(): typed arrays on SharedArrayBuffers, so posting it shares rather than copies. */
  data?: unknown;
  /** Where the run checkpoints and saves its models; absent: it keeps neither (tests, benchmarks). */
  files?: RunFiles;
};

/** A run's checkpoint and model files (store/checkpoints.ts) and its checkpoint policy. */
export interface RunFiles {
  checkpoint: string;
  /** Final and best-epoch weights. */
  model: string;
  bestModel: string;
  /** Stamped into checkpoints and required of the one resumed (nnlab version, backend, run id). */
  identity: Record<string, string>;
  /** Continue from `checkpoint` (the scheduler's caller checked it); else start fresh. */
  resume: boolean;
  every: number;
  floorMs: number;
  /** Metadata of the saved models (strings: the run's config as JSON, its id, nnlab's version). */
  metadata: Record<string, string>;
}

export type FromWorker =
  | { type: 'epoch'; runId: string; record: EpochRecord }
  | { type: 'done'; runId: string; result: RunResult }
  | { type: 'error'; runId: string; message: string };

/** A RunResult for a run that never produced one (worker crashed, data could not be attached). */
export function failedResult(message: string, seconds = 0): RunResult {
  return {
    status: 'failed',
    epochs: 0,
    diverged_epoch: null,
    train_loss: NaN,
    train_accuracy: NaN,
    val_loss: NaN,
    val_accuracy: NaN,
    best_val_accuracy: NaN,
    test_accuracy: NaN,
    seconds,
    error: message,
    history: [],
  };
}

/** The error a run's failed checkpoint or model write stands for (run-files.ts written()), or null for any other failure. */
export function fileError(message: string): NodeJS.ErrnoException | null {
  const m = /^(ENOSPC|EDQUOT|EROFS|EACCES|EIO) <(.+?)> /.exec(message);
  if (!m) return null;
  return Object.assign(new Error(message.slice(m[0].length)), { code: m[1], path: m[2] });
}
