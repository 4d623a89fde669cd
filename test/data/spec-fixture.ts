/** A fully resolved DataSpec for tests, with overrides. */
import type { DataSpec } from '../../src/data/spec.js';

export function dataSpec(over: Partial<DataSpec> = {}): DataSpec {
  return {
    dataset: 'digits',
    train_size: null,
    val_size: null,
    test_fraction: 0.2,
    split: 'last',
    data_seed: 0,
    scale: 'unit',
    samples: 400,
    noise: 0.1,
    factor: 0.5,
    arms: 3,
    path: null,
    label: null,
    header: true,
    augment: { shift: 0, rotate: 0 },
    ...over,
  };
}
