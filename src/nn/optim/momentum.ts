/**
 * SGD with momentum, in the PyTorch formulation (velocity holds gradients,
 * the learning rate multiplies only at the update, so changing lr mid-run
 * does not rescale the stored velocity):
 *
 *   classical (Polyak 1964, https://doi.org/10.1016/0041-5553(64)90137-5):
 *     v ← μ·v + g
 *     θ ← θ − η·v
 *
 *   nesterov (Sutskever, Martens, Dahl & Hinton 2013, §2 eqs. 3–4 rewritten in
 *   terms of the look-ahead parameters, as in PyTorch's `nesterov=True`;
 *   http://proceedings.mlr.press/v28/sutskever13.html):
 *     v ← μ·v + g
 *     θ ← θ − η·(g + μ·v)
 *
 * With a constant lr these equal Sutskever's v ← μv − ηg, θ ← θ + v (classical)
 * and its Nesterov look-ahead form. v starts at 0, so the first step of both is θ − η·g.
 */
import type { Optimizer } from '../layer.js';
import type { Param } from '../param.js';
import { allocate, type FloatArray } from '../../tensor/matrix.js';
import { momentumStep } from '../../tensor/kernels.js';
import { loadArrays, saveArrays, type OptimizerState } from './state.js';
import { checkPositive, checkUnitOpen } from './hyper.js';

export interface MomentumOptions {
  lr: number;
  /** μ in [0, 1); default 0.9. */
  momentum?: number;
  /** Nesterov's accelerated gradient instead of classical momentum. */
  nesterov?: boolean;
}

export class Momentum implements Optimizer {
  readonly name: string;
  lr: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  private readonly velocity = new Map<Param, FloatArray>();

  constructor(opts: MomentumOptions) {
    this.nesterov = opts.nesterov ?? false;
    this.name = this.nesterov ? 'nesterov' : 'momentum';
    this.lr = checkPositive(this.name, 'optimizer.lr', opts.lr, 'try 0.1');
    this.momentum = checkUnitOpen(this.name, 'optimizer.momentum', opts.momentum ?? 0.9, 'try 0.9');
  }

  step(params: Param[]): void {
    const lr = this.lr;
    const mu = this.momentum;
    for (const p of params) {
      const theta = p.value.data;
      const g = p.grad.data;
      let v = this.velocity.get(p);
      if (v === undefined) {
        v = allocate(theta.length, p.value.dtype);
        this.velocity.set(p, v);
      }
      // The loop of the module comment, in tensor/kernels.ts (wasm for float32, same bits).
      momentumStep(theta, g, v, lr, mu, this.nesterov);
    }
  }

  saveState(params: Param[]): OptimizerState {
    return saveArrays(this.velocity, params, 'velocity');
  }

  loadState(params: Param[], state: OptimizerState): void {
    loadArrays(this.velocity, params, 'velocity', state);
  }
}

/** Registry entry for "nesterov": Momentum with the flag fixed on. */
export class Nesterov extends Momentum {
  constructor(opts: Omit<MomentumOptions, 'nesterov'>) {
    super({ ...opts, nesterov: true });
  }
}
