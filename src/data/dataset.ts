/**
 * A dataset ready for training: features as one float32 matrix per split
 * (rows are samples), labels as class indices. The typed arrays may live on a
 * SharedArrayBuffer so worker threads share one copy.
 */
import type { Matrix } from '../tensor/matrix.js';

export interface Split {
  x: Matrix;
  /** Class labels (all 0 in a regression set). */
  y: Int32Array;
  /** Regression targets [rows, targets], scaled as Dataset.targetScale says; absent for classification. */
  t?: Matrix;
}

/** How regression targets were scaled: stored = (raw − shift)·mult per target column. */
export interface TargetScale {
  shift: number[];
  mult: number[];
}

export interface Dataset {
  name: string;
  /** Number of input features (columns of x). */
  features: number;
  classes: number;
  /** [height, width] for image sets (augmentation needs it), else null. */
  imageShape: [number, number] | null;
  /** Channels of each image when imageShape is set (absent = 1: MNIST, digits). */
  channels?: number;
  /** Regression sets: the target column names and their scaling (metrics undo it); absent for classification. */
  targets?: string[];
  targetScale?: TargetScale;
  train: Split;
  val: Split;
  test: Split;
  /** The per-feature map out = (raw − shift)·mult fitted on the training rows (prepare.ts): what new rows need (nnlab predict --csv). */
  scaling?: { shift: Float64Array; mult: Float64Array };
}
