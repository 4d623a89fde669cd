// Entry point of the float32 kernel module (compiled by `npm run build` with
// asc --enable simd). No allocator: the JS side lays out linear memory above
// heapBase() and passes byte addresses.
export { gemm } from './gemm';
export { transpose } from './transpose';
export { addBias, sumRows } from './rows';

/** First byte the host may use. */
export function heapBase(): usize {
  return __heap_base;
}
export { relu, reluBackward, addBiasRelu, zero } from './elementwise';
export { sgd, momentum, adam } from './optim';
export { exp } from './exp';
export { softmaxCE } from './softmax';
export { sigmoid, sigmoidBackward } from './sigmoid';
