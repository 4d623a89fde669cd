import { describe, expect, it } from 'vitest';
import { augmentBatch, transformImage } from '../../src/data/augment.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

const H = 7;
const W = 9;

/** A batch of images, each with one lit pixel. */
function lit(points: [number, number][]): Matrix {
  const m = Matrix.zeros(points.length, H * W);
  points.forEach(([i, j], r) => m.set(r, i * W + j, 1));
  return m;
}

function litPixels(row: ArrayLike<number>): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let k = 0; k < H * W; k++) if (Math.abs(row[k]!) > 1e-12) out.push([Math.floor(k / W), k % W, row[k]!]);
  return out;
}

describe('augmentBatch', () => {
  it('zero spec copies the batch unchanged and draws nothing', () => {
    const x = Matrix.fromRows([Array.from({ length: H * W }, (_, k) => k / 10)]);
    const out = x.zerosLike();
    const rng = new Rng(1);
    augmentBatch(x, [H, W], { shift: 0, rotate: 0 }, rng, out);
    expect(Array.from(out.data)).toEqual(Array.from(x.data));
    expect(rng.uniform()).toBe(new Rng(1).uniform());
  });

  it('a shift moves a single lit pixel by exactly the drawn amount', () => {
    const n = 200;
    const x = lit(Array.from({ length: n }, () => [3, 4] as [number, number]));
    const out = x.zerosLike();
    augmentBatch(x, [H, W], { shift: 2, rotate: 0 }, new Rng(7), out);
    // Replay the draws: dx then dy per row.
    const replay = new Rng(7);
    const seen = new Set<string>();
    for (let r = 0; r < n; r++) {
      const dx = replay.int(5) - 2;
      const dy = replay.int(5) - 2;
      seen.add(`${dx},${dy}`);
      expect(litPixels(out.row(r))).toEqual([[3 + dy, 4 + dx, 1]]);
    }
    expect(seen.size).toBe(25); // every shift in ±2 × ±2 occurs
  });

  it('pixels shifted out of the image are dropped (zero fill)', () => {
    const x = lit([[0, 0]]);
    const out = x.zerosLike();
    let found = false;
    for (let seed = 0; seed < 50 && !found; seed++) {
      const rng = new Rng(seed);
      const probe = new Rng(seed);
      const dx = probe.int(3) - 1;
      const dy = probe.int(3) - 1;
      augmentBatch(x, [H, W], { shift: 1, rotate: 0 }, rng, out);
      if (dx < 0 || dy < 0) {
        expect(litPixels(out.row(0))).toEqual([]);
        found = true;
      }
    }
    expect(found).toBe(true);
  });

  it('is deterministic for a seed and works in place', () => {
    const x = Matrix.fromRows([Array.from({ length: H * W }, (_, k) => (k * 37) % 11), Array.from({ length: H * W }, (_, k) => k % 5)]);
    const a = x.zerosLike();
    const b = x.clone();
    augmentBatch(x, [H, W], { shift: 1, rotate: 15 }, new Rng(3), a);
    augmentBatch(b, [H, W], { shift: 1, rotate: 15 }, new Rng(3), b);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(Array.from(a.data)).not.toEqual(Array.from(x.data));
  });

  it('small rotations keep the centre pixel and the total ink roughly', () => {
    const n = 20;
    const img = new Array(H * W).fill(0);
    img[3 * W + 4] = 1; // the exact centre of 7×9
    const x = Matrix.fromRows(Array.from({ length: n }, () => img));
    const out = x.zerosLike();
    augmentBatch(x, [H, W], { shift: 0, rotate: 30 }, new Rng(9), out);
    for (let r = 0; r < n; r++) expect(out.get(r, 3 * W + 4)).toBeCloseTo(1, 9);
  });

  it('shift + rotation apply the drawn dx, dy and angle (replayed), angles spread over ±rotate', () => {
    const x = Matrix.fromRows(Array.from({ length: 30 }, (_, r) => Array.from({ length: H * W }, (_, k) => ((k * 7 + r) % 13) / 13)));
    const out = x.zerosLike();
    augmentBatch(x, [H, W], { shift: 1, rotate: 20 }, new Rng(5), out);
    const replay = new Rng(5);
    const angles: number[] = [];
    for (let r = 0; r < x.rows; r++) {
      const dx = replay.int(3) - 1;
      const dy = replay.int(3) - 1;
      const deg = replay.uniformRange(-20, 20);
      angles.push(deg);
      const want = new Float32Array(H * W);
      transformImage(x.row(r), H, W, deg, dx, dy, want);
      expect(Array.from(out.row(r))).toEqual(Array.from(want));
    }
    expect(Math.min(...angles)).toBeLessThan(-10);
    expect(Math.max(...angles)).toBeGreaterThan(10);
  });

  it('checks shapes and spec values', () => {
    const x = Matrix.zeros(2, 10);
    expect(() => augmentBatch(x, [H, W], { shift: 1, rotate: 0 }, new Rng(0), x)).toThrow('augmentBatch: rows have 10 values but the image shape 7×9 needs 63');
    const y = Matrix.zeros(2, H * W);
    expect(() => augmentBatch(y, [H, W], { shift: 1.5, rotate: 0 }, new Rng(0), y)).toThrow('data.augment.shift: 1.5 must be a whole number of pixels');
    expect(() => augmentBatch(y, [H, W], { shift: 0, rotate: 0 }, new Rng(0), Matrix.zeros(3, H * W))).toThrow('out is 3×63, expected 2×63');
  });
});

describe('transformImage (the warp behind augmentBatch)', () => {
  it('rotating a square image by 90° counter-clockwise maps known pixels exactly', () => {
    const n = 5;
    const src = Float32Array.from({ length: n * n }, (_, k) => k + 1);
    const dst = new Float32Array(n * n);
    transformImage(src, n, n, 90, 0, 0, dst);
    // CCW: the top-right corner goes to the top-left, the top-left to the bottom-left.
    expect(dst[0]).toBe(src[n - 1]); // (0,0) ← (0,4)
    expect(dst[(n - 1) * n]).toBe(src[0]); // (4,0) ← (0,0)
    expect(dst[n * n - 1]).toBe(src[(n - 1) * n]); // (4,4) ← (4,0)
    // In general out(i, j) = in(j, n-1-i).
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(dst[i * n + j]).toBe(src[j * n + (n - 1 - i)]);
  });

  it('rotation then shift: 90° and dx = 1 gives out(i, j) = in(j - 1, n-1-i)', () => {
    const n = 5;
    const src = Float32Array.from({ length: n * n }, (_, k) => k + 1);
    const dst = new Float32Array(n * n);
    transformImage(src, n, n, 90, 1, 0, dst);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(dst[i * n + j]).toBe(j === 0 ? 0 : src[(j - 1) * n + (n - 1 - i)]);
  });

  it('four quarter turns give the original back; 180° flips both axes', () => {
    const n = 6;
    const src = Float32Array.from({ length: n * n }, (_, k) => (k * 13) % 17);
    let cur = src;
    for (let t = 0; t < 4; t++) {
      const next = new Float32Array(n * n);
      transformImage(cur, n, n, 90, 0, 0, next);
      cur = next;
    }
    expect(Array.from(cur)).toEqual(Array.from(src));
    const half = new Float32Array(n * n);
    transformImage(src, n, n, 180, 0, 0, half);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(half[i * n + j]).toBe(src[(n - 1 - i) * n + (n - 1 - j)]);
  });

  it('shifts by whole pixels in both directions, including past the border', () => {
    const src = Float32Array.from({ length: H * W }, (_, k) => k + 1);
    const dst = new Float32Array(H * W).fill(-1);
    for (const [dx, dy] of [[2, -1], [-3, 2], [0, 0], [W, 0], [-W - 4, 1], [1, -H]]) {
      transformImage(src, H, W, 0, dx!, dy!, dst);
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < W; j++) {
          const si = i - dy!;
          const sj = j - dx!;
          expect(dst[i * W + j]).toBe(si >= 0 && si < H && sj >= 0 && sj < W ? src[si * W + sj] : 0);
        }
      }
    }
  });

  it('a 45° turn interpolates bilinearly between pixels', () => {
    // Value = column index: a linear ramp. Bilinear interpolation reproduces
    // linear functions exactly inside the image, so out(i,j) = source column.
    const n = 9;
    const src = Float32Array.from({ length: n * n }, (_, k) => k % n);
    const dst = new Float32Array(n * n);
    transformImage(src, n, n, 45, 0, 0, dst);
    const c = (n - 1) / 2;
    const s = Math.SQRT1_2;
    for (const [i, j] of [[4, 4], [3, 4], [4, 6], [2, 3]] as const) {
      const x = j - c;
      const y = c - i;
      expect(dst[i * n + j]).toBeCloseTo(c + s * x + s * y, 5);
    }
  });
});
