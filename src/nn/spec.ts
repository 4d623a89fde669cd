/** What a spec's `model:`, `loss:`, `regularization:`, `optimizer:` and `schedule:` sections resolve to. */

export interface InitSpec {
  /** Initializer expression, e.g. "normal(0.01)", "xavier_uniform", "he_normal", "constant(0.1)", "zeros". */
  weights: string;
  biases: string;
}

export interface ModelSpec {
  /** Hidden layer widths; the input width comes from the data, the output width from the loss. */
  hidden: number[];
  /**
   * The whole network as layer expressions (stack.ts), e.g. [conv2d(16, 5), relu, maxpool(2),
   * flatten, dense(10)]; absent (undefined) = the MLP of hidden/activation/dropout/batch_norm.
   * Absent rather than null by default, so the run ids of MLP configs stay what they were.
   */
  layers?: string[];
  /** Activation after every hidden layer: relu | leaky_relu | sigmoid | tanh | linear. */
  activation: string;
  /** Slope for leaky_relu. */
  leaky_slope: number;
  init: InitSpec;
  /** Dropout probability after each hidden activation (0 = none). */
  dropout: number;
  /** Dropout on the input (0 = none). */
  input_dropout: number;
  /** Batch norm between each hidden Dense and its activation. */
  batch_norm: boolean;
  /** Batch-norm running-average momentum and epsilon. */
  bn_momentum: number;
  bn_eps: number;
}

export interface RegularizationSpec {
  /** λ of the penalty (λ/2)·Σ‖W‖² added to the loss. */
  l2: number;
  /** Apply L2 to biases too (off by default). */
  l2_biases: boolean;
}

export interface OptimizerSpec {
  /** sgd | momentum | nesterov | rmsprop | adagrad | adam | adamw */
  name: string;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  /** RMSprop decay. */
  rho: number;
  eps: number;
  /** AdamW decoupled weight decay. */
  weight_decay: number;
}

export interface ScheduleSpec {
  /** constant | step | cosine */
  name: string;
  /** step: multiply by gamma every step_size epochs. */
  step_size: number;
  gamma: number;
  /** cosine: lr falls from lr to min_lr over the run's epochs. */
  min_lr: number;
}
