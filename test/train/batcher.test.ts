import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { Batcher } from '../../src/train/batcher.js';

/** Row i of the split is [i, 10i], label i: a gathered batch says which rows it holds. */
function split(n: number) {
  const x = Matrix.zeros(n, 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x.set(i, 0, i);
    x.set(i, 1, 10 * i);
    y[i] = i;
  }
  return { x, y };
}

function epochRows(b: Batcher): { sizes: number[]; rows: number[] } {
  const sizes: number[] = [], rows: number[] = [];
  for (let k = 0; k < b.count; k++) {
    const batch = b.gather(k);
    sizes.push(batch.x.rows);
    expect(batch.y.length).toBe(batch.x.rows);
    for (let r = 0; r < batch.x.rows; r++) {
      expect(batch.x.get(r, 1)).toBe(10 * batch.x.get(r, 0)); // the whole row moved together
      expect(batch.y[r]).toBe(batch.x.get(r, 0)); // with its label
      rows.push(batch.y[r]!);
    }
  }
  return { sizes, rows };
}

describe('Batcher', () => {
  it('visits every row exactly once per epoch and keeps the last partial batch', () => {
    const b = new Batcher(split(10), 4);
    const rng = new Rng(3);
    const orders: string[] = [];
    for (let e = 0; e < 3; e++) {
      b.shuffle(rng);
      const { sizes, rows } = epochRows(b);
      expect(sizes).toEqual([4, 4, 2]);
      expect([...rows].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      orders.push(rows.join());
    }
    expect(new Set(orders).size).toBe(3); // reshuffled each epoch
  });

  it('reuses its buffers (no allocation per batch)', () => {
    const b = new Batcher(split(10), 4);
    expect(b.gather(0).x.data).toBe(b.gather(1).x.data);
    expect(b.gather(2).x.data.buffer).toBe(b.gather(0).x.data.buffer);
  });

  it('handles batch size 1 and batch sizes larger than the set', () => {
    const one = new Batcher(split(5), 1);
    expect(epochRows(one).sizes).toEqual([1, 1, 1, 1, 1]);
    const all = new Batcher(split(5), 50);
    expect(all.count).toBe(1);
    expect(epochRows(all).sizes).toEqual([5]);
  });

  it('the same seed gives the same order', () => {
    const a = new Batcher(split(50), 7), b = new Batcher(split(50), 7);
    a.shuffle(new Rng(9));
    b.shuffle(new Rng(9));
    expect(Array.from(a.order)).toEqual(Array.from(b.order));
  });

  it('refuses a non-positive batch size', () => {
    expect(() => new Batcher(split(5), 0)).toThrow(/batch_size/);
  });
});
