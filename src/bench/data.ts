/**
 * Benchmark data: the 50,000 MNIST training images scaled to [0,1] in a
 * SharedArrayBuffer (so worker threads share them), or random data of the same
 * shape when the MNIST files cannot be read.
 */
import { Matrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { mnistDir, readMnist } from '../data/mnist.js';

export interface BenchData {
  x: Matrix;
  y: Int32Array;
  source: 'mnist' | 'random';
  /** Folder of the IDX files (for the numpy reference), null for random data. */
  dir: string | null;
}

const ROWS = 50_000, FEATURES = 784;

function shared(rows: number, cols: number): { x: Matrix; y: Int32Array } {
  const x = new Matrix(rows, cols, new Float32Array(new SharedArrayBuffer(rows * cols * 4)));
  const y = new Int32Array(new SharedArrayBuffer(rows * 4));
  return { x, y };
}

export function benchData(): BenchData {
  const { x, y } = shared(ROWS, FEATURES);
  try {
    const dir = mnistDir();
    const raw = readMnist(dir);
    for (let i = 0; i < ROWS * FEATURES; i++) x.data[i] = raw.train.x[i]! / 255;
    y.set(raw.train.y.subarray(0, ROWS));
    return { x, y, source: 'mnist', dir };
  } catch {
    const rng = new Rng('bench-data');
    for (let i = 0; i < x.size; i++) x.data[i] = rng.uniform();
    for (let i = 0; i < ROWS; i++) y[i] = rng.int(10);
    return { x, y, source: 'random', dir: null };
  }
}
