/**
 * `search:` and `protocol:` — how a spec explores beyond its grid.
 *
 *   search:   { method: grid | random, trials: N, seed: S, halving: { min_epochs: r, eta: 3 } }
 *   protocol: { compare: optimizer.name, tune: [optimizer.lr], budget: 16, final_seeds: 10 }
 *
 * A random search draws `trials` configurations of the sweep's distributions (sweep keys written
 * as `loguniform(…)` etc.) from its own generator, seeded by `seed` alone, so the training seeds
 * never change which configurations are tried. Lists in the sweep stay grid axes, crossed with
 * the trials. Successive halving (Jamieson & Talwalkar 2016; Li et al. 2018, "Hyperband") trains
 * every configuration r epochs and keeps the best 1/eta of them at each rung until train.epochs.
 * The protocol is tune-then-test (Choi et al. 2019; Dodge et al. 2019): every arm of `compare`
 * gets the same budget of tuning trials judged on validation, and only each arm's chosen
 * configuration, retrained on fresh seeds, is measured on the test split.
 */
import { distinctValues, type Distribution } from './distribution.js';
import { show } from './errors.js';

export interface Halving {
  /** Epochs of the first rung (r). */
  min_epochs: number;
  /** Keep the best 1/eta of the configurations at each rung; rungs grow eta-fold. */
  eta: number;
}

export interface SearchSpec {
  method: 'grid' | 'random';
  /** Configurations drawn by a random search (0 for a grid). */
  trials: number;
  /** Seed of the search's own generator (independent of the training seeds). */
  seed: number;
  /** Swept key → the distribution a random search draws it from, in spec order. */
  space: Record<string, Distribution>;
  halving: Halving | null;
}

export interface ProtocolSpec {
  /** The axis whose values are compared (a swept list key, or "variant"). */
  compare: string;
  /** The keys each arm tunes: distributions of the sweep. */
  tune: string[];
  /** Tuning trials per arm (= search.trials). */
  budget: number;
  /** Seeds of the final, tested runs; disjoint from the tuning seeds. */
  final_seeds: number;
}

export const SEARCH_KEYS = ['method', 'trials', 'seed', 'halving'] as const;
export const HALVING_KEYS = ['min_epochs', 'eta'] as const;
export const PROTOCOL_KEYS = ['compare', 'tune', 'budget', 'final_seeds'] as const;
export const MAX_TRIALS = 10_000;
export const FINAL_SEEDS_DEFAULT = 10;

export const GRID_SEARCH: SearchSpec = { method: 'grid', trials: 0, seed: 0, space: {}, halving: null };

type Fail = (path: (string | number)[], message: string, onKey?: boolean) => never;
type Raw = Record<string, unknown>;
const isMap = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(raw: Raw, valid: readonly string[], path: (string | number)[], where: string, fail: Fail, suggest: (k: string, valid: readonly string[]) => string): void {
  for (const k of Object.keys(raw)) if (!valid.includes(k)) fail([...path, k], `unknown key ${show(k)} in ${where}${suggest(k, valid)}`, true);
}

function int(raw: Raw, key: string, path: (string | number)[], min: number, max: number, fail: Fail): number | undefined {
  const f: Fail = fail;
  if (!(key in raw) || raw[key] === null) return undefined;
  const v = raw[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) f([...path, key], `${path.join('.')}.${key} must be an integer from ${min} to ${max}, got ${show(v)}`);
  return v;
}

export interface SearchInputs {
  raw: unknown;
  protocolRaw: unknown;
  space: Record<string, Distribution>;
  /** Grid axes (list-valued sweep keys) and whether variants exist: what `compare` may name. */
  gridKeys: string[];
  hasVariants: boolean;
  fail: Fail;
  suggest: (k: string, valid: readonly string[]) => string;
}

/** Read and cross-check `search:` and `protocol:` against the sweep. */
export function readSearch(i: SearchInputs): { search: SearchSpec; protocol: ProtocolSpec | null } {
  const fail: Fail = i.fail;
  const suggest = i.suggest;
  const protocol = readProtocol(i);
  if (i.raw !== undefined && i.raw !== null && !isMap(i.raw)) fail(['search'], `search must be a map like { method: random, trials: 16, seed: 0 }, got ${show(i.raw)}`);
  const raw: Raw = isMap(i.raw) ? i.raw : {};
  unknownKeys(raw, SEARCH_KEYS, ['search'], 'search', fail, suggest);
  const hasSpace = Object.keys(i.space).length > 0;
  let method: 'grid' | 'random' = hasSpace || protocol ? 'random' : 'grid';
  if ('method' in raw) {
    const m = raw['method'];
    if (m !== 'grid' && m !== 'random') fail(['search', 'method'], `search.method must be grid or random, got ${show(m)}${suggest(String(m), ['grid', 'random'])}`);
    method = m as 'grid' | 'random';
  }
  const firstDist = Object.keys(i.space)[0];
  if (method === 'grid' && hasSpace) fail(['sweep', firstDist!], `sweep ${firstDist} is a distribution, which a grid cannot enumerate — set search: { method: random, trials: 16 } or list the values, e.g. [0.001, 0.01, 0.1]`);
  if (method === 'random' && !hasSpace) fail(['search', 'method'], 'a random search needs at least one sweep key written as a distribution, e.g. optimizer.lr: loguniform(0.001, 1)');
  let trials = int(raw, 'trials', ['search'], 1, MAX_TRIALS, fail) ?? 0;
  if (method === 'grid' && 'trials' in raw) fail(['search', 'trials'], 'search.trials applies to a random search; a grid runs every combination — remove trials or set method: random');
  if (protocol) {
    if ('trials' in raw && trials !== protocol.budget) fail(['search', 'trials'], `search.trials (${trials}) and protocol.budget (${protocol.budget}) disagree: the budget is the trials each arm gets — remove search.trials`);
    trials = protocol.budget;
  }
  if (method === 'random' && trials === 0) fail(hasSpace && !('search' in raw) ? ['sweep', firstDist!] : ['search'], 'a random search needs a number of trials: add search: { method: random, trials: 16 } (or pass --trials 16)');
  const seed = int(raw, 'seed', ['search'], 0, 2 ** 32 - 1, fail) ?? 0;
  let halving: Halving | null = null;
  if ('halving' in raw && raw['halving'] !== null) {
    const h = raw['halving'];
    if (!isMap(h)) fail(['search', 'halving'], `search.halving must be a map like { min_epochs: 1, eta: 3 }, got ${show(h)}`);
    unknownKeys(h, HALVING_KEYS, ['search', 'halving'], 'search.halving', fail, suggest);
    const r = int(h, 'min_epochs', ['search', 'halving'], 1, 100_000, fail);
    const eta = int(h, 'eta', ['search', 'halving'], 2, 100, fail) ?? 3;
    if (r === undefined) fail(['search', 'halving'], 'search.halving needs min_epochs, the epochs of the first rung, e.g. { min_epochs: 1, eta: 3 }');
    // Its fit with train.epochs is checked with the other rules a search keeps (validate.ts checkSearchRules).
    halving = { min_epochs: r, eta };
  }
  if (protocol) {
    const arms = protocol.compare === 'variant' ? null : protocol.compare;
    if (arms !== null && !i.gridKeys.includes(arms)) {
      const choices = [...i.gridKeys, ...(i.hasVariants ? ['variant'] : [])];
      fail(['protocol', 'compare'], `protocol.compare ${show(arms)} must be a sweep key with a list of values (the arms)${choices.length ? `; choose one of: ${choices.join(', ')}` : ', e.g. optimizer.name: [sgd, adam] in sweep'}`);
    }
    if (arms === null && !i.hasVariants) fail(['protocol', 'compare'], 'protocol.compare is "variant" but the spec has no variants');
    for (const [j, k] of protocol.tune.entries()) {
      if (!(k in i.space)) fail(['protocol', 'tune', j], `protocol.tune ${show(k)} must be a sweep key written as a distribution, e.g. sweep: { ${k}: loguniform(0.001, 1) }`);
    }
    const extra = i.gridKeys.filter((k) => k !== arms);
    if (extra.length > 0) fail(['sweep', extra[0]!], `with a protocol, the only grid axis is protocol.compare (${protocol.compare}); ${extra[0]} would be another axis of arms — tune it (a distribution) or fix its value`);
  }
  return { search: { method, trials: method === 'random' ? trials : 0, seed, space: i.space, halving }, protocol };
}

function readProtocol(i: SearchInputs): ProtocolSpec | null {
  const fail: Fail = i.fail;
  const suggest = i.suggest;
  const raw = i.protocolRaw;
  if (raw === undefined || raw === null) return null;
  if (!isMap(raw)) fail(['protocol'], `protocol must be a map like { compare: optimizer.name, tune: [optimizer.lr], budget: 16, final_seeds: 10 }, got ${show(raw)}`);
  unknownKeys(raw, PROTOCOL_KEYS, ['protocol'], 'protocol', fail, suggest);
  const compare = raw['compare'];
  if (typeof compare !== 'string' || compare === '') fail(['protocol'], 'protocol needs compare: the key whose values are compared, e.g. compare: optimizer.name');
  const tune = raw['tune'];
  if (!Array.isArray(tune) || tune.length === 0 || !tune.every((t) => typeof t === 'string')) {
    fail(['protocol', 'tune'], `protocol.tune must be a list of the keys each arm tunes, e.g. [optimizer.lr], got ${show(tune)}`);
  }
  if (new Set(tune).size !== tune.length) fail(['protocol', 'tune'], 'protocol.tune lists a key twice');
  if (tune.includes(compare)) fail(['protocol', 'tune'], `protocol.tune includes ${compare}, the key being compared`);
  const budget = int(raw, 'budget', ['protocol'], 1, MAX_TRIALS, fail);
  if (budget === undefined) fail(['protocol'], 'protocol needs budget: the tuning trials every arm gets, e.g. budget: 16');
  const finalSeeds = int(raw, 'final_seeds', ['protocol'], 2, 1000, fail) ?? FINAL_SEEDS_DEFAULT;
  return { compare, tune: [...(tune as string[])], budget, final_seeds: finalSeeds };
}

/** The columns runs.csv adds for a search, after the swept keys. */
export function searchColumns(search: SearchSpec, protocol: ProtocolSpec | null): string[] {
  return [
    ...Object.keys(search.space),
    ...(search.method === 'random' ? ['trial'] : []),
    ...(search.halving ? ['rung'] : []),
    ...(protocol ? ['stage'] : []),
  ];
}

/**
 * A random search over a small space would have to exhaust it: trials are distinct, so each
 * redraw of a value already tried is a wait, and the last trials are no longer random. Ask for
 * a space at least twice the trials (else: a grid tries each configuration once).
 */
export function capacityProblem(search: Pick<SearchSpec, 'method' | 'trials' | 'space'>): string | null {
  if (search.method !== 'random' || Object.keys(search.space).length === 0) return null;
  const size = Object.values(search.space).reduce((n, d) => Math.min(1e9, n * distinctValues(d)), 1);
  if (size >= 2 * search.trials) return null;
  return `the search space holds only ${size} distinct configurations (real draws keep 4 significant digits); ${search.trials} trials need at least ${2 * search.trials}, so that draws stay random — lower trials to ${Math.max(1, Math.floor(size / 2))}, list the values as a grid to try each once, or widen the distributions`;
}
