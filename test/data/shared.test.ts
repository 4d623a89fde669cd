import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load.js';
import { fromShared, toShared } from '../../src/data/shared.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { dataSpec } from './spec-fixture.js';

/** A dataset on ordinary (non-shared) memory, as a hand-built one would be. */
function plain(): Dataset {
  const split = (rows: number, base: number) => ({
    x: Matrix.fromRows(Array.from({ length: rows }, (_, i) => [base + i, -(base + i), 0.5])),
    y: Int32Array.from({ length: rows }, (_, i) => (base + i) % 2),
  });
  return { name: 'toy', features: 3, classes: 2, imageShape: null, train: split(4, 0), val: split(2, 10), test: split(3, 20) };
}

describe('toShared / fromShared', () => {
  it('round-trips values and metadata, copying ordinary memory into SharedArrayBuffers', () => {
    const ds = plain();
    const s = toShared(ds);
    for (const sp of [s.train, s.val, s.test]) {
      expect(sp.x.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(sp.y.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
    const back = fromShared(structuredClone(s));
    expect([back.name, back.features, back.classes, back.imageShape]).toEqual(['toy', 3, 2, null]);
    for (const k of ['train', 'val', 'test'] as const) {
      expect(back[k].x.shape).toEqual(ds[k].x.shape);
      expect(Array.from(back[k].x.data)).toEqual(Array.from(ds[k].x.data));
      expect(Array.from(back[k].y)).toEqual(Array.from(ds[k].y));
      expect(back[k].x.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
    // A copy: the original's memory is not aliased.
    ds.train.x.set(0, 0, 99);
    expect(back.train.x.get(0, 0)).toBe(0);
  });

  it('reuses loader memory (already shared) without copying, even for a sub-view', () => {
    const ds = loadDataset(dataSpec({ dataset: 'digits' }));
    expect(ds.train.x.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    const s = toShared(ds);
    expect(s.train.x.buffer).toBe(ds.train.x.data.buffer);
    const view = { ...ds, val: { x: ds.val.x.sliceRows(10, 20), y: ds.val.y.subarray(10, 20) } };
    const w = fromShared(toShared(view));
    expect(w.val.x.rows).toBe(10);
    expect(Array.from(w.val.x.data)).toEqual(Array.from(ds.val.x.data.subarray(640, 1280)));
    expect(Array.from(w.val.y)).toEqual(Array.from(ds.val.y.subarray(10, 20)));
  });

  it('a structured clone (what postMessage does) shares memory: writes through one view show in the other', () => {
    const s = toShared(plain());
    const a = fromShared(s);
    const b = fromShared(structuredClone(s));
    a.val.x.set(1, 2, 42);
    b.test.y[2] = 7;
    expect(b.val.x.get(1, 2)).toBe(42);
    expect(a.test.y[2]).toBe(7);
  });

  it('a worker thread writing into the posted buffers is seen by the main thread', async () => {
    const s = toShared(plain());
    const main = fromShared(s);
    // The worker wraps the buffers the way fromShared does and writes through them.
    const code = `
      const { parentPort } = require('node:worker_threads');
      parentPort.once('message', (s) => {
        const x = new Float32Array(s.train.x.buffer, s.train.x.byteOffset, s.train.x.length);
        const y = new Int32Array(s.train.y.buffer, s.train.y.byteOffset, s.train.y.length);
        const before = x[s.train.cols * 3 + 1];
        x[0] = 123.5;
        y[3] = 9;
        parentPort.postMessage(before);
      });`;
    const worker = new Worker(code, { eval: true });
    const seen = await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.postMessage(s);
    });
    await worker.terminate();
    expect(seen).toBe(-3); // the worker read row 3, column 1 of train
    expect(main.train.x.get(0, 0)).toBe(123.5);
    expect(main.train.y[3]).toBe(9);
  });
});
