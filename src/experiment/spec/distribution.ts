/**
 * Search distributions: what a random search draws a swept key from, written in a spec the way
 * initializers are (`loguniform(0.001, 1)`), so a list stays a grid axis and a call is a draw.
 *
 *   loguniform(a, b)   exp(U(ln a, ln b)), 0 < a < b        — learning rates, weight decay
 *   uniform(a, b)      U(a, b), a < b                        — momentum, dropout
 *   intuniform(a, b)   an integer in [a, b], each equally likely
 *   choice(x, y, …)    one of the values, each equally likely
 *
 * Real draws keep 4 significant digits: a value a reader can copy from a table and rerun
 * (`--set optimizer.lr=0.01234`) gives the same run, and 4 digits are far finer than any
 * hyperparameter's effect.
 */
import { parseDocument } from 'yaml';
import type { Rng } from '../../tensor/rng.js';
import { show } from './errors.js';

export type Distribution =
  | { kind: 'loguniform'; low: number; high: number }
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'intuniform'; low: number; high: number }
  | { kind: 'choice'; values: unknown[] };

export const DISTRIBUTION_NAMES = ['loguniform', 'uniform', 'intuniform', 'choice'] as const;

const CALL = /^\s*([A-Za-z_]\w*)\s*\(([\s\S]*)\)\s*$/;

/** Split "a, [1, 2], b" at the commas that are not inside brackets or quotes. */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0, quote: string | null = null, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

/** One argument as YAML reads it (`0.001` a number, `[100]` a list, `adam` a string); undefined if unreadable. */
function yamlValue(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'silent' });
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  return doc.toJS({ maxAliasCount: 0 });
}

export type Parsed = { ok: true; dist: Distribution } | { ok: false; error: string };

/**
 * Parse `loguniform(0.001, 1)` and friends for `key`. `checkValue` checks one value as the field
 * would (so `choice(sgd, adma)` fails at its typo and `uniform(0.5, 1.5)` for momentum fails at
 * its bound).
 */
export function parseDistribution(text: string, key: string, checkValue: (v: unknown) => string | null): Parsed {
  const m = CALL.exec(text);
  const fail = (error: string): Parsed => ({ ok: false, error });
  const example = `e.g. ${key}: loguniform(0.001, 1), uniform(0.5, 0.99), intuniform(16, 256) or choice(sgd, adam)`;
  if (!m && /^\s*\w+\s*\([^)]*$/.test(text)) {
    // YAML cut `{ optimizer.lr: loguniform(0.001, 1) }` at its comma.
    return fail(`${key}: ${show(text)} is cut at a comma: inside { … } YAML splits at commas, so quote the distribution ("loguniform(0.001, 1)") or write the sweep as a block, one key per line`);
  }
  if (!m) return fail(`${key}: ${show(text)} is not a distribution; ${example}`);
  const name = m[1]!;
  if (!(DISTRIBUTION_NAMES as readonly string[]).includes(name)) {
    return fail(`${key}: unknown distribution ${show(name)} — use ${DISTRIBUTION_NAMES.join(', ')} (${example}), or a list of values for a grid`);
  }
  const rawArgs = m[2]!.trim() === '' ? [] : splitTopLevel(m[2]!);
  const args = rawArgs.map(yamlValue);
  const bad = args.findIndex((a) => a === undefined);
  if (bad >= 0) return fail(`${key}: cannot read argument ${bad + 1} of ${name}(…): ${show(rawArgs[bad])}`);
  if (name === 'choice') {
    if (args.length < 1) return fail(`${key}: choice() needs at least one value, e.g. choice(sgd, adam)`);
    for (const v of args) {
      const e = checkValue(v);
      if (e !== null) return fail(`${key}: choice value ${show(v)}: ${e}`);
    }
    const seen = new Set(args.map((a) => JSON.stringify(a)));
    if (seen.size !== args.length) return fail(`${key}: choice(…) lists a value twice — remove the duplicate`);
    return { ok: true, dist: { kind: 'choice', values: args } };
  }
  if (args.length !== 2 || !args.every((a) => typeof a === 'number' && Number.isFinite(a))) {
    return fail(`${key}: ${name} takes two numbers, low and high, e.g. ${name}(${name === 'intuniform' ? '16, 256' : name === 'loguniform' ? '0.001, 1' : '0.5, 0.99'}), got ${show(text)}`);
  }
  const [low, high] = args as [number, number];
  if (!(low < high)) return fail(`${key}: ${name}(${low}, ${high}) needs low < high`);
  if (name === 'loguniform' && !(low > 0)) return fail(`${key}: loguniform needs low > 0 (it draws on a log scale), got ${low}; use uniform for ranges through 0`);
  if (name === 'intuniform' && !(Number.isInteger(low) && Number.isInteger(high))) return fail(`${key}: intuniform takes whole numbers, got ${show(text)}`);
  for (const v of [low, high]) {
    const e = checkValue(v);
    if (e !== null) return fail(`${key}: ${name}(${low}, ${high}): the bound ${v} is not a valid value: ${e}`);
  }
  if (name !== 'intuniform') {
    // A real draw between the bounds: a field of whole numbers (batch size, widths) refuses it.
    const e = checkValue(keep4(low + (high - low) * 0.5137));
    if (e !== null) return fail(`${key}: ${name} draws real numbers, but ${e}; use intuniform(${Math.ceil(low)}, ${Math.floor(high)}) for whole numbers`);
  }
  return { ok: true, dist: { kind: name as 'loguniform' | 'uniform' | 'intuniform', low, high } };
}

/** Four significant digits (see the module comment). */
function keep4(x: number): number {
  return Number(x.toPrecision(4));
}

/** One draw. Rounding can land on a bound; it never leaves [low, high]. */
export function draw(d: Distribution, rng: Rng): unknown {
  switch (d.kind) {
    case 'loguniform':
      return Math.min(d.high, Math.max(d.low, keep4(Math.exp(rng.uniformRange(Math.log(d.low), Math.log(d.high))))));
    case 'uniform':
      return Math.min(d.high, Math.max(d.low, keep4(rng.uniformRange(d.low, d.high))));
    case 'intuniform':
      return d.low + rng.int(d.high - d.low + 1);
    case 'choice':
      return structuredClone(d.values[rng.int(d.values.length)]);
  }
}

/** How many distinct values a distribution can give: real ranges hold the 4-significant-digit numbers between their bounds. */
export function distinctValues(d: Distribution): number {
  if (d.kind === 'choice') return d.values.length;
  if (d.kind === 'intuniform') return d.high - d.low + 1;
  return fourDigitCount(d.low, d.high);
}

/** Numbers with at most 4 significant digits in [lo, hi] (capped: past a million it makes no difference here). */
export function fourDigitCount(lo: number, hi: number): number {
  const CAP = 1e6;
  if (lo > hi) return 0;
  if (hi < 0) return fourDigitCount(-hi, -lo);
  // Through zero: the negatives (zero counted once, on the right) and [0, hi].
  if (lo < 0) return Math.min(CAP, fourDigitCount(0, -lo) - 1 + fourDigitCount(0, hi));
  let n = lo === 0 ? 1 : 0;
  const a = lo === 0 ? Number.MIN_VALUE : lo;
  for (let e = Math.floor(Math.log10(a)); 10 ** e <= hi && n < CAP; e++) {
    // In [10^e, 10^(e+1)) the 4-digit numbers are k·10^(e−3) for k = 1000 … 9999.
    const step = 10 ** (e - 3);
    const first = Math.max(1000, Math.ceil(Math.max(a, 10 ** e) / step - 1e-9));
    const last = Math.min(9999, Math.floor(hi / step + 1e-9));
    if (last >= first) n += last - first + 1;
    if (e < -330) break;
  }
  return Math.min(n, CAP);
}

/** As written in a spec: `loguniform(0.001, 1)`. */
export function formatDistribution(d: Distribution): string {
  if (d.kind === 'choice') return `choice(${d.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')})`;
  return `${d.kind}(${d.low}, ${d.high})`;
}
