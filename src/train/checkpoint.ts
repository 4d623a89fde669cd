/**
 * A run's complete training state, so a killed run continues bit for bit where it was:
 * every parameter and buffer of every layer (batch-norm running statistics included), the
 * optimizer's per-parameter state, every random stream forked from the run's root Rng (shuffle,
 * augmentation, the layers' own dropout streams: whatever exists, found by walking the fork
 * tree), the visiting order of the training rows, the epoch and minibatch position, the history
 * recorded so far, and early stopping's best score and snapshot.
 *
 * The bytes are a safetensors file (nn/safetensors.ts): tensors for the arrays, and in the
 * metadata one JSON document for the rest, with the identity (nnlab version, backend, run id)
 * a resumed run must match: a checkpoint of anything else is refused, never mixed in.
 */
import type { Layer, Optimizer } from '../nn/layer.js';
import type { Param } from '../nn/param.js';
import type { OptimizerState } from '../nn/optim/state.js';
import { decodeSafetensors, encodeSafetensors, type Tensor } from '../nn/safetensors.js';
import type { FloatArray, Matrix } from '../tensor/matrix.js';
import type { Rng, RngState } from '../tensor/rng.js';
import type { EpochRecord } from './record.js';

export const CHECKPOINT_FORMAT = 'nnlab-checkpoint';
const VERSION = 1;

/** What a checkpoint must agree on with the run that resumes it (all strings, compared exactly). */
export type CheckpointIdentity = Record<string, string>;

/** The live objects of a run that a checkpoint reads from and writes back into. */
export interface TrainParts {
  model: { readonly layers: Layer[]; params(): Param[]; buffers(): Record<string, Matrix> };
  optimizer: Optimizer;
  /** The run's root stream: everything forked from it is saved. */
  rng: Rng;
  /** The training rows' visiting order (reshuffled in place each epoch). */
  order: Int32Array;
  /** Early stopping's best-model copy, if any. */
  snapshot: FloatArray[] | null;
}

/** The loop's own counters. */
export interface LoopState {
  /** Epochs recorded (0 = only the untrained model); training goes on with epoch + 1. */
  epoch: number;
  /** Minibatches of epoch + 1 already stepped. */
  batch: number;
  /** Whether epoch + 1's order is already drawn (a checkpoint taken inside that epoch, even before its first minibatch). */
  shuffled: boolean;
  /** Seconds the run had trained when saved (a resumed run counts on from here). */
  seconds: number;
  history: EpochRecord[];
  best: number;
  bestEpoch: number;
  sinceBest: number;
}

interface Header {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  identity: CheckpointIdentity;
  loop: LoopState;
  rngs: RngState[];
  /** Optimizer counters (Adam's t), by parameter then key; the arrays are tensors. */
  counters: Record<string, Record<string, number>>;
  params: string[];
  buffers: string[];
}

/** JSON has no NaN or ±Infinity (a run without a validation split records NaN): spell them. */
const replacer = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };
const reviver = (_k: string, v: unknown): unknown => (typeof v === 'string' && v in SPECIAL ? SPECIAL[v] : v);

const tensor = (data: FloatArray | Int32Array): Tensor => ({ shape: [data.length], data });

export function encodeCheckpoint(parts: TrainParts, loop: LoopState, identity: CheckpointIdentity): Uint8Array {
  const tensors = new Map<string, Tensor>();
  const params = parts.model.params(), buffers = parts.model.buffers();
  for (const p of params) tensors.set(`param/${p.name}`, tensor(p.value.data));
  for (const [name, m] of Object.entries(buffers)) tensors.set(`buffer/${name}`, tensor(m.data));
  if (!parts.optimizer.saveState) throw new Error(`optimizer '${parts.optimizer.name}' cannot be checkpointed (it has no saveState)`);
  const opt: OptimizerState = parts.optimizer.saveState(params);
  const counters: Header['counters'] = {};
  for (const [name, state] of Object.entries(opt)) {
    for (const [key, v] of Object.entries(state)) {
      if (typeof v === 'number') (counters[name] ??= {})[key] = v;
      else tensors.set(`optim/${name}/${key}`, tensor(v));
    }
  }
  parts.snapshot?.forEach((a, k) => tensors.set(`snapshot/${k}`, tensor(a)));
  tensors.set('order', tensor(parts.order));
  const header: Header = {
    format: CHECKPOINT_FORMAT,
    version: VERSION,
    identity,
    loop,
    rngs: parts.rng.streams().map((r) => r.state()),
    counters,
    params: params.map((p) => p.name),
    buffers: Object.keys(buffers),
  };
  return encodeSafetensors(tensors, { [CHECKPOINT_FORMAT]: JSON.stringify(header, replacer) });
}

export interface DecodedCheckpoint {
  header: Header;
  tensors: Map<string, Tensor>;
}

/** Parse a checkpoint's bytes; throws one line naming `what` if they are not an nnlab checkpoint. */
export function decodeCheckpoint(bytes: Uint8Array, what: string): DecodedCheckpoint {
  const { metadata, tensors } = decodeSafetensors(bytes, what);
  const text = metadata[CHECKPOINT_FORMAT];
  let header: Header | null = null;
  try {
    header = text === undefined ? null : (JSON.parse(text, reviver) as Header);
  } catch {
    header = null;
  }
  if (header?.format !== CHECKPOINT_FORMAT || header.version !== VERSION) {
    throw new Error(`${what}: not an nnlab checkpoint of format version ${VERSION}`);
  }
  return { header, tensors };
}

/** Null when the checkpoint was written for this identity, else the first difference, for one line. */
export function identityMismatch(saved: CheckpointIdentity, want: CheckpointIdentity): string | null {
  for (const k of Object.keys(want)) {
    if (saved[k] !== want[k]) return `it was written with ${k} ${saved[k] ?? '(none)'}, this run has ${k} ${want[k]}`;
  }
  return null;
}

/** Write a checkpoint's state back into a freshly built run; returns its loop counters. */
export function restoreCheckpoint(parts: TrainParts, ckpt: DecodedCheckpoint, what: string): LoopState {
  const { header, tensors } = ckpt;
  const fail = (why: string): Error => new Error(`${what}: ${why}; it is of another model or damaged — delete it to retrain the run from the start`);
  const take = (name: string, into: FloatArray | Int32Array): void => {
    const t = tensors.get(name);
    if (!t || t.data.length !== into.length) throw fail(`'${name}' is missing or has the wrong size`);
    into.set(t.data as ArrayLike<number>);
  };
  const params = parts.model.params(), buffers = parts.model.buffers();
  if (header.params.join('\n') !== params.map((p) => p.name).join('\n') || header.buffers.join('\n') !== Object.keys(buffers).join('\n')) {
    throw fail('its parameters differ from the model');
  }
  const streams = parts.rng.streams();
  if (streams.length !== header.rngs.length || streams.some((r, i) => r.seed !== header.rngs[i]!.seed)) throw fail('its random streams differ from the run');
  // (A restore that fails part-way leaves the run half-loaded; the trainer then fails the run, never trains on.)
  const opt: OptimizerState = {};
  for (const [name, t] of tensors) {
    const m = /^optim\/(.+)\/([^/]+)$/.exec(name);
    if (m) (opt[m[1]!] ??= {})[m[2]!] = t.data as FloatArray;
  }
  for (const [name, c] of Object.entries(header.counters)) Object.assign((opt[name] ??= {}), c);
  for (const p of params) take(`param/${p.name}`, p.value.data);
  for (const [name, m] of Object.entries(buffers)) take(`buffer/${name}`, m.data);
  parts.snapshot?.forEach((a, k) => take(`snapshot/${k}`, a));
  take('order', parts.order);
  if (!parts.optimizer.loadState) throw fail(`optimizer '${parts.optimizer.name}' cannot load state`);
  parts.optimizer.loadState(params, opt);
  streams.forEach((r, i) => r.setState(header.rngs[i]!));
  return header.loop;
}
