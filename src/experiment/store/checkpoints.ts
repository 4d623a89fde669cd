/**
 * Where a sweep keeps its runs' checkpoints and trained models, inside its results folder:
 *
 *   checkpoints/<run_id>.safetensors        the training state of a run in progress (train/checkpoint.ts);
 *                                           removed once the run's runs.csv row is written
 *   models/<run_id>.safetensors             the final weights of every run that ended without error
 *   models/<run_id>.best.safetensors        early stopping's best epoch, when it was not the last
 *
 * A checkpoint file is what marks a run as in progress: epochs.csv rows without a runs.csv row
 * are kept while it exists (and cut back to its epoch when the run resumes), dropped otherwise.
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeCheckpoint, identityMismatch, type CheckpointIdentity } from '../../train/checkpoint.js';
import type { EpochRecord } from '../../train/record.js';

export const CHECKPOINTS_DIR = 'checkpoints';
export const MODELS_DIR = 'models';
const SUFFIX = '.safetensors';

export function checkpointFile(dir: string, runId: string): string {
  return path.join(dir, CHECKPOINTS_DIR, `${runId}${SUFFIX}`);
}

export function modelFile(dir: string, runId: string, kind: 'final' | 'best'): string {
  return path.join(dir, MODELS_DIR, `${runId}${kind === 'best' ? '.best' : ''}${SUFFIX}`);
}

/** Run ids that have a checkpoint (runs in progress, or killed mid-run). */
export function checkpointedRuns(dir: string): Set<string> {
  let names: string[] = [];
  try {
    names = fs.readdirSync(path.join(dir, CHECKPOINTS_DIR));
  } catch {
    return new Set();
  }
  return new Set(names.filter((n) => n.endsWith(SUFFIX) && !n.includes('.tmp-')).map((n) => n.slice(0, -SUFFIX.length)));
}

export function removeCheckpoint(dir: string, runId: string): void {
  fs.rmSync(checkpointFile(dir, runId), { force: true });
}

/** Where a run will continue: after `epoch` recorded epochs, at minibatch `batch` of the next. */
export interface ResumePoint {
  epoch: number;
  batch: number;
  /** The epoch records 0..epoch the checkpoint holds. */
  history: EpochRecord[];
}

/**
 * The resume point of a run's checkpoint, or null when it has none. A checkpoint written by
 * another nnlab version, backend or run is refused: the returned `refused` says why in one line.
 * One that cannot be read at all (a power cut caught its unsynced write) is `damaged`: it holds
 * nothing recorded, so its run just starts afresh.
 */
export function resumePoint(dir: string, runId: string, identity: CheckpointIdentity): ResumePoint | { refused: string } | { damaged: string } | null {
  const file = checkpointFile(dir, runId);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  let header;
  try {
    header = decodeCheckpoint(bytes, file).header;
  } catch (e) {
    return { damaged: e instanceof Error ? e.message : String(e) };
  }
  const why = identityMismatch(header.identity, identity);
  if (why !== null) return { refused: `${file}: ${why}` };
  return { epoch: header.loop.epoch, batch: header.loop.batch, history: header.loop.history };
}
