/**
 * The dataset registry and the one entry point the trainer and runner use.
 * Loading is synchronous (worker threads rebuild datasets at start-up without an
 * event loop turn) and memoized: runs in one process that share the data-shaping
 * fields of their spec share one Dataset object.
 */
import { resolve } from 'node:path';
import { loadCsv } from './csv.js';
import type { Dataset } from './dataset.js';
import { loadDigits } from './digits.js';
import { clearMnistCache, loadMnist, mnistDir } from './mnist.js';
import { withDataDefaults, type DataSpec, type DatasetName } from './spec.js';
import { loadSynthetic } from './synthetic.js';
import { loadFriedman } from './friedman.js';

export interface Shape {
  features: number;
  classes: number;
  /** Image sets: [channels, height, width] (features in that order, channels last); absent for flat data. */
  image?: [number, number, number];
  /** Regression sets: the number of target columns (classes is then 0). */
  targets?: number;
}

interface DatasetEntry {
  /** One line for docs and error messages. */
  readonly description: string;
  /** Features and classes, known without loading (null = only known after reading the file). */
  shape(spec: DataSpec): Shape | null;
  load(spec: DataSpec): Dataset;
  /** The DataSpec fields (besides `dataset`, `scale`, `train_size`, `val_size`) that change this set's data. */
  readonly fields: readonly (keyof DataSpec)[];
}

export const DATASETS = {
  mnist: {
    description: 'MNIST handwritten digits, 28×28 (50,000 train / 10,000 val / 10,000 test)',
    shape: () => ({ features: 784, classes: 10, image: [1, 28, 28] }),
    load: (spec) => loadMnist(spec),
    fields: ['split', 'data_seed'],
  },
  digits: {
    description: 'UCI 8×8 handwritten digits, 1797 images (seeded train/val/test split)',
    shape: () => ({ features: 64, classes: 10, image: [1, 8, 8] }),
    load: loadDigits,
    fields: ['test_fraction', 'data_seed'],
  },
  circles: {
    description: 'two concentric noisy circles in 2-D (factor = inner/outer radius)',
    shape: () => ({ features: 2, classes: 2 }),
    load: (spec) => loadSynthetic('circles', spec),
    fields: ['test_fraction', 'data_seed', 'samples', 'noise', 'factor'],
  },
  moons: {
    description: 'two interleaving noisy half circles in 2-D',
    shape: () => ({ features: 2, classes: 2 }),
    load: (spec) => loadSynthetic('moons', spec),
    fields: ['test_fraction', 'data_seed', 'samples', 'noise'],
  },
  spirals: {
    description: 'interleaved noisy spirals in 2-D, one class per arm',
    shape: (spec) => ({ features: 2, classes: spec.arms }),
    load: (spec) => loadSynthetic('spirals', spec),
    fields: ['test_fraction', 'data_seed', 'samples', 'noise', 'arms'],
  },
  friedman: {
    description: 'Friedman #1 regression: 10 uniform features (5 informative), y = 10·sin(π·x1·x2) + 20·(x3−0.5)² + 10·x4 + 5·x5 + noise',
    shape: () => ({ features: 10, classes: 0, targets: 1 }),
    load: loadFriedman,
    fields: ['test_fraction', 'data_seed', 'samples', 'noise', 'target_scale'],
  },
  csv: {
    description: 'any numeric CSV file: one label column, the rest features',
    shape: () => null,
    load: loadCsv,
    fields: ['test_fraction', 'data_seed', 'path', 'label', 'header', 'task', 'target', 'target_scale', 'shape'],
  },
} as const satisfies Record<DatasetName, DatasetEntry>;

export const DATASET_NAMES = Object.keys(DATASETS) as DatasetName[];

function entry(name: string): DatasetEntry {
  if (!Object.hasOwn(DATASETS, name)) {
    throw new Error(`data.dataset: unknown dataset "${name}"; valid datasets: ${DATASET_NAMES.join(', ')}`);
  }
  return DATASETS[name as DatasetName];
}

/** Features and classes without loading (for the spec validator); null for csv. */
export function datasetShape(spec: DataSpec): Shape | null {
  return entry(spec.dataset).shape(spec);
}

/**
 * The memo key: the fields that shape this dataset's numbers (never `augment`,
 * which acts per batch), plus where the files come from.
 */
export function datasetKey(spec: DataSpec): string {
  const e = entry(spec.dataset);
  const key: Record<string, unknown> = { dataset: spec.dataset, scale: spec.scale, train_size: spec.train_size, val_size: spec.val_size };
  for (const f of e.fields) key[f] = spec[f];
  // A seed only matters for MNIST when it shuffles.
  if (spec.dataset === 'mnist') {
    if (spec.split === 'last') delete key.data_seed;
    key.dir = mnistDir();
  }
  if (spec.dataset === 'csv' && spec.path) key.path = resolve(spec.path);
  return JSON.stringify(key);
}

const cache = new Map<string, Dataset>();

/** Load (or return the already loaded) dataset a spec describes. */
export function loadDataset(partial: Partial<DataSpec> & Pick<DataSpec, 'dataset'>): Dataset {
  // Keys left out get the spec's defaults, so the API reads like a spec: loadDataset({ dataset: 'mnist' }).
  const spec = withDataDefaults(partial);
  const key = datasetKey(spec);
  let ds = cache.get(key);
  if (!ds) {
    ds = entry(spec.dataset).load(spec);
    cache.set(key, ds);
  }
  return ds;
}

/** Forget every loaded dataset (tests; long-lived processes that switch data). */
export function clearDatasetCache(): void {
  cache.clear();
  clearMnistCache();
}
