/**
 * An optimizer's state for checkpoints (PyTorch's state_dict, per parameter): for each
 * parameter name, its arrays (velocity, moments, …) and counters (Adam's t). Saving returns the
 * live arrays (the caller copies them out); loading allocates fresh ones where the kernels
 * compute and copies the saved values in, so the next step is bit for bit the one the
 * uninterrupted run takes.
 */
import type { Param } from '../param.js';
import { allocate, type FloatArray } from '../../tensor/matrix.js';

export type ParamState = Record<string, FloatArray | number>;
/** Parameter name → its state; parameters not yet stepped are absent. */
export type OptimizerState = Record<string, ParamState>;

/** The state of an optimizer that keeps one array per parameter (momentum, RMSprop, Adagrad). */
export function saveArrays(map: ReadonlyMap<Param, FloatArray>, params: readonly Param[], key: string): OptimizerState {
  const out: OptimizerState = {};
  for (const p of params) {
    const a = map.get(p);
    if (a !== undefined) out[p.name] = { [key]: a };
  }
  return out;
}

/** A saved array for p, copied into fresh memory; checks its length. */
export function restoreArray(p: Param, state: ParamState, key: string): FloatArray {
  const saved = state[key];
  if (typeof saved === 'number' || saved === undefined || saved.length !== p.value.data.length) {
    throw new Error(`optimizer state of '${p.name}': '${key}' is missing or has the wrong length — the checkpoint is of another model`);
  }
  const a = allocate(saved.length, p.value.dtype);
  a.set(saved);
  return a;
}

export function restoreCounter(p: Param, state: ParamState, key: string): number {
  const v = state[key];
  if (typeof v !== 'number') throw new Error(`optimizer state of '${p.name}': counter '${key}' is missing — the checkpoint is of another optimizer`);
  return v;
}

export function loadArrays(map: Map<Param, FloatArray>, params: readonly Param[], key: string, state: OptimizerState): void {
  map.clear();
  for (const p of params) {
    const s = state[p.name];
    if (s !== undefined) map.set(p, restoreArray(p, s, key));
  }
}
