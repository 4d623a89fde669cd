/**
 * nnlab's public API: the building blocks for writing a training loop by hand.
 * Each module below adds its exports here.
 */
export { Matrix } from './tensor/matrix.js';
export type { DType, FloatArray } from './tensor/matrix.js';
export * as kernels from './tensor/kernels.js';
export { Rng } from './tensor/rng.js';
export type { Param } from './nn/param.js';
export type { Layer, Loss, Optimizer } from './nn/layer.js';
export type { Dataset, Split } from './data/dataset.js';
