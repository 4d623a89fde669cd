/** What training produces; the store writes these rows to epochs.csv and runs.csv. */

export type RunStatus = 'completed' | 'diverged' | 'failed';

export interface EpochRecord {
  /** 0 = before any training (initial diagnostics and metrics), then 1..epochs. */
  epoch: number;
  train_loss: number;
  train_accuracy: number;
  val_loss: number;
  val_accuracy: number;
  /** Seconds since the run started (from the injected clock). */
  seconds: number;
  lr: number;
  /**
   * Per-layer diagnostics, keyed `L{i}_act_mean`, `L{i}_act_std`, `L{i}_grad_norm`,
   * `L{i}_weight_norm`, where i = 1.. counts the Dense layers from the input.
   * Activation stats are of the layer's output after its activation (the raw output for the last layer).
   */
  diagnostics: Record<string, number>;
}

export interface RunResult {
  status: RunStatus;
  /** Epochs actually trained. */
  epochs: number;
  /** The epoch at which the loss became NaN/inf (diverged runs), else null. */
  diverged_epoch: number | null;
  train_loss: number;
  train_accuracy: number;
  val_loss: number;
  val_accuracy: number;
  best_val_accuracy: number;
  test_accuracy: number;
  seconds: number;
  error: string;
  history: EpochRecord[];
}
