import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/tensor/rng.js';

const draws = (r: Rng, n: number, f: (r: Rng) => number) => Array.from({ length: n }, () => f(r));

describe('Rng', () => {
  it('is deterministic per seed (numbers and strings alike) and differs across seeds', () => {
    expect(draws(new Rng(42), 20, (r) => r.uniform())).toEqual(draws(new Rng('42'), 20, (r) => r.uniform()));
    expect(draws(new Rng(1), 20, (r) => r.normal())).toEqual(draws(new Rng(1), 20, (r) => r.normal()));
    expect(draws(new Rng(1), 20, (r) => r.uniform())).not.toEqual(draws(new Rng(2), 20, (r) => r.uniform()));
  });

  it('uniform stays in [0,1) and uniformRange in [lo,hi)', () => {
    const r = new Rng('u');
    for (let i = 0; i < 10_000; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      const v = r.uniformRange(-3, 5);
      expect(v >= -3 && v < 5).toBe(true);
    }
  });

  it('normal has the requested mean and std over 1e5 draws', () => {
    const r = new Rng('normal');
    const n = 100_000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal(2, 3);
      s += z; s2 += z * z;
    }
    const mean = s / n, std = Math.sqrt(s2 / n - mean * mean);
    // Standard errors: 3/√n ≈ 0.0095 for the mean, ≈ 0.0067 for the std; allow ~5σ.
    expect(Math.abs(mean - 2)).toBeLessThan(0.05);
    expect(Math.abs(std - 3)).toBeLessThan(0.035);
  });

  it('int covers [0,n) uniformly and rejects bad n', () => {
    const r = new Rng('int');
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[r.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => r.int(0)).toThrow(/positive integer/);
    expect(() => r.int(2.5)).toThrow(/positive integer/);
  });

  it('permutation is a permutation, and a seeded one', () => {
    for (const n of [0, 1, 2, 10, 1000]) {
      const p = new Rng(`perm${n}`).permutation(n);
      expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    expect(new Rng(5).permutation(50)).toEqual(new Rng(5).permutation(50));
    expect(Array.from(new Rng(5).permutation(50))).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('fork gives streams independent of each other and of draws made on the parent', () => {
    const a = new Rng('s');
    const fa = draws(a.fork('init'), 10, (r) => r.uniform());
    const b = new Rng('s');
    b.uniform(); b.normal(); // consuming the parent must not shift the fork
    expect(draws(b.fork('init'), 10, (r) => r.uniform())).toEqual(fa);
    expect(draws(b.fork('shuffle'), 10, (r) => r.uniform())).not.toEqual(fa);
    // Uncorrelated: sample correlation of two forks is near 0.
    const x = draws(new Rng('c').fork('x'), 20_000, (r) => r.uniform());
    const y = draws(new Rng('c').fork('y'), 20_000, (r) => r.uniform());
    const mx = x.reduce((s, v) => s + v, 0) / x.length, my = y.reduce((s, v) => s + v, 0) / y.length;
    let sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < x.length; i++) { sxy += (x[i]! - mx) * (y[i]! - my); sxx += (x[i]! - mx) ** 2; syy += (y[i]! - my) ** 2; }
    expect(Math.abs(sxy / Math.sqrt(sxx * syy))).toBeLessThan(0.04);
  });

  it('bernoulliMask hits its rate and shuffle keeps the elements', () => {
    const m = new Rng('b').bernoulliMask(100_000, 0.3);
    const ones = m.reduce((s, v) => s + v, 0);
    expect(Math.abs(ones / 1e5 - 0.3)).toBeLessThan(0.01);
    expect(m.every((v) => v === 0 || v === 1)).toBe(true);
    const arr = [1, 2, 3, 4, 5, 6];
    expect([...new Rng('sh').shuffle(arr)].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
