/** What training produces; the store writes these rows to epochs.csv and runs.csv. */

/**
 * completed: trained to the end and learned; failed_to_learn: trained to the end but the final
 * training loss is above the epoch-0 one (learned.ts); diverged: a loss became NaN/±Infinity;
 * failed: an error (retried by the next nnlab run).
 */
export type RunStatus = 'completed' | 'failed_to_learn' | 'stopped' | 'diverged' | 'failed';

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
  /** Regression runs: train_rmse, train_mae, train_r2, val_rmse, val_mae, val_r2 (targets' own units). */
  metrics?: Record<string, number>;
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
  /** Regression runs: {train,val,test}_{rmse,mae,r2} of the final model (accuracies are then NaN). */
  metrics?: Record<string, number>;
}
