import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { loadDataset } from '../../src/data/load.js';
import { dataSpec } from './spec-fixture.js';

const HOUSES = `rooms,price,age,tax
3,200,10,1.5
4,260,5,2.5
2,150,30,1.0
5,330,2,3.5
3,210,12,1.75
`;

describe('csv regression', () => {
  it('reads the target columns as real values, in the order listed, the rest as features', () => {
    const t = parseCsv(HOUSES, 'h.csv', { label: null, header: true, targets: ['tax', 'price'] });
    expect(t.targets).toEqual(['tax', 'price']);
    expect(t.columns).toEqual(['rooms', 'age']);
    expect(Array.from(t.t!.subarray(0, 4))).toEqual([1.5, 200, 2.5, 260]);
    expect(Array.from(t.x.subarray(0, 4))).toEqual([3, 10, 4, 5]);
    expect(() => parseCsv(HOUSES, 'h.csv', { label: null, header: true, targets: ['cost'] })).toThrow('h.csv: data.target column "cost" not found; the columns are "rooms", "price", "age", "tax"');
    expect(() => parseCsv('1,a\n2,3\n', 'n.csv', { label: null, header: false, targets: [0] })).toThrow(/column 1: "a" is not a number/);
  });

  it('loads with standardized targets fitted on the training rows, or raw ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-csvreg-'));
    const file = join(dir, 'h.csv');
    const body = HOUSES.split('\n').slice(1).join('\n');
    writeFileSync(file, HOUSES + body + body);
    const ds = loadDataset(dataSpec({ dataset: 'csv', path: file, task: 'regression', target: ['price'], val_size: 3, test_fraction: 0.2 }));
    expect([ds.features, ds.targets, ds.train.t!.cols]).toEqual([3, ['price'], 1]);
    const t = Array.from(ds.train.t!.data);
    expect(Math.abs(t.reduce((a, b) => a + b, 0) / t.length)).toBeLessThan(1e-6);
    const raw = loadDataset(dataSpec({ dataset: 'csv', path: file, task: 'regression', target: ['price'], target_scale: 'none', val_size: 3, test_fraction: 0.2 }));
    expect(Array.from(raw.train.t!.data).every((v) => [200, 260, 150, 330, 210].includes(v))).toBe(true);
  });
});

describe('csv images', () => {
  it('data.shape makes each row an image of [channels, height, width], checked against the columns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-csvimg-'));
    const file = join(dir, 'img.csv');
    const rows = Array.from({ length: 30 }, (_, i) => [...Array.from({ length: 8 }, (_, j) => (i * 7 + j * 3) % 11), i % 2].join(','));
    writeFileSync(file, rows.join('\n') + '\n');
    const ds = loadDataset(dataSpec({ dataset: 'csv', path: file, header: false, shape: [2, 2, 2], val_size: 5 }));
    expect([ds.imageShape, ds.channels, ds.features]).toEqual([[2, 2], 2, 8]);
    expect(() => loadDataset(dataSpec({ dataset: 'csv', path: file, header: false, shape: [1, 3, 3], val_size: 5 }))).toThrow(/data\.shape \[1, 3, 3\] holds 9 values per row, but .* has 8 feature columns/);
  });
});
