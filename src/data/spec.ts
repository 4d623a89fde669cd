/** What a spec's `data:` section resolves to (every field filled by defaults). */
export type DatasetName = 'mnist' | 'digits' | 'circles' | 'moons' | 'spirals' | 'friedman' | 'csv';

export interface AugmentSpec {
  /** Random shift of ± this many pixels (0 = off). */
  shift: number;
  /** Random rotation of ± this many degrees (0 = off). */
  rotate: number;
}

export interface DataSpec {
  dataset: DatasetName;
  /** Use only the first N training samples (after the split); null = all. Provokes overfitting on purpose. */
  train_size: number | null;
  /** Validation size (mnist: 10000 taken from the 60000 training images; others: a count). */
  val_size: number | null;
  /** Test size for sets without a fixed test split (digits, synthetic, csv): a fraction in (0,1). */
  test_fraction: number;
  /** 'last' takes the validation set from the end of the training data; 'seeded' shuffles first. */
  split: 'last' | 'seeded';
  /** Seed of the data split and synthetic generation (independent of the run seed so all runs see the same data). */
  data_seed: number;
  /** 'unit': [0,1] (images: /255 or /16); 'standardize': zero mean unit variance from train stats; 'none'. */
  scale: 'unit' | 'standardize' | 'none';
  /** Synthetic sets: number of samples, noise std, and (circles) inner/outer radius factor. */
  samples: number;
  noise: number;
  factor: number;
  /** spirals: number of arms (= classes). */
  arms: number;
  /** csv: path, label column (name, or 0-based index when there is no header), header row present. */
  path: string | null;
  label: string | number | null;
  header: boolean;
  augment: AugmentSpec;
  /**
   * csv: 'regression' reads real-valued targets from the `target` columns. Absent = classification
   * (friedman is always regression). Absent rather than defaulted, so classification run ids stay as they were.
   */
  task?: 'classification' | 'regression';
  /** csv regression: the target columns (names, or 0-based indices without a header). */
  target?: (string | number)[];
  /** Regression targets: 'standardize' (default; fitted on the training rows) or 'none'. Metrics are in the target's own units either way. */
  target_scale?: 'standardize' | 'none';
  /** csv: each row is an image of [channels, height, width] (stored channels last); absent = flat features. */
  shape?: [number, number, number];
}

/** What a data section gets for a key it does not state (the spec's defaults use these too). */
export const DATA_DEFAULTS: DataSpec = {
  dataset: 'mnist',
  train_size: null,
  val_size: null,
  test_fraction: 0.2,
  split: 'last',
  data_seed: 0,
  scale: 'unit',
  samples: 1000,
  noise: 0.1,
  factor: 0.5,
  arms: 3,
  path: null,
  label: null,
  header: true,
  augment: { shift: 0, rotate: 0 },
};

/** A data section with every key filled: the API takes `{ dataset: 'mnist' }` as a spec would. */
export function withDataDefaults(spec: Partial<DataSpec>): DataSpec {
  return { ...DATA_DEFAULTS, ...spec, augment: { ...DATA_DEFAULTS.augment, ...spec.augment } };
}
