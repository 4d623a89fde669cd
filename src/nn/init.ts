/**
 * Weight initializers. An Initializer draws one value given the layer's fans;
 * `fillInit` applies it to a whole matrix in row-major order (so a seed fixes
 * every weight). For a Dense layer W is [fanIn, fanOut].
 *
 * The normal variants are plain (untruncated) normals; uniform U(-a, a) has
 * variance a²/3, which is how each "uniform" limit below is derived from the
 * variance its paper asks for.
 */
import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import { unknownNameMessage } from './names.js';

export type Initializer = (fanIn: number, fanOut: number, rng: Rng) => number;

interface InitEntry {
  /** Allowed numbers of arguments, e.g. [1, 2] for normal(std) / normal(mean, std). */
  arity: readonly number[];
  usage: string;
  make(args: number[]): Initializer;
}

const uniform = (a: number): Initializer => (_i, _o, rng) => rng.uniformRange(-a, a);
const normal = (mean: number, std: number): Initializer => (_i, _o, rng) => rng.normal(mean, std);

function positive(name: string, what: string, v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) throw new Error(`init ${name}: ${what} must be a positive number, got ${v}`);
  return v;
}

export const INITIALIZERS = {
  /** All zeros (biases; weights only for demonstrating symmetry). */
  zeros: { arity: [0], usage: 'zeros', make: () => () => 0 },
  /** constant(c): every value c (e.g. constant(0.1) for ReLU biases). */
  constant: { arity: [1], usage: 'constant(c)', make: ([c]) => () => c! },
  /** normal(std) or normal(mean, std): N(mean, std²), mean 0 by default. */
  normal: {
    arity: [1, 2],
    usage: 'normal(std) or normal(mean, std)',
    make: (a) => (a.length === 1 ? normal(0, positive('normal', 'std', a[0]!)) : normal(a[0]!, positive('normal', 'std', a[1]!))),
  },
  /** uniform(a): U(-a, a). */
  uniform: { arity: [1], usage: 'uniform(a)', make: ([a]) => uniform(positive('uniform', 'a', a!)) },
  /** Glorot & Bengio 2010, "Understanding the difficulty of training deep feedforward neural networks":
   *  Var = 2/(fanIn+fanOut), i.e. U(-a, a) with a = √(6/(fanIn+fanOut)). */
  xavier_uniform: {
    arity: [0], usage: 'xavier_uniform',
    make: () => (i, o, rng) => rng.uniformRange(-1, 1) * Math.sqrt(6 / (i + o)),
  },
  /** Glorot & Bengio 2010: N(0, 2/(fanIn+fanOut)). */
  xavier_normal: {
    arity: [0], usage: 'xavier_normal',
    make: () => (i, o, rng) => rng.normal(0, Math.sqrt(2 / (i + o))),
  },
  /** He et al. 2015, "Delving deep into rectifiers": Var = 2/fanIn, i.e. U(-a, a) with a = √(6/fanIn). */
  he_uniform: {
    arity: [0], usage: 'he_uniform',
    make: () => (i, _o, rng) => rng.uniformRange(-1, 1) * Math.sqrt(6 / i),
  },
  /** He et al. 2015: N(0, 2/fanIn). */
  he_normal: {
    arity: [0], usage: 'he_normal',
    make: () => (i, _o, rng) => rng.normal(0, Math.sqrt(2 / i)),
  },
  /** LeCun et al. 1998, "Efficient BackProp": N(0, 1/fanIn). */
  lecun_normal: {
    arity: [0], usage: 'lecun_normal',
    make: () => (i, _o, rng) => rng.normal(0, Math.sqrt(1 / i)),
  },
  /** LeCun et al. 1998: Var = 1/fanIn, i.e. U(-a, a) with a = √(3/fanIn). */
  lecun_uniform: {
    arity: [0], usage: 'lecun_uniform',
    make: () => (i, _o, rng) => rng.uniformRange(-1, 1) * Math.sqrt(3 / i),
  },
  /** N(0, 1/max(fanIn, fanOut)): the conservative choice of older course material. */
  normal_maxfan: {
    arity: [0], usage: 'normal_maxfan',
    make: () => (i, o, rng) => rng.normal(0, Math.sqrt(1 / Math.max(i, o))),
  },
} as const satisfies Record<string, InitEntry>;

export type InitName = keyof typeof INITIALIZERS;

export function initNames(): InitName[] {
  return Object.keys(INITIALIZERS) as InitName[];
}

const EXPR = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*([^()]*?)\s*\))?\s*$/;

/** Parse "xavier_uniform", "normal(0.01)", "normal(0, 0.01)", "constant(0.1)" into an Initializer. */
export function parseInit(expr: string): Initializer {
  const m = EXPR.exec(String(expr));
  if (!m) {
    throw new Error(`init '${expr}': expected a name or name(args), e.g. "he_normal" or "normal(0.01)"; valid: ${initNames().join(', ')}`);
  }
  const name = m[1]!;
  const entry: InitEntry | undefined = (INITIALIZERS as Record<string, InitEntry>)[name];
  if (!entry) throw new Error(`init '${expr}': ${unknownNameMessage('initializer', name, initNames())}`);
  const rawArgs = m[2] === undefined || m[2] === '' ? [] : m[2].split(',').map((s) => s.trim());
  const args = rawArgs.map(Number);
  const bad = rawArgs.findIndex((s, k) => s === '' || !Number.isFinite(args[k]!));
  if (bad >= 0) throw new Error(`init '${expr}': argument '${rawArgs[bad]}' is not a number; usage: ${entry.usage}`);
  if (!entry.arity.includes(args.length)) {
    throw new Error(`init '${expr}': ${name} takes ${entry.arity.join(' or ')} argument(s), got ${args.length}; usage: ${entry.usage}`);
  }
  return entry.make(args);
}

/** For spec validation: null when `expr` parses, else the error message. */
export function validateInit(expr: string): string | null {
  try {
    parseInit(expr);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Fill `m` from `init` in row-major order. */
export function fillInit(m: Matrix, init: Initializer, fanIn: number, fanOut: number, rng: Rng): Matrix {
  const d = m.data;
  for (let k = 0; k < d.length; k++) d[k] = init(fanIn, fanOut, rng);
  return m;
}
