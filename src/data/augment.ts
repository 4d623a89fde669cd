/**
 * Seeded data augmentation for image rows: a random integer shift of up to
 * ± `shift` pixels in each direction and a random rotation of up to ± `rotate`
 * degrees about the image centre (bilinear, zero outside the image). Each row
 * draws its own transform from the Rng, in row order, so a seed fixes the batch.
 */
import type { FloatArray, Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { AugmentSpec } from './spec.js';

/**
 * Write into dst the h×w image src rotated by `degrees` counter-clockwise (as
 * displayed, row 0 at the top) about its centre, then shifted by dx columns
 * right and dy rows down. src and dst must not overlap.
 */
export function transformImage(src: ArrayLike<number>, h: number, w: number, degrees: number, dx: number, dy: number, dst: FloatArray): void {
  if (degrees === 0) {
    // Pure integer shift: copy the overlapping window, zeros elsewhere.
    const j0 = Math.min(w, Math.max(0, dx)); // first column with a source pixel
    const j1 = Math.max(0, Math.min(w, w + dx)); // one past the last
    for (let i = 0; i < h; i++) {
      const si = i - dy;
      const o = i * w;
      if (si < 0 || si >= h) {
        for (let j = 0; j < w; j++) dst[o + j] = 0;
        continue;
      }
      const so = si * w - dx;
      for (let j = 0; j < j0; j++) dst[o + j] = 0;
      for (let j = j0; j < j1; j++) dst[o + j] = src[so + j]!;
      for (let j = Math.max(j0, j1); j < w; j++) dst[o + j] = 0;
    }
    return;
  }
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  for (let i = 0; i < h; i++) {
    // Inverse map: undo the shift, then rotate back by -a in y-up coordinates.
    const y = cy - (i - dy);
    for (let j = 0; j < w; j++) {
      const x = j - dx - cx;
      const sc = cx + cos * x + sin * y;
      const sr = cy - (-sin * x + cos * y);
      dst[i * w + j] = bilinear(src, h, w, sr, sc);
    }
  }
}

/** Bilinear sample at (row r, col c); pixels outside the image count as 0. */
function bilinear(src: ArrayLike<number>, h: number, w: number, r: number, c: number): number {
  // Snap values within rounding error of a pixel centre, so 90° turns are exact.
  const rn = Math.round(r);
  const cn = Math.round(c);
  if (Math.abs(r - rn) < 1e-9) r = rn;
  if (Math.abs(c - cn) < 1e-9) c = cn;
  const r0 = Math.floor(r);
  const c0 = Math.floor(c);
  if (r0 < -1 || r0 >= h || c0 < -1 || c0 >= w) return 0;
  const fr = r - r0;
  const fc = c - c0;
  const top = r0 >= 0;
  const bottom = r0 + 1 < h;
  const left = c0 >= 0;
  const right = c0 + 1 < w;
  const o = r0 * w + c0;
  const p00 = top && left ? src[o]! : 0;
  const p01 = top && right ? src[o + 1]! : 0;
  const p10 = bottom && left ? src[o + w]! : 0;
  const p11 = bottom && right ? src[o + w + 1]! : 0;
  return (1 - fr) * ((1 - fc) * p00 + fc * p01) + fr * ((1 - fc) * p10 + fc * p11);
}

/** Is this spec a no-op? */
export function isIdentityAugment(spec: AugmentSpec): boolean {
  return spec.shift === 0 && spec.rotate === 0;
}

/**
 * Augment each row of x (an h×w image) into out. Draws per row, in order: dx then
 * dy (if shift > 0), then the angle (if rotate > 0). out may be x itself.
 */
export function augmentBatch(x: Matrix, imageShape: [number, number], spec: AugmentSpec, rng: Rng, out: Matrix): void {
  const [h, w] = imageShape;
  if (x.cols !== h * w) throw new Error(`augmentBatch: rows have ${x.cols} values but the image shape ${h}×${w} needs ${h * w}; augmentation only applies to image datasets`);
  if (out.rows !== x.rows || out.cols !== x.cols) throw new Error(`augmentBatch: out is ${out.rows}×${out.cols}, expected ${x.rows}×${x.cols} like x`);
  if (!(Number.isInteger(spec.shift) && spec.shift >= 0)) throw new Error(`data.augment.shift: ${spec.shift} must be a whole number of pixels >= 0, e.g. 2`);
  if (!(spec.rotate >= 0 && spec.rotate <= 180)) throw new Error(`data.augment.rotate: ${spec.rotate} must be degrees in 0..180, e.g. 10`);
  if (isIdentityAugment(spec)) {
    if (out !== x) out.data.set(x.data);
    return;
  }
  const k = spec.shift;
  const tmp = new Float64Array(h * w);
  for (let r = 0; r < x.rows; r++) {
    const dx = k > 0 ? rng.int(2 * k + 1) - k : 0;
    const dy = k > 0 ? rng.int(2 * k + 1) - k : 0;
    const deg = spec.rotate > 0 ? rng.uniformRange(-spec.rotate, spec.rotate) : 0;
    // Through a scratch row, so in-place augmentation (out === x) works.
    tmp.set(x.row(r));
    transformImage(tmp, h, w, deg, dx, dy, out.row(r));
  }
}
