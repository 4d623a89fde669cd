/** Output / gradient buffers that layers reuse across calls to avoid per-batch allocation. */
import { Matrix, type DType } from '../tensor/matrix.js';

/** `buf` if it already has this shape and dtype, else a fresh zero matrix. */
export function reuse(buf: Matrix | null, rows: number, cols: number, dtype: DType): Matrix {
  if (buf !== null && buf.rows === rows && buf.cols === cols && buf.dtype === dtype) return buf;
  return Matrix.zeros(rows, cols, dtype);
}

/** Throws when a layer gets an input of the wrong width. */
export function checkWidth(where: string, x: Matrix, expected: number): void {
  if (x.cols !== expected) {
    throw new Error(`${where}: input has ${x.cols} columns but the layer expects ${expected} — check the previous layer's width or the data's feature count`);
  }
}
