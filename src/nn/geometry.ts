/**
 * The geometry of a sliding window over an image, shared by convolution and
 * pooling. Images ride in the ordinary [batch, features] matrices, one image
 * per row, channels last: feature (h·W + w)·C + c holds channel c of pixel
 * (h, w). With one channel (MNIST, digits) that is the plain pixel order; with
 * channels last, a convolution is one matrix product over all positions of the
 * batch and channel batch norm is ordinary batch norm over [positions, C].
 */

/** channels × height × width. */
export interface ImageShape {
  c: number;
  h: number;
  w: number;
}

export interface Window {
  kernel: number;
  stride: number;
  padding: number;
}

/** Output size of a window sliding along one axis of size n (PyTorch's floor rule). */
export function outSize(n: number, win: Window): number {
  return Math.floor((n + 2 * win.padding - win.kernel) / win.stride) + 1;
}

export function size(s: ImageShape): number {
  return s.c * s.h * s.w;
}

/** "32×5×5" (channels×height×width), as messages print shapes. */
export function showShape(s: ImageShape): string {
  return `${s.c}×${s.h}×${s.w}`;
}
