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

export function fileOptions(f: RunFiles): Pick<TrainOptions, 'checkpoint' | 'onModel'> {
  fs.mkdirSync(path.dirname(f.checkpoint), { recursive: true });
  return {
    checkpoint: {
      identity: f.identity,
      every: f.every,
      floorMs: f.floorMs,
      save: (bytes) => writeFileAtomically(f.checkpoint, bytes),
      resume: f.resume ? { bytes: fs.readFileSync(f.checkpoint), what: f.checkpoint } : null,
    },
    onModel: (kind, model, epoch) => {
      const file = kind === 'best' ? f.bestModel : f.model;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      saveModel(model, file, { ...f.metadata, weights: kind, epoch: String(epoch) });
    },
  };
}
