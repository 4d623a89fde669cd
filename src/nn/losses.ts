/**
 * Loss registry. Every loss takes the raw network output (logits / scores),
 * returns the mean over the batch, and its backward() is already divided by
 * the batch size. The formulas are documented in src/nn/losses/.
 */
import type { Loss } from './layer.js';
import { unknownNameMessage } from './names.js';
import { SoftmaxCrossEntropy } from './losses/softmax-ce.js';
import { Hinge, MulticlassHinge } from './losses/hinge.js';
import { MeanSquaredError, SigmoidMeanSquaredError } from './losses/mse.js';

export { SoftmaxCrossEntropy, Hinge, MulticlassHinge, MeanSquaredError, SigmoidMeanSquaredError };

export const LOSSES = {
  softmax_cross_entropy: () => new SoftmaxCrossEntropy(),
  hinge: () => new Hinge(),
  multiclass_hinge: () => new MulticlassHinge(),
  mse: () => new MeanSquaredError(),
  sigmoid_mse: () => new SigmoidMeanSquaredError(),
} as const;

export type LossName = keyof typeof LOSSES;

export function lossNames(): LossName[] {
  return Object.keys(LOSSES) as LossName[];
}

export function isLossName(name: string): name is LossName {
  return Object.prototype.hasOwnProperty.call(LOSSES, name);
}

export function makeLoss(name: string): Loss {
  if (!isLossName(name)) throw new Error(`loss: ${unknownNameMessage('loss', name, lossNames())}`);
  return LOSSES[name]();
}
