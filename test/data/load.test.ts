import { describe, expect, it } from 'vitest';
import { DATASETS, DATASET_NAMES, clearDatasetCache, datasetKey, datasetShape, loadDataset } from '../../src/data/load.js';
import { dataSpec } from './spec-fixture.js';
import type { DataSpec } from '../../src/data/spec.js';

describe('dataset registry', () => {
  it('lists the seven datasets', () => {
    expect(DATASET_NAMES).toEqual(['mnist', 'digits', 'circles', 'moons', 'spirals', 'friedman', 'csv']);
    for (const n of DATASET_NAMES) expect(DATASETS[n].description.length).toBeGreaterThan(10);
  });

  it('datasetShape knows features and classes without loading', () => {
    expect(datasetShape(dataSpec({ dataset: 'mnist' }))).toEqual({ features: 784, classes: 10, image: [1, 28, 28] });
    expect(datasetShape(dataSpec({ dataset: 'digits' }))).toEqual({ features: 64, classes: 10, image: [1, 8, 8] });
    expect(datasetShape(dataSpec({ dataset: 'friedman' }))).toEqual({ features: 10, classes: 0, targets: 1 });
    expect(datasetShape(dataSpec({ dataset: 'circles' }))).toEqual({ features: 2, classes: 2 });
    expect(datasetShape(dataSpec({ dataset: 'moons' }))).toEqual({ features: 2, classes: 2 });
    expect(datasetShape(dataSpec({ dataset: 'spirals', arms: 6 }))).toEqual({ features: 2, classes: 6 });
    expect(datasetShape(dataSpec({ dataset: 'csv', path: 'x.csv' }))).toBeNull();
  });

  it('matches what loading gives', () => {
    for (const dataset of ['digits', 'circles', 'moons', 'spirals'] as const) {
      const ds = loadDataset(dataSpec({ dataset }));
      const { image: _image, ...shape } = datasetShape(dataSpec({ dataset }))!;
      expect({ features: ds.features, classes: ds.classes }).toEqual(shape);
      expect(ds.train.x.cols).toBe(ds.features);
    }
  });

  it('an unknown name lists the valid ones', () => {
    const bad = dataSpec({ dataset: 'cifar' as DataSpec['dataset'] });
    expect(() => loadDataset(bad)).toThrow('data.dataset: unknown dataset "cifar"; valid datasets: mnist, digits, circles, moons, spirals, friedman, csv');
    expect(() => datasetShape(bad)).toThrow('valid datasets: mnist, digits');
    expect(() => datasetShape(dataSpec({ dataset: 'toString' as DataSpec['dataset'] }))).toThrow('unknown dataset "toString"');
  });
});

describe('memoization', () => {
  it('returns the same object for the same data fields, ignoring augment and irrelevant fields', () => {
    clearDatasetCache();
    const a = loadDataset(dataSpec({ dataset: 'digits', data_seed: 11 }));
    expect(loadDataset(dataSpec({ dataset: 'digits', data_seed: 11 }))).toBe(a);
    expect(loadDataset(dataSpec({ dataset: 'digits', data_seed: 11, augment: { shift: 2, rotate: 5 }, noise: 0.3, arms: 7 }))).toBe(a);
    expect(loadDataset(dataSpec({ dataset: 'digits', data_seed: 12 })) === a).toBe(false); // not .not.toBe: vitest would deep-compare the arrays
    expect(loadDataset(dataSpec({ dataset: 'digits', data_seed: 11, scale: 'none' })) === a).toBe(false);
    expect(loadDataset(dataSpec({ dataset: 'digits', data_seed: 11, train_size: 100 })) === a).toBe(false);
    clearDatasetCache();
    expect(loadDataset(dataSpec({ dataset: 'digits', data_seed: 11 })) === a).toBe(false);
  });

  it('keys MNIST by data_seed only when the split is seeded', () => {
    expect(datasetKey(dataSpec({ dataset: 'mnist', data_seed: 1 }))).toBe(datasetKey(dataSpec({ dataset: 'mnist', data_seed: 2 })));
    expect(datasetKey(dataSpec({ dataset: 'mnist', split: 'seeded', data_seed: 1 }))).not.toBe(
      datasetKey(dataSpec({ dataset: 'mnist', split: 'seeded', data_seed: 2 })),
    );
    expect(datasetKey(dataSpec({ dataset: 'moons', factor: 0.2 }))).toBe(datasetKey(dataSpec({ dataset: 'moons', factor: 0.7 })));
    expect(datasetKey(dataSpec({ dataset: 'circles', factor: 0.2 }))).not.toBe(datasetKey(dataSpec({ dataset: 'circles', factor: 0.7 })));
  });
});

describe('split errors', () => {
  it('test_fraction must be in (0, 1) and val_size must leave training rows', () => {
    expect(() => loadDataset(dataSpec({ dataset: 'moons', test_fraction: 1 }))).toThrow('data.test_fraction: 1 must be a fraction in (0, 1)');
    expect(() => loadDataset(dataSpec({ dataset: 'moons', samples: 100, val_size: 80 }))).toThrow(
      'data.val_size: 80 is out of range for this dataset (allowed 1..79); moons has 100 samples of which 20 go to test; lower val_size',
    );
    expect(() => loadDataset(dataSpec({ dataset: 'moons', samples: 100, train_size: 61 }))).toThrow('data.train_size: 61 is out of range');
  });
});
