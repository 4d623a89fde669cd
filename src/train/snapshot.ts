/**
 * A copy of a model's weights and non-trainable state (batch-norm running
 * statistics), so early stopping can test the best-validation model rather
 * than the last one. Buffers are allocated once and overwritten on each save.
 */
import type { FloatArray, Matrix } from '../tensor/matrix.js';
import type { Layer } from '../nn/layer.js';
import type { Param } from '../nn/param.js';

export interface SnapshotModel {
  readonly layers: Layer[];
  params(): Param[];
}

function stateOf(model: SnapshotModel): Matrix[] {
  const out = model.params().map((p) => p.value);
  for (const layer of model.layers) {
    const bufs = layer.buffers?.();
    if (bufs) for (const key of Object.keys(bufs).sort()) out.push(bufs[key]!);
  }
  return out;
}

export class Snapshot {
  private readonly copies: FloatArray[];
  private readonly model: SnapshotModel;

  constructor(model: SnapshotModel) {
    this.model = model;
    this.copies = stateOf(model).map((m) => m.data.slice());
  }

  save(): void {
    stateOf(this.model).forEach((m, k) => this.copies[k]!.set(m.data));
  }

  restore(): void {
    stateOf(this.model).forEach((m, k) => m.data.set(this.copies[k]!));
  }

  /** The saved copies, in a fixed order (a checkpoint stores and refills them). */
  arrays(): FloatArray[] {
    return this.copies;
  }
}
