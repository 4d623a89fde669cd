/**
 * The safetensors container (https://github.com/huggingface/safetensors), the format PyTorch,
 * JAX and numpy users read:
 *
 *   8 bytes   N, the header length, unsigned little-endian
 *   N bytes   JSON: { "__metadata__": {string: string}, name: {dtype, shape, data_offsets: [begin, end]}, ... }
 *             (padded with spaces to a multiple of 8, so every tensor starts aligned)
 *   rest      the tensors' bytes, little-endian, row-major, at their offsets
 *
 * Pure bytes in, bytes out: saved models and checkpoints are both built on it, and the file IO
 * lives with their callers.
 */

export type TensorArray = Float32Array | Float64Array | Int32Array;

export interface Tensor {
  shape: number[];
  data: TensorArray;
}

export interface SafeTensors {
  metadata: Record<string, string>;
  tensors: Map<string, Tensor>;
}

const DTYPES = { F32: Float32Array, F64: Float64Array, I32: Int32Array } as const;
type DTypeName = keyof typeof DTYPES;

function dtypeOf(a: TensorArray): DTypeName {
  if (a instanceof Float32Array) return 'F32';
  if (a instanceof Float64Array) return 'F64';
  return 'I32';
}

// The bytes are written as they lie in memory; every machine Node runs on today is little-endian.
const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function encodeSafetensors(tensors: ReadonlyMap<string, Tensor> | Record<string, Tensor>, metadata: Record<string, string> = {}): Uint8Array {
  if (!LITTLE) throw new Error('safetensors: this machine is big-endian; the format is little-endian');
  const entries = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of entries) {
    const count = t.shape.reduce((a: number, b: number) => a * b, 1);
    if (count !== t.data.length) throw new Error(`safetensors: tensor '${name}' has shape [${t.shape}] but ${t.data.length} values`);
    header[name] = { dtype: dtypeOf(t.data), shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  const raw = new TextEncoder().encode(json).length;
  json += ' '.repeat((8 - ((8 + raw) % 8)) % 8);
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const [, t] of entries) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

/** Parse a safetensors file's bytes; `what` names the file in errors. Tensors are copies (aligned, owned). */
export function decodeSafetensors(bytes: Uint8Array, what = 'safetensors'): SafeTensors {
  const bad = (why: string): Error => new Error(`${what}: not a readable safetensors file (${why})`);
  if (bytes.length < 8) throw bad('shorter than its 8-byte header length');
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (n > bytes.length - 8) throw bad(`header length ${n} exceeds the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  } catch {
    throw bad('the header is not JSON');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw bad('the header is not a JSON object');
  const base = 8 + n;
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, Tensor>();
  for (const [name, v] of Object.entries(header)) {
    if (name === '__metadata__') {
      for (const [k, s] of Object.entries((v ?? {}) as Record<string, unknown>)) if (typeof s === 'string') metadata[k] = s;
      continue;
    }
    const info = v as { dtype?: string; shape?: unknown; data_offsets?: unknown };
    const Ctor = DTYPES[info?.dtype as DTypeName];
    if (!Ctor || !Object.hasOwn(DTYPES, info.dtype as string)) throw bad(`tensor '${name}' has dtype ${String(info?.dtype)}; nnlab reads F32, F64 and I32`);
    const shape = info.shape, off = info.data_offsets;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`tensor '${name}' has no valid shape`);
    if (!Array.isArray(off) || off.length !== 2 || !off.every((d) => Number.isInteger(d) && d >= 0)) throw bad(`tensor '${name}' has no valid data_offsets`);
    const [begin, end] = off as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== count * Ctor.BYTES_PER_ELEMENT || base + end > bytes.length) throw bad(`tensor '${name}' does not fit its shape or the file`);
    const data = new Ctor(count);
    new Uint8Array(data.buffer).set(bytes.subarray(base + begin, base + end));
    tensors.set(name, { shape: shape as number[], data });
  }
  return { metadata, tensors };
}
