/**
 * Datasets across worker threads without copies: `toShared` turns a Dataset
 * into a plain, structured-cloneable object whose arrays live on
 * SharedArrayBuffers (posting it to a worker shares the memory), and
 * `fromShared` wraps those buffers back into a Dataset in the worker.
 */
import { Matrix } from '../tensor/matrix.js';
import type { Dataset, Split } from './dataset.js';

/** A typed array's memory: a SharedArrayBuffer and the element range in it. */
export interface SharedArray {
  buffer: SharedArrayBuffer;
  byteOffset: number;
  length: number;
}

export interface SharedSplit {
  rows: number;
  cols: number;
  x: SharedArray;
  y: SharedArray;
  /** Regression targets and their width. */
  t?: SharedArray;
  k?: number;
}

export interface SharedDataset {
  name: string;
  features: number;
  classes: number;
  imageShape: [number, number] | null;
  channels?: number;
  targets?: string[];
  targetScale?: { shift: number[]; mult: number[] };
  train: SharedSplit;
  val: SharedSplit;
  test: SharedSplit;
}

/** Reuse the array's memory if it is already shared (the loaders allocate it so), else copy. */
function share(a: Float32Array | Int32Array): SharedArray {
  if (a.buffer instanceof SharedArrayBuffer) return { buffer: a.buffer, byteOffset: a.byteOffset, length: a.length };
  const buffer = new SharedArrayBuffer(a.byteLength);
  const copy = a instanceof Float32Array ? new Float32Array(buffer) : new Int32Array(buffer);
  copy.set(a);
  return { buffer, byteOffset: 0, length: a.length };
}

function shareSplit(s: Split, where: string): SharedSplit {
  if (!(s.x.data instanceof Float32Array)) throw new Error(`toShared: ${where}.x is ${s.x.dtype}; datasets must be float32`);
  const out: SharedSplit = { rows: s.x.rows, cols: s.x.cols, x: share(s.x.data), y: share(s.y) };
  if (s.t) {
    if (!(s.t.data instanceof Float32Array)) throw new Error(`toShared: ${where}.t is ${s.t.dtype}; datasets must be float32`);
    out.t = share(s.t.data);
    out.k = s.t.cols;
  }
  return out;
}

export function toShared(ds: Dataset): SharedDataset {
  return {
    name: ds.name,
    features: ds.features,
    classes: ds.classes,
    imageShape: ds.imageShape ? [ds.imageShape[0], ds.imageShape[1]] : null,
    ...(ds.targets ? { targets: [...ds.targets], targetScale: structuredClone(ds.targetScale!) } : {}),
    ...(ds.channels !== undefined ? { channels: ds.channels } : {}),
    train: shareSplit(ds.train, `${ds.name}.train`),
    val: shareSplit(ds.val, `${ds.name}.val`),
    test: shareSplit(ds.test, `${ds.name}.test`),
  };
}

function wrapSplit(s: SharedSplit): Split {
  const out: Split = {
    x: new Matrix(s.rows, s.cols, new Float32Array(s.x.buffer, s.x.byteOffset, s.x.length)),
    y: new Int32Array(s.y.buffer, s.y.byteOffset, s.y.length),
  };
  if (s.t) out.t = new Matrix(s.rows, s.k!, new Float32Array(s.t.buffer, s.t.byteOffset, s.t.length));
  return out;
}

export function fromShared(s: SharedDataset): Dataset {
  return {
    name: s.name,
    features: s.features,
    classes: s.classes,
    imageShape: s.imageShape,
    ...(s.targets ? { targets: s.targets, targetScale: s.targetScale! } : {}),
    ...(s.channels !== undefined ? { channels: s.channels } : {}),
    train: wrapSplit(s.train),
    val: wrapSplit(s.val),
    test: wrapSplit(s.test),
  };
}
