/**
 * What is known about each dataset before loading it: input width, classes and
 * how many training rows the split leaves. Lets the spec refuse layer sizes
 * and batch sizes that cannot fit, before any data is read. Features and
 * classes come from the dataset registry; the split arithmetic mirrors
 * src/data/prepare.ts (splitIndices).
 */
import type { DataSpec } from '../../data/spec.js';
import { datasetShape } from './names.js';

export interface KnownShape {
  features: number;
  classes: number;
  /** Training rows after the split and train_size, or a message if the split cannot work. */
  trainRows: number | string;
  /** [channels, height, width] of image sets, else absent. */
  image?: [number, number, number];
  /** Regression sets: the number of target columns. */
  targets?: number;
}

interface Source {
  pool: number;
  /** A fixed test split exists (mnist), so nothing is cut from the pool for testing. */
  fixedTest: boolean;
  defaultVal: number | null;
}

function source(d: DataSpec): Source | null {
  switch (d.dataset) {
    case 'mnist':
      return { pool: 60000, fixedTest: true, defaultVal: 10000 };
    case 'digits':
      return { pool: 1797, fixedTest: false, defaultVal: null };
    case 'circles':
    case 'moons':
    case 'spirals':
    case 'friedman':
      return { pool: d.samples, fixedTest: false, defaultVal: null };
    default:
      return null; // csv: unknown until the file is read
  }
}

export function knownShape(d: DataSpec): KnownShape | null {
  const s = source(d);
  const shape = datasetShape(d);
  if (s === null || shape === null) return null;
  const nTest = s.fixedTest ? 0 : Math.max(1, Math.round(s.pool * d.test_fraction));
  const nVal = d.val_size ?? s.defaultVal ?? nTest;
  const nTrain = s.pool - nTest - nVal;
  let trainRows: number | string;
  if (nTrain < 1) {
    trainRows = `data.val_size ${nVal} leaves no training rows: ${d.dataset} has ${s.pool} samples${nTest > 0 ? `, ${nTest} of them for test` : ''} — lower val_size`;
  } else if (d.train_size !== null && d.train_size > nTrain) {
    trainRows = `data.train_size ${d.train_size} is more than the ${nTrain} training rows ${d.dataset} has after the split — lower train_size or set it to null`;
  } else {
    trainRows = d.train_size ?? nTrain;
  }
  return { features: shape.features, classes: shape.classes, trainRows, ...(shape.image ? { image: shape.image } : {}), ...(shape.targets !== undefined ? { targets: shape.targets } : {}) };
}
