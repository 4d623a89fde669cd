/**
 * A dataset ready for training: features as one float32 matrix per split
 * (rows are samples), labels as class indices. The typed arrays may live on a
 * SharedArrayBuffer so worker threads share one copy.
 */
import type { Matrix } from '../tensor/matrix.js';

export interface Split {
  x: Matrix;
  y: Int32Array;
}

export interface Dataset {
  name: string;
  /** Number of input features (columns of x). */
  features: number;
  classes: number;
  /** [height, width] for image sets (augmentation needs it), else null. */
  imageShape: [number, number] | null;
  train: Split;
  val: Split;
  test: Split;
  /** The per-feature map out = (raw − shift)·mult fitted on the training rows (prepare.ts): what new rows need (nnlab predict --csv). */
  scaling?: { shift: Float64Array; mult: Float64Array };
}
