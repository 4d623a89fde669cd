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
  const OH = outSize(H, win), OW = outSize(W, win), KKC = K * K * C, img = H * W * C;
  let r = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * img;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, r += KKC) {
        let q = r;
        for (let kh = 0; kh < K; kh++) {
          const ih = oh * S - P + kh;
          if (ih < 0 || ih >= H) {
            cols.fill(0, q, q + K * C);
            q += K * C;
            continue;
          }
          for (let kw = 0; kw < K; kw++) {
            const iw = ow * S - P + kw;
            if (iw < 0 || iw >= W) {
              for (let c = 0; c < C; c++) cols[q++] = 0;
            } else {
              const src = xb + (ih * W + iw) * C;
              for (let c = 0; c < C; c++) cols[q++] = x[src + c]!;
            }
          }
        }
      }
    }
  }
}

/** dx = col2im(dcols): dx is overwritten with the sum of every column entry read from each pixel. */
export function col2im(dcols: FloatArray, batch: number, s: ImageShape, win: Window, dx: FloatArray): void {
  const { c: C, h: H, w: W } = s, { kernel: K, stride: S, padding: P } = win;
  const OH = outSize(H, win), OW = outSize(W, win), KKC = K * K * C, img = H * W * C;
  dx.fill(0, 0, batch * img);
  let r = 0;
  for (let b = 0; b < batch; b++) {
    const xb = b * img;
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++, r += KKC) {
        for (let kh = 0; kh < K; kh++) {
          const ih = oh * S - P + kh;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < K; kw++) {
            const iw = ow * S - P + kw;
            if (iw < 0 || iw >= W) continue;
            const dst = xb + (ih * W + iw) * C, q = r + (kh * K + kw) * C;
            for (let c = 0; c < C; c++) dx[dst + c]! += dcols[q + c]!;
          }
        }
      }
    }
  }
}
