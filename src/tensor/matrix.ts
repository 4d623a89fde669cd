/**
 * A dense row-major 2-D matrix over a typed array.
 * float32 is the training dtype; float64 exists so gradient checks can use
 * centered differences without drowning in rounding error.
 */
export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

/**
 * Where new float32 arrays come from, when not the JS heap: the wasm backend
 * installs one for the duration of a training run (kernels.ts
 * withResidentMemory) so parameters and layer buffers live in the memory its
 * kernels compute on. Returns null to fall back to the heap. Must return zeros.
 */
export type Float32Allocator = (n: number) => Float32Array | null;

let float32Allocator: Float32Allocator | null = null;

/** Install (or with null remove) the float32 allocator; returns the previous one so scopes can nest. */
export function setFloat32Allocator(a: Float32Allocator | null): Float32Allocator | null {
  const prev = float32Allocator;
  float32Allocator = a;
  return prev;
}

/** n zeros of the dtype. */
export function allocate(n: number, dtype: DType): FloatArray {
  if (dtype === 'float64') return new Float64Array(n);
  return float32Allocator?.(n) ?? new Float32Array(n);
}

export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: FloatArray;

  constructor(rows: number, cols: number, data?: FloatArray, dtype: DType = 'float32') {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new Error(`Matrix shape must be non-negative integers, got [${rows}, ${cols}]`);
    }
    const buf = data ?? allocate(rows * cols, dtype);
    if (buf.length !== rows * cols) {
      throw new Error(`Matrix data has ${buf.length} elements, shape [${rows}, ${cols}] needs ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = buf;
  }

  static zeros(rows: number, cols: number, dtype: DType = 'float32'): Matrix {
    return new Matrix(rows, cols, undefined, dtype);
  }

  /** From nested arrays (tests, examples). */
  static fromRows(rows: ArrayLike<number>[], dtype: DType = 'float32'): Matrix {
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0]!.length;
    const m = Matrix.zeros(r, c, dtype);
    for (let i = 0; i < r; i++) {
      const row = rows[i]!;
      if (row.length !== c) throw new Error(`Matrix.fromRows: row ${i} has ${row.length} values, expected ${c}`);
      for (let j = 0; j < c; j++) m.data[i * c + j] = row[j]!;
    }
    return m;
  }

  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  get size(): number {
    return this.data.length;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j]!;
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  /** A view of row i (shares memory). */
  row(i: number): FloatArray {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  /** Rows [start, end) as a matrix sharing memory. */
  sliceRows(start: number, end: number): Matrix {
    return new Matrix(end - start, this.cols, this.data.subarray(start * this.cols, end * this.cols));
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  zerosLike(): Matrix {
    return Matrix.zeros(this.rows, this.cols, this.dtype);
  }

  fill(v: number): this {
    this.data.fill(v);
    return this;
  }

  /** Copy into a matrix of the given dtype (a copy even when the dtype matches). */
  to(dtype: DType): Matrix {
    const out = Matrix.zeros(this.rows, this.cols, dtype);
    out.data.set(this.data);
    return out;
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }
}
