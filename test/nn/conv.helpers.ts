/** Direct (loop) references for the image layers, written from the definitions, not from im2col. */
import type { ImageShape } from '../../src/nn/geometry.js';

/** x[b][h][w][c] of a channels-last batch row. */
const at = (x: ArrayLike<number>, s: ImageShape, b: number, h: number, w: number, c: number): number =>
  x[b * s.h * s.w * s.c + (h * s.w + w) * s.c + c]!;

export interface ConvArgs { filters: number; kernel: number; stride: number; padding: number }

/** Y[b,oh,ow,f] = bias[f] + Σ X[b, oh·s−p+kh, ow·s−p+kw, c]·W[kh,kw,c,f] (0 outside the image). */
export function convLoop(x: ArrayLike<number>, batch: number, s: ImageShape, W: ArrayLike<number>, bias: ArrayLike<number>, a: ConvArgs): number[] {
  const OH = Math.floor((s.h + 2 * a.padding - a.kernel) / a.stride) + 1;
  const OW = Math.floor((s.w + 2 * a.padding - a.kernel) / a.stride) + 1;
  const out: number[] = [];
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let f = 0; f < a.filters; f++) {
          let v = bias[f]!;
          for (let kh = 0; kh < a.kernel; kh++)
            for (let kw = 0; kw < a.kernel; kw++)
              for (let c = 0; c < s.c; c++) {
                const ih = oh * a.stride - a.padding + kh, iw = ow * a.stride - a.padding + kw;
                if (ih < 0 || ih >= s.h || iw < 0 || iw >= s.w) continue;
                v += at(x, s, b, ih, iw, c) * W[((kh * a.kernel + kw) * s.c + c) * a.filters + f]!;
              }
          out.push(v);
        }
  return out;
}

/** max or mean over each kernel×kernel window (stride, no padding), per channel. */
export function poolLoop(x: ArrayLike<number>, batch: number, s: ImageShape, kernel: number, stride: number, kind: 'max' | 'avg'): number[] {
  const OH = Math.floor((s.h - kernel) / stride) + 1, OW = Math.floor((s.w - kernel) / stride) + 1;
  const out: number[] = [];
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++)
        for (let c = 0; c < s.c; c++) {
          const vals: number[] = [];
          for (let kh = 0; kh < kernel; kh++) for (let kw = 0; kw < kernel; kw++) vals.push(at(x, s, b, oh * stride + kh, ow * stride + kw, c));
          out.push(kind === 'max' ? Math.max(...vals) : vals.reduce((p, q) => p + q, 0) / vals.length);
        }
  return out;
}
