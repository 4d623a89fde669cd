/**
 * The layer contract (after convnetjs): a layer owns its forward and backward,
 * caches in forward what backward needs, and exposes its parameters with grads.
 */
import type { Matrix } from '../tensor/matrix.js';
import type { Param } from './param.js';
import type { OptimizerState } from './optim/state.js';

export interface Layer {
  /** Registry name, e.g. "dense", "relu", "batchnorm". */
  readonly kind: string;
  /** x is [batch, in]; returns [batch, out]. training switches dropout / batch-norm behaviour. */
  forward(x: Matrix, training: boolean): Matrix;
  /** dy is dLoss/dOutput of the last forward; returns dLoss/dInput and ADDS into param grads. */
  backward(dy: Matrix): Matrix;
  /** Trainable parameters in a fixed order (empty for parameter-free layers). */
  params(): Param[];
  /** Non-trainable state that must be saved with the weights (batch-norm running stats). */
  buffers?(): Record<string, Matrix>;
}

/** Mean loss over a batch and its gradient with respect to the network output. */
export interface Loss {
  readonly name: string;
  /** output is [batch, k] (raw network output); labels are class indices. Returns the mean loss. */
  forward(output: Matrix, labels: Int32Array): number;
  /** dLoss/dOutput of the last forward, [batch, k] (already divided by the batch size). */
  backward(): Matrix;
  /** Predicted class of each row of an output (argmax, or sign for a 1-column binary output). */
  predict(output: Matrix): Int32Array;
  /** Output width this loss needs for `classes` classes (1 for binary hinge, else classes). */
  outputWidth(classes: number): number;
}

/** One optimizer class per algorithm; state is keyed by Param and created on first use. */
export interface Optimizer {
  readonly name: string;
  /** Learning rate; the trainer sets it each epoch from the schedule. */
  lr: number;
  /** Apply one update from the grads currently in params. Does not zero the grads. */
  step(params: Param[]): void;
  /** Per-parameter state, for checkpoints (optim/state.ts); stateless optimizers return {}. */
  saveState?(params: Param[]): OptimizerState;
  /** Continue from saved state: the next step is the one the saved optimizer would have taken. */
  loadState?(params: Param[], state: OptimizerState): void;
}
