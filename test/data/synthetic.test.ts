import { describe, expect, it } from 'vitest';
import { clearDatasetCache, loadDataset } from '../../src/data/load.js';
import { circles, moons, spirals } from '../../src/data/synthetic.js';
import { Rng } from '../../src/tensor/rng.js';
import { dataSpec } from './spec-fixture.js';

const radius = (x: ArrayLike<number>, i: number) => Math.hypot(x[2 * i]!, x[2 * i + 1]!);
const counts = (y: Int32Array, k: number) => {
  const c = new Array(k).fill(0);
  for (const v of y) c[v]++;
  return c;
};

describe('circles', () => {
  it('without noise: class 0 on radius 1, class 1 on radius factor, balanced', () => {
    const s = circles(101, 0, 0.3, new Rng(1));
    expect(counts(s.y, 2)).toEqual([51, 50]);
    for (let i = 0; i < s.rows; i++) expect(radius(s.x, i)).toBeCloseTo(s.y[i] === 0 ? 1 : 0.3, 12);
  });

  it('with noise: radii spread around the circles with about the noise std', () => {
    const s = circles(4000, 0.05, 0.5, new Rng(2));
    let dev = 0;
    for (let i = 0; i < s.rows; i++) dev += (radius(s.x, i) - (s.y[i] === 0 ? 1 : 0.5)) ** 2;
    expect(Math.sqrt(dev / s.rows)).toBeGreaterThan(0.04);
    expect(Math.sqrt(dev / s.rows)).toBeLessThan(0.06);
  });

  it('rejects a factor outside (0, 1)', () => {
    expect(() => circles(10, 0, 1, new Rng(0))).toThrow('data.factor: 1 must be the inner/outer radius ratio in (0, 1)');
  });
});

describe('moons', () => {
  it('without noise: upper arc centred at (0,0), lower arc centred at (1, 0.5)', () => {
    const s = moons(200, 0, new Rng(3));
    expect(counts(s.y, 2)).toEqual([100, 100]);
    for (let i = 0; i < s.rows; i++) {
      const [x, y] = [s.x[2 * i]!, s.x[2 * i + 1]!];
      if (s.y[i] === 0) {
        expect(Math.hypot(x, y)).toBeCloseTo(1, 12);
        expect(y).toBeGreaterThanOrEqual(0);
      } else {
        expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 12);
        expect(y).toBeLessThanOrEqual(0.5);
      }
    }
  });
});

describe('spirals', () => {
  it('arms classes, balanced, points within the unit disc without noise, each arm its own angle', () => {
    const s = spirals(301, 0, 4, new Rng(4));
    expect(counts(s.y, 4)).toEqual([76, 75, 75, 75]);
    for (let i = 0; i < s.rows; i++) {
      const r = radius(s.x, i);
      expect(r).toBeLessThan(1);
      // On arm c the angle is 2πc/4 + 2.5πr (mod 2π).
      const want = (2 * Math.PI * s.y[i]!) / 4 + 2.5 * Math.PI * r;
      const got = Math.atan2(s.x[2 * i + 1]!, s.x[2 * i]!);
      const diff = (((want - got) % (2 * Math.PI)) + 3 * Math.PI) % (2 * Math.PI) - Math.PI;
      if (r > 1e-6) expect(Math.abs(diff)).toBeLessThan(1e-9);
    }
    expect(() => spirals(10, 0, 1, new Rng(0))).toThrow('data.arms: 1 must be an integer >= 2');
  });
});

describe('synthetic datasets through loadDataset', () => {
  it('are deterministic for a data_seed and differ with another', () => {
    const a = loadDataset(dataSpec({ dataset: 'moons', data_seed: 5, samples: 300, scale: 'none' }));
    const b = loadDataset(dataSpec({ dataset: 'moons', data_seed: 5, samples: 300, scale: 'none', augment: { shift: 0, rotate: 0 } }));
    expect(b).toBe(a);
    const c = loadDataset(dataSpec({ dataset: 'moons', data_seed: 6, samples: 300, scale: 'none' }));
    expect(Array.from(c.train.x.data.subarray(0, 20))).not.toEqual(Array.from(a.train.x.data.subarray(0, 20)));
    // Generated afresh after the cache is cleared: a new object with identical numbers.
    clearDatasetCache();
    const d = loadDataset(dataSpec({ dataset: 'moons', data_seed: 5, samples: 300, scale: 'none' }));
    expect(d === a).toBe(false);
    expect(Array.from(d.train.x.data)).toEqual(Array.from(a.train.x.data));
    expect(Array.from(d.test.y)).toEqual(Array.from(a.test.y));
  });

  it('split 240/30/30 of 300 with both classes in every split, features 2', () => {
    const ds = loadDataset(dataSpec({ dataset: 'circles', samples: 300, test_fraction: 0.1 }));
    expect([ds.train.x.rows, ds.val.x.rows, ds.test.x.rows]).toEqual([240, 30, 30]);
    expect([ds.features, ds.classes]).toEqual([2, 2]);
    for (const s of [ds.train, ds.val, ds.test]) expect(new Set(s.y).size).toBe(2);
  });

  it('spirals has arms classes; standardize centres the train features', () => {
    const ds = loadDataset(dataSpec({ dataset: 'spirals', arms: 5, samples: 500, scale: 'standardize' }));
    expect(ds.classes).toBe(5);
    expect(new Set(ds.train.y).size).toBe(5);
    for (const j of [0, 1]) {
      let m = 0;
      for (let i = 0; i < ds.train.x.rows; i++) m += ds.train.x.get(i, j);
      expect(m / ds.train.x.rows).toBeCloseTo(0, 5);
    }
  });
});
