/**
 * A trained model as a safetensors file: every parameter and buffer of every layer under its own
 * name (e.g. "dense1.W" [in, out], "dense1.b" [1, out], "bn1.running_mean"), whatever layers the
 * model has, and in the metadata the architecture (one config per layer, as Sequential.toJSON)
 * plus whatever the caller adds (the run's config, its id, which epoch's weights these are).
 *
 * A Dense layer computes x·W + b, so numpy reproduces a ReLU net as
 *   h = np.maximum(x @ W1 + b1, 0); logits = h @ W2 + b2
 * (docs/api.md has the ten lines that read the file with numpy alone).
 */
import fs from 'node:fs';
import { Rng } from '../tensor/rng.js';
import type { DType, Matrix } from '../tensor/matrix.js';
import { Sequential, type ModelJSON, type TensorJSON } from './sequential.js';
import { decodeSafetensors, encodeSafetensors, type Tensor } from './safetensors.js';

export const MODEL_FORMAT = 'nnlab-model';

/** The bytes of a model's safetensors file; `metadata` values must be strings (JSON-encode the rest). */
export function encodeModel(model: Sequential, metadata: Record<string, string> = {}): Uint8Array {
  const json = model.toJSON();
  const tensors = new Map<string, Tensor>();
  const put = (name: string, m: Matrix): void => {
    tensors.set(name, { shape: [m.rows, m.cols], data: m.data.slice() });
  };
  for (const p of model.params()) put(p.name, p.value);
  for (const [name, m] of Object.entries(model.buffers())) put(name, m);
  return encodeSafetensors(tensors, {
    ...metadata,
    format: MODEL_FORMAT,
    version: String(json.version),
    dtype: json.dtype,
    layers: JSON.stringify(json.layers),
    params: JSON.stringify(Object.keys(json.params)),
  });
}

export interface DecodedModel {
  model: Sequential;
  metadata: Record<string, string>;
}

export interface LoadOptions {
  /**
   * Compute in this precision instead of the saved one: 'float64' evaluates the saved float32
   * weights (exactly representable) without float32 rounding, as a float64 numpy reference does.
   */
  dtype?: DType;
  /** Drives dropout masks if the model is trained further. */
  rng?: Rng;
}

/** Rebuild a model from its file's bytes; `what` names the file in errors. */
export function decodeModel(bytes: Uint8Array, what: string, opts: LoadOptions = {}): DecodedModel {
  const { metadata, tensors } = decodeSafetensors(bytes, what);
  if (metadata.format !== MODEL_FORMAT) {
    throw new Error(`${what}: not an nnlab model (its metadata has format '${metadata.format ?? ''}', expected '${MODEL_FORMAT}'); pass a file nnlab saved under results/<name>/models/`);
  }
  let layers: ModelJSON['layers'], paramNames: string[];
  try {
    layers = JSON.parse(metadata.layers ?? '') as ModelJSON['layers'];
    paramNames = JSON.parse(metadata.params ?? '') as string[];
  } catch {
    throw new Error(`${what}: its metadata 'layers' or 'params' is not JSON; the file is damaged`);
  }
  const params: Record<string, TensorJSON> = {}, buffers: Record<string, TensorJSON> = {};
  const isParam = new Set(paramNames);
  for (const [name, t] of tensors) {
    const entry = { shape: [t.shape[0] ?? 1, t.shape[1] ?? 1] as [number, number], data: t.data as unknown as number[] };
    (isParam.has(name) ? params : buffers)[name] = entry;
  }
  const dtype = opts.dtype ?? ((metadata.dtype ?? 'float32') as DType);
  const json: ModelJSON = { format: MODEL_FORMAT, version: Number(metadata.version) as 1, dtype, layers, params, buffers };
  try {
    return { model: Sequential.fromJSON(json, opts.rng), metadata };
  } catch (e) {
    throw new Error(`${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Write a model file atomically (a reader sees the old file or the new one, never half). */
export function saveModel(model: Sequential, file: string, metadata: Record<string, string> = {}): void {
  writeFileAtomically(file, encodeModel(model, metadata));
}

/** A saved model (a results/<name>/models/*.safetensors file), ready for evaluate/predict. */
export function loadModel(file: string, opts: LoadOptions = {}): Sequential {
  return readModel(file, opts).model;
}

/** loadModel with the file's metadata (the run's config, id, epoch). */
export function readModel(file: string, opts: LoadOptions = {}): DecodedModel {
  return decodeModel(fs.readFileSync(file), file, opts);
}

/**
 * temp file + fsync + rename; the temp file is removed if anything fails. `sync: false` skips the
 * fsync: a killed process leaves the file whole all the same (the rename is atomic, the data is in
 * the page cache); only a power cut can leave it stale or empty.
 */
export function writeFileAtomically(file: string, bytes: Uint8Array, sync = true): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeFileSync(fd, bytes);
      if (sync) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
