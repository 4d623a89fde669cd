import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseDigits, readDigits } from '../../src/data/digits.js';
import { loadDataset } from '../../src/data/load.js';
import { bundledDataFile, packageRoot } from '../../src/data/paths.js';
import { dataSpec } from './spec-fixture.js';

describe('digits', () => {
  it('finds the file from the package root, whatever the current directory', () => {
    const cwd = process.cwd();
    try {
      process.chdir('/');
      expect(packageRoot()).toBe(cwd);
      expect(bundledDataFile('digits.csv.gz')).toBe(`${cwd}/data/digits.csv.gz`);
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads 1797 rows of 64 pixels in 0..16 with labels 0..9 (sklearn load_digits values)', () => {
    const t = readDigits();
    expect(t.rows).toBe(1797);
    expect(t.features).toBe(64);
    // First image of sklearn's load_digits(): a 0.
    expect(t.y[0]).toBe(0);
    expect(Array.from(t.x.subarray(0, 8))).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
    const counts = new Array(10).fill(0);
    for (const c of t.y) counts[c]++;
    // sklearn documents ~180 samples per class; exact counts of this file:
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  it('has the seeded default split 1079 / 359 / 359 (test_fraction 0.2, val = test size)', () => {
    const ds = loadDataset(dataSpec({ dataset: 'digits' }));
    expect([ds.train.x.rows, ds.val.x.rows, ds.test.x.rows]).toEqual([1079, 359, 359]);
    expect(ds.train.x.rows + ds.val.x.rows + ds.test.x.rows).toBe(1797);
    expect(ds.imageShape).toEqual([8, 8]);
    for (const y of [ds.train.y, ds.val.y, ds.test.y]) expect(new Set(y)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    // scale: unit divides by 16, so values are multiples of 1/16 in [0, 1].
    let hi = 0;
    for (const v of ds.train.x.data) {
      expect(Math.abs(v * 16 - Math.round(v * 16))).toBeLessThan(1e-6);
      hi = Math.max(hi, v);
    }
    expect(hi).toBe(1);
  });

  it('the split is a partition of the rows: every image exactly once', () => {
    const ds = loadDataset(dataSpec({ dataset: 'digits', scale: 'none' }));
    const t = readDigits();
    const key = (a: ArrayLike<number>) => Array.from(a).join(',');
    const all = new Map<string, number>();
    for (let i = 0; i < t.rows; i++) {
      const k = key(t.x.subarray(i * 64, i * 64 + 64)) + '|' + t.y[i];
      all.set(k, (all.get(k) ?? 0) + 1);
    }
    for (const s of [ds.train, ds.val, ds.test]) {
      for (let i = 0; i < s.x.rows; i++) {
        const k = key(s.x.row(i)) + '|' + s.y[i];
        expect(all.get(k)).toBeGreaterThan(0);
        all.set(k, all.get(k)! - 1);
      }
    }
    expect([...all.values()].every((c) => c === 0)).toBe(true);
  });

  it('is deterministic for a data_seed and different for another', () => {
    const a = loadDataset(dataSpec({ dataset: 'digits', data_seed: 1 }));
    const a2 = loadDataset(dataSpec({ dataset: 'digits', data_seed: 1, augment: { shift: 1, rotate: 0 } }));
    expect(a2).toBe(a); // memoized, augment does not matter
    const b = loadDataset(dataSpec({ dataset: 'digits', data_seed: 2 }));
    expect(Array.from(a.test.y)).not.toEqual(Array.from(b.test.y));
    expect(Array.from(a.train.x.data.subarray(0, 640))).not.toEqual(Array.from(b.train.x.data.subarray(0, 640)));
  });

  it('honours val_size, test_fraction and train_size', () => {
    const ds = loadDataset(dataSpec({ dataset: 'digits', test_fraction: 0.25, val_size: 100, train_size: 50 }));
    expect([ds.train.x.rows, ds.val.x.rows, ds.test.x.rows]).toEqual([50, 100, 449]);
    // The subset is the head of the full training part of the same split.
    const full = loadDataset(dataSpec({ dataset: 'digits', test_fraction: 0.25, val_size: 100 }));
    expect(full.train.x.rows).toBe(1797 - 449 - 100);
    expect(Array.from(ds.train.y)).toEqual(Array.from(full.train.y.subarray(0, 50)));
    expect(Array.from(ds.val.y)).toEqual(Array.from(full.val.y));
  });

  it('standardize: train columns have mean 0 and std 1 (except constant ones), val uses train stats', () => {
    const ds = loadDataset(dataSpec({ dataset: 'digits', scale: 'standardize' }));
    const raw = loadDataset(dataSpec({ dataset: 'digits', scale: 'none' }));
    const x = ds.train.x;
    for (const j of [10, 20, 36, 43]) {
      let m = 0;
      let v = 0;
      for (let i = 0; i < x.rows; i++) m += x.get(i, j);
      m /= x.rows;
      for (let i = 0; i < x.rows; i++) v += (x.get(i, j) - m) ** 2;
      expect(m).toBeCloseTo(0, 5);
      expect(v / x.rows).toBeCloseTo(1, 4);
      // val is the same affine map of the raw values: (raw - mean) / std from train.
      let rm = 0;
      let rv = 0;
      for (let i = 0; i < raw.train.x.rows; i++) rm += raw.train.x.get(i, j);
      rm /= raw.train.x.rows;
      for (let i = 0; i < raw.train.x.rows; i++) rv += (raw.train.x.get(i, j) - rm) ** 2;
      const sd = Math.sqrt(rv / raw.train.x.rows);
      expect(ds.val.x.get(5, j)).toBeCloseTo((raw.val.x.get(5, j) - rm) / sd, 5);
    }
    // Column 0 is blank in every digit: centred to 0, not divided by 0.
    for (let i = 0; i < x.rows; i++) expect(x.get(i, 0)).toBe(0);
  });

  it('parseDigits rejects a file that is not the digits table', () => {
    const text = gunzipSync(readFileSync(bundledDataFile('digits.csv.gz'))).toString('utf8');
    const lines = text.split('\n');
    lines[3] = lines[3]!.replace(/^0,0,/, '0,17,');
    expect(() => parseDigits(lines.join('\n'), 'digits.csv')).toThrow('digits.csv line 4, column 1: pixel 17 is outside 0..16');
    expect(() => parseDigits('1,2,3\n4,5,6\n', 'd.csv')).toThrow('d.csv: data.label 64 is not a column index; the file has 3 columns (0..2)');
  });
});
