/** What a spec's `train:` section resolves to, and the full resolved config of one run. */
import type { DataSpec } from '../data/spec.js';
import type { ModelSpec, OptimizerSpec, RegularizationSpec, ScheduleSpec } from '../nn/spec.js';

export interface TrainSpec {
  epochs: number;
  batch_size: number;
  /** Stop when validation accuracy has not improved for this many epochs (null = off). */
  patience: number | null;
  /** Record per-layer diagnostics each epoch (on a fixed probe batch). */
  diagnostics: boolean;
  /** Size of the probe batch used for diagnostics. */
  probe_size: number;
}

/** Everything one run needs: the fully resolved spec with a single value for every swept key, plus its seed. */
export interface RunConfig {
  data: DataSpec;
  model: ModelSpec;
  /** softmax_cross_entropy | hinge | multiclass_hinge | mse | sigmoid_mse */
  loss: string;
  regularization: RegularizationSpec;
  optimizer: OptimizerSpec;
  schedule: ScheduleSpec;
  train: TrainSpec;
  seed: number;
}
