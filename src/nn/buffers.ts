/** Output / gradient buffers that layers reuse across calls to avoid per-batch allocation. */
import { Matrix, type DType, type FloatArray } from '../tensor/matrix.js';
import { zero } from '../tensor/kernels.js';

/**
 * The full array behind each reused buffer. A layer alternates between batch
 * shapes (training minibatches, 1000-row evaluation batches, a smaller last
 * batch), so a smaller shape is served as a view over the largest array it
 * has had instead of a new allocation each switch. That keeps training free of
 * allocations, which matters inside withResidentMemory, where nothing is freed
 * before the run ends.
 */
const stores = new WeakMap<Matrix, FloatArray>();

/** `buf` if it already has this shape and dtype, else a zero matrix (over buf's memory when it is large enough). */
export function reuse(buf: Matrix | null, rows: number, cols: number, dtype: DType): Matrix {
  if (buf !== null && buf.rows === rows && buf.cols === cols && buf.dtype === dtype) return buf;
  const n = rows * cols;
  const old = buf !== null && buf.dtype === dtype ? stores.get(buf) : undefined;
  const store = old !== undefined && old.length >= n ? old : Matrix.zeros(1, n, dtype).data;
  const data = store.length === n ? store : store.subarray(0, n);
  if (store === old) zero(data);
  const m = new Matrix(rows, cols, data);
  stores.set(m, store);
  return m;
}

/** Throws when a layer gets an input of the wrong width. */
export function checkWidth(where: string, x: Matrix, expected: number): void {
  if (x.cols !== expected) {
    throw new Error(`${where}: input has ${x.cols} columns but the layer expects ${expected} — check the previous layer's width or the data's feature count`);
  }
}
