/**
 * The part every dataset shares once its samples are read: split into
 * train/val/test, take the `train_size` subset, fit the scaling on the training
 * rows only (so nothing leaks from val/test), and gather everything into
 * float32 matrices on shared memory.
 */
import { Matrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import type { Dataset, Split } from './dataset.js';
import { sharedFloat32, sharedInt32 } from './shared-alloc.js';
import type { DataSpec } from './spec.js';

/** Samples in source form: `rows` × `features`, row-major, raw values (bytes for images). */
export interface Samples {
  x: Uint8Array | Float32Array | Float64Array;
  y: Int32Array;
  rows: number;
  features: number;
  /** Regression: raw targets, rows × targets.length, and the target names. */
  t?: Float64Array;
  targets?: string[];
}

export interface RawSet {
  name: string;
  classes: number;
  imageShape: [number, number] | null;
  /** The samples split into train and val (and test, when `test` is null). */
  pool: Samples;
  /** A fixed test set (MNIST's t10k), or null to carve `test_fraction` out of the pool. */
  test: Samples | null;
  /** Validation size when `val_size` is null (null = the same count as the test set). */
  defaultVal: number | null;
  /** `scale: unit` divides by this (255 for bytes, 16 for digits); null = min-max from the train rows. */
  unitDivisor: number | null;
}

export interface SplitIndices {
  train: Int32Array;
  val: Int32Array;
  /** Indices into the pool, or null when the set has a fixed test split. */
  test: Int32Array | null;
}

function identity(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}

function checkCount(what: string, v: number, lo: number, hi: number, fix: string): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new Error(`data.${what}: ${v} is out of range for this dataset (allowed ${lo}..${hi}); ${fix}`);
  }
}

/**
 * Which pool rows go where. A fixed test set leaves the pool for train + val:
 * val is its last `val_size` rows, after a `data_seed` shuffle if `split: seeded`.
 * Without one the pool is always shuffled with `data_seed` (user CSVs are often
 * sorted by class), then test and val are cut from its end.
 */
export function splitIndices(raw: RawSet, spec: DataSpec): SplitIndices {
  const n = raw.pool.rows;
  const fixedTest = raw.test !== null;
  const shuffle = !fixedTest || spec.split === 'seeded';
  const order = shuffle ? new Rng(spec.data_seed).fork(`split/${raw.name}`).permutation(n) : identity(n);
  let nTest = 0;
  if (!fixedTest) {
    if (!(spec.test_fraction > 0 && spec.test_fraction < 1)) {
      throw new Error(`data.test_fraction: ${spec.test_fraction} must be a fraction in (0, 1), e.g. 0.2`);
    }
    nTest = Math.max(1, Math.round(n * spec.test_fraction));
  }
  const nVal = spec.val_size ?? raw.defaultVal ?? nTest;
  // Train, validation (and test) need a sample each: a smaller set has no valid val_size at all ("allowed 1..0").
  const needed = fixedTest ? 2 : 3;
  if (n < needed) {
    throw new Error(
      `${raw.name === 'csv' && spec.path ? spec.path : raw.name}: the data is too small: ${n} sample${n === 1 ? '' : 's'}, ` +
        `but training, validation${fixedTest ? '' : ' and test'} need one sample each (${needed} in all); use a file with more rows`,
    );
  }
  if (n - nTest < 2) {
    throw new Error(`data.test_fraction: ${spec.test_fraction} sends ${nTest} of the ${n} samples to test, leaving fewer than 2 for training and validation; lower test_fraction or use more rows`);
  }
  checkCount('val_size', nVal, 1, n - nTest - 1, `${raw.name} has ${n} samples${fixedTest ? '' : ` of which ${nTest} go to test`}; lower val_size`);
  const nTrain = n - nTest - nVal;
  let train = order.subarray(0, nTrain);
  if (spec.train_size !== null) {
    checkCount('train_size', spec.train_size, 1, nTrain, `${nTrain} training samples are left after the split; lower train_size or set it to null`);
    train = train.subarray(0, spec.train_size);
  }
  return {
    train,
    val: order.subarray(nTrain, nTrain + nVal),
    test: fixedTest ? null : order.subarray(nTrain + nVal),
  };
}

/** Per-feature affine map out = (v - shift) * mult, fitted on the training rows. */
export interface Scaling {
  shift: Float64Array;
  mult: Float64Array;
}

export function fitScaling(src: Samples, rows: Int32Array, scale: DataSpec['scale'], unitDivisor: number | null): Scaling {
  const f = src.features;
  const shift = new Float64Array(f);
  const mult = new Float64Array(f).fill(1);
  if (scale === 'none') return { shift, mult };
  if (scale === 'unit' && unitDivisor !== null) return { shift, mult: mult.fill(1 / unitDivisor) };
  // Rows are copied into a float64 scratch first (a native conversion) so the loops
  // below see one array type whatever the source type (bytes, float64).
  const row = new Float64Array(f);
  const rowOf = (r: number): Float64Array => {
    row.set(src.x.subarray(r * f, (r + 1) * f));
    return row;
  };
  if (scale === 'unit') {
    const lo = new Float64Array(f).fill(Infinity);
    const hi = new Float64Array(f).fill(-Infinity);
    for (const r of rows) {
      const v = rowOf(r);
      for (let j = 0; j < f; j++) {
        if (v[j]! < lo[j]!) lo[j] = v[j]!;
        if (v[j]! > hi[j]!) hi[j] = v[j]!;
      }
    }
    for (let j = 0; j < f; j++) {
      shift[j] = lo[j]!;
      // A constant feature maps to 0 on train; dividing by 0 would make NaNs.
      mult[j] = hi[j]! > lo[j]! ? 1 / (hi[j]! - lo[j]!) : 1;
    }
    return { shift, mult };
  }
  // standardize: two passes in float64 (sum of squares of centred values) for accuracy.
  for (const r of rows) {
    const v = rowOf(r);
    for (let j = 0; j < f; j++) shift[j] += v[j]!;
  }
  for (let j = 0; j < f; j++) shift[j] /= rows.length;
  const ss = new Float64Array(f);
  for (const r of rows) {
    const v = rowOf(r);
    for (let j = 0; j < f; j++) {
      const d = v[j]! - shift[j]!;
      ss[j] += d * d;
    }
  }
  for (let j = 0; j < f; j++) {
    const std = Math.sqrt(ss[j]! / rows.length);
    // Constant features (MNIST's blank border pixels) are centred and left unscaled.
    mult[j] = std > 0 ? 1 / std : 1;
  }
  return { shift, mult };
}

/** Gather `rows` of `src` (all rows when null), scaled, into a shared float32 split. */
export function gather(src: Samples, rows: Int32Array | null, s: Scaling): Split {
  const f = src.features;
  const n = rows ? rows.length : src.rows;
  const x = sharedFloat32(n * f);
  const y = sharedInt32(n);
  const { shift, mult } = s;
  const row = new Float64Array(f);
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i]! : i;
    row.set(src.x.subarray(r * f, (r + 1) * f)); // native conversion; keeps the loop monomorphic
    const p = i * f;
    for (let j = 0; j < f; j++) x[p + j] = (row[j]! - shift[j]!) * mult[j]!;
    y[i] = src.y[r]!;
  }
  return { x: new Matrix(n, f, x), y };
}

/** Split, subset, scale and gather a raw set into a Dataset. */
export function prepare(raw: RawSet, spec: DataSpec): Dataset {
  const idx = splitIndices(raw, spec);
  const s = fitScaling(raw.pool, idx.train, spec.scale, raw.unitDivisor);
  const ds: Dataset = {
    name: raw.name,
    features: raw.pool.features,
    classes: raw.classes,
    imageShape: raw.imageShape,
    train: gather(raw.pool, idx.train, s),
    val: gather(raw.pool, idx.val, s),
    test: raw.test ? gather(raw.test, null, s) : gather(raw.pool, idx.test, s),
    scaling: s,
  };
  if (raw.pool.t === undefined) return ds;
  // Regression: the targets get their own scaling, fitted on the training rows like the features.
  const names = raw.pool.targets ?? ['y'];
  const k = names.length;
  const asSamples = (src: Samples): Samples => ({ x: src.t!, y: src.y, rows: src.rows, features: k });
  const ts = fitScaling(asSamples(raw.pool), idx.train, spec.target_scale === 'none' ? 'none' : 'standardize', null);
  const targets = (src: Samples, rows: Int32Array | null): Matrix => gather(asSamples(src), rows, ts).x;
  ds.train.t = targets(raw.pool, idx.train);
  ds.val.t = targets(raw.pool, idx.val);
  ds.test.t = raw.test ? targets(raw.test, null) : targets(raw.pool, idx.test);
  ds.targets = names;
  ds.targetScale = { shift: Array.from(ts.shift), mult: Array.from(ts.mult) };
  return ds;
}
