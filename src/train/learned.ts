/**
 * Did a run learn? A run that trained to its end without a NaN can still have
 * ended worse than it started: its weights blew up to a finite but useless
 * place (tanh + He init at lr 0.5 ends with training losses of 28 and 34
 * against 2.3 untrained). Such a run is a failure to learn, not a success.
 *
 * The rule: the final training loss is strictly above the epoch-0 training
 * loss. Both are measured the same way (eval mode, the whole training split,
 * data loss without the L2 penalty; see trainer.ts), so the comparison is fair.
 */

/**
 * Statuses of a run whose every recorded metric is a real measurement of a trained network.
 * 'stopped' is a run successive halving ended at its rung's budget: trained, not failed.
 */
export const TRAINED_STATUSES: readonly string[] = ['completed', 'failed_to_learn', 'stopped'];

export function trained(status: string): boolean {
  return TRAINED_STATUSES.includes(status);
}

/** True when a run's final training loss is above its untrained (epoch-0) training loss. */
export function endedWorse(epoch0TrainLoss: number | null | undefined, finalTrainLoss: number | null | undefined): boolean {
  return epoch0TrainLoss != null && finalTrainLoss != null && Number.isFinite(epoch0TrainLoss)
    && Number.isFinite(finalTrainLoss) && finalTrainLoss > epoch0TrainLoss;
}
