/**
 * im2col / col2im over channels-last images (see geometry.ts).
 *
 * im2col turns a batch of images into one matrix with a row per output
 * position (b, oh, ow) and a column per kernel tap (kh, kw, c):
 *   cols[(b·OH + oh)·OW + ow, (kh·K + kw)·C + c] = x[b, ih, iw, c],
 *   ih = oh·stride − padding + kh,  iw = ow·stride − padding + kw,
 * and 0 where (ih, iw) falls in the padding. A convolution is then
 * cols · W, one GEMM for the whole batch. col2im is its adjoint: it adds each
 * column entry back onto the pixel it was read from (overlapping windows add up).
 */
import type { FloatArray } from '../tensor/matrix.js';
import type { ImageShape, Window } from './geometry.js';
import { outSize } from './geometry.js';

export function im2col(x: FloatArray, batch: number, s: ImageShape, win: Window, cols: FloatArray): void {
  const { c: C, h: H, w: W } = s, { kernel: K, stride: S, padding: P } = win;
  const OH = outSize(H, win), OW = outSize(W, win), KC = K * C, img = H * W * C;
  let q = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * img;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * S - P;
        // Columns kw whose pixel lies inside the row: [lo, hi). In between, one kernel row is K·C
        // contiguous floats of x (channels last), copied in one run.
        const lo = Math.max(0, -iw0), hi = Math.min(K, W - iw0);
        for (let kh = 0; kh < K; kh++) {
          const ih = oh * S - P + kh;
          if (ih < 0 || ih >= H || hi <= lo) {
            for (let e = q + KC; q < e; q++) cols[q] = 0;
            continue;
          }
          for (let e = q + lo * C; q < e; q++) cols[q] = 0;
          const src = xb + (ih * W + iw0 + lo) * C - q;
          for (let e = q + (hi - lo) * C; q < e; q++) cols[q] = x[src + q]!;
          for (let e = q + (K - hi) * C; q < e; q++) cols[q] = 0;
        }
      }
    }
  }
}

/** dx = col2im(dcols): dx is overwritten with the sum of every column entry read from each pixel. */
export function col2im(dcols: FloatArray, batch: number, s: ImageShape, win: Window, dx: FloatArray): void {
  const { c: C, h: H, w: W } = s, { kernel: K, stride: S, padding: P } = win;
  const OH = outSize(H, win), OW = outSize(W, win), KC = K * C, img = H * W * C;
  dx.fill(0, 0, batch * img);
  let q = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * img;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const iw0 = ow * S - P;
        const lo = Math.max(0, -iw0), hi = Math.min(K, W - iw0);
        for (let kh = 0; kh < K; kh++, q += KC) {
          const ih = oh * S - P + kh;
          if (ih < 0 || ih >= H || hi <= lo) continue;
          const r = q + lo * C, dst = xb + (ih * W + iw0 + lo) * C - r;
          for (let k = r, e = r + (hi - lo) * C; k < e; k++) dx[dst + k]! += dcols[k]!;
        }
      }
    }
  }
}
