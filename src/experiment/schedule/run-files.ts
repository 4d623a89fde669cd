/**
 * The worker's side of a run's files (protocol.ts RunFiles): checkpoints written as the trainer
 * hands them over, the resumed one read back, the trained models saved. The only file IO of a
 * training worker, kept here so the trainer stays pure.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TrainOptions } from '../../train/trainer.js';
import { saveModel, writeFileAtomically } from '../../nn/model-file.js';
import type { RunFiles } from './protocol.js';

/**
 * A failed write (disk full, quota) ends the run as failed with this message: `<code> <file> …`,
 * which the scheduler's caller turns back into the error (protocol.ts fileError) so a full disk stops the
 * sweep with its one line, as a full runs.csv does, instead of failing run after run.
 */
function written(file: string, write: () => void): void {
  try {
    write();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code ? `${code} <${file}> ${(e as Error).message}` : (e as Error).message);
  }
}

export function fileOptions(f: RunFiles): Pick<TrainOptions, 'checkpoint' | 'onModel'> {
  fs.mkdirSync(path.dirname(f.checkpoint), { recursive: true });
  return {
    checkpoint: {
      identity: f.identity,
      every: f.every,
      floorMs: f.floorMs,
      // No fsync: one per epoch cost ~14 ms here, more than a short epoch. A kill leaves the file whole;
      // after a power cut a damaged checkpoint is dropped with a warning and its run starts afresh.
      save: (bytes) => written(f.checkpoint, () => writeFileAtomically(f.checkpoint, bytes, false)),
      resume: f.resume ? { bytes: fs.readFileSync(f.checkpoint), what: f.checkpoint } : null,
    },
    onModel: (kind, model, epoch) => {
      const file = kind === 'best' ? f.bestModel : f.model;
      written(file, () => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        saveModel(model, file, { ...f.metadata, weights: kind, epoch: String(epoch) });
      });
    },
  };
}
