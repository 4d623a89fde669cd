import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { loadDataset } from '../../src/data/load.js';
import { dataSpec } from './spec-fixture.js';

const IRIS_LIKE = `sepal_length,petal_width,species
5.1,0.2,setosa
7.0,1.4,versicolor
6.3,2.5,virginica
4.9,0.2,setosa
6.4,1.5,versicolor
5.8,1.9,virginica
`;

describe('parseCsv', () => {
  it('maps string labels to sorted class indices and keeps feature order', () => {
    const t = parseCsv(IRIS_LIKE, 'iris.csv', { label: 'species', header: true });
    expect(t.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(t.y)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(t.columns).toEqual(['sepal_length', 'petal_width']);
    expect([t.rows, t.features]).toEqual([6, 2]);
    expect(Array.from(t.x.subarray(0, 4))).toEqual([5.1, 0.2, 7.0, 1.4]);
  });

  it('label in the middle, numeric labels sorted numerically, no header, index label', () => {
    const t = parseCsv('1,10,-2.5\n2,2,1e3\n3,10,.5\n', 'n.csv', { label: 1, header: false });
    expect(t.classNames).toEqual(['2', '10']); // numeric order, not "10" < "2"
    expect(Array.from(t.y)).toEqual([1, 0, 1]);
    expect(Array.from(t.x)).toEqual([1, -2.5, 2, 1000, 3, 0.5]);
    expect(t.columns).toEqual(['column 0', 'column 2']);
  });

  it('label null means the last column; blank lines are skipped but line numbers stay true', () => {
    const t = parseCsv('a,b,y\n1,2,a\n\n3,4,b\n', 'f.csv', { label: null, header: true });
    expect(Array.from(t.y)).toEqual([0, 1]);
    expect(() => parseCsv('a,b,y\n1,2,a\n\n3,x,b\n', 'f.csv', { label: null, header: true })).toThrow('f.csv line 4, column "b": "x" is not a number');
  });

  it('non-numeric cell: file, line, column name and the value', () => {
    const rows = ['sepal_length,petal_width,species'];
    for (let i = 2; i <= 20; i++) rows.push(i === 17 ? '5.0,abc,setosa' : `5.0,0.${i},setosa${i % 2}`);
    expect(() => parseCsv(rows.join('\n'), 'data.csv', { label: 'species', header: true })).toThrow(
      'data.csv line 17, column "petal_width": "abc" is not a number',
    );
  });

  it('empty cell', () => {
    expect(() => parseCsv('a,b,y\n1,2,p\n3,,q\n', 'e.csv', { label: 'y', header: true })).toThrow('e.csv line 3, column "b": empty cell');
    expect(() => parseCsv('1,2,p\n3,4,\n', 'e.csv', { label: 2, header: false })).toThrow('e.csv line 2, column 2: empty cell');
  });

  it('ragged rows, too short and too long', () => {
    expect(() => parseCsv('a,b,y\n1,2,p\n3,q\n', 'r.csv', { label: 'y', header: true })).toThrow('r.csv line 3: ragged row with 2 cells, expected 3 like line 1');
    expect(() => parseCsv('1,2,p\n3,4,q,5\n', 'r.csv', { label: 2, header: false })).toThrow('r.csv line 2: ragged row with 4 cells, expected 3 like line 1');
  });

  it('missing label column lists the columns that exist', () => {
    expect(() => parseCsv(IRIS_LIKE, 'iris.csv', { label: 'class', header: true })).toThrow(
      'iris.csv: data.label column "class" not found; the columns are "sepal_length", "petal_width", "species"',
    );
    expect(() => parseCsv('1,2\n3,4\n', 'h.csv', { label: 'y', header: false })).toThrow('h.csv: data.label column "y" not found; the file has no header (header: false)');
    expect(() => parseCsv('1,2\n3,4\n', 'h.csv', { label: 5, header: false })).toThrow('h.csv: data.label 5 is not a column index; the file has 2 columns (0..1)');
  });

  it('empty file, header only, a single class, bad quoting', () => {
    expect(() => parseCsv('\n', 'z.csv', { label: null, header: true })).toThrow('z.csv: the file is empty');
    expect(() => parseCsv('a,y\n', 'z.csv', { label: null, header: true })).toThrow('z.csv: no data rows after the header');
    expect(() => parseCsv('a,y\n1,p\n2,p\n', 'z.csv', { label: 'y', header: true })).toThrow('has a single value "p"; classification needs at least 2 classes');
    expect(() => parseCsv('a,y\n1,"p\n2,q\n', 'z.csv', { label: 'y', header: true })).toThrow(/z\.csv line \d+: .*quot/);
  });
});

describe('loadDataset(csv)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnlab-csv-'));
  // 100 rows, 3 classes, x0 in [10, 109], x1 = -x0.
  const lines = ['x0,x1,cls'];
  for (let i = 0; i < 100; i++) lines.push(`${10 + i},${-(10 + i)},${['b', 'a', 'c'][i % 3]}`);
  const file = join(dir, 'data.csv');
  writeFileSync(file, lines.join('\n') + '\n');

  it('splits, and min-max scales with train statistics', () => {
    const ds = loadDataset(dataSpec({ dataset: 'csv', path: file, label: 'cls', test_fraction: 0.2, val_size: 10, scale: 'unit' }));
    expect([ds.train.x.rows, ds.val.x.rows, ds.test.x.rows]).toEqual([70, 10, 20]);
    expect(ds.features).toBe(2);
    expect(ds.classes).toBe(3);
    expect(ds.imageShape).toBeNull();
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of ds.train.x.data) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    expect([lo, hi]).toEqual([0, 1]);
    // x1 = -x0 survives scaling as x1' = 1 - x0' (per-column min-max).
    for (let i = 0; i < ds.test.x.rows; i++) expect(ds.test.x.get(i, 1)).toBeCloseTo(1 - ds.test.x.get(i, 0), 5);
    // Each row's label matches its value: class index of ['a','b','c'] sorted.
    const none = loadDataset(dataSpec({ dataset: 'csv', path: file, label: 'cls', test_fraction: 0.2, val_size: 10, scale: 'none' }));
    for (let i = 0; i < none.train.x.rows; i++) {
      const k = none.train.x.get(i, 0) - 10;
      expect(none.train.y[i]).toBe(['b', 'a', 'c'].map((c) => ['a', 'b', 'c'].indexOf(c))[k % 3]);
    }
  });

  it('reports an unreadable path', () => {
    expect(() => loadDataset(dataSpec({ dataset: 'csv', path: join(dir, 'nope.csv') }))).toThrow(`data.path: cannot read ${join(dir, 'nope.csv')} (ENOENT); check the path`);
    expect(() => loadDataset(dataSpec({ dataset: 'csv', path: null }))).toThrow('data.path: the csv dataset needs a path');
  });
});
