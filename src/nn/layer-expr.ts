/**
 * Layer expressions, the text of a spec's `model.layers:` list, in the style of
 * the initializers: a name, optionally with arguments, positional first and
 * then by keyword:
 *   conv2d(16, 5)  conv2d(32, 3, stride=2, padding=1)  maxpool(2)  avgpool(2)
 *   flatten  dense(128)  dropout(0.5)  batchnorm  relu  tanh ...
 * Parsing gives each expression its canonical text (defaults dropped, one
 * spacing), so two ways of writing the same layer make the same run.
 */
import { activationNames } from './activations.js';
import { unknownNameMessage } from './names.js';

interface ArgSpec {
  name: string;
  /** Default; undefined = required. A string default names another argument (stride defaults to the kernel). */
  default?: number | string;
  integer: boolean;
  min: number;
  /** Exclusive upper bound, if any. */
  below?: number;
}

const int = (name: string, min: number, def?: number | string): ArgSpec => ({ name, integer: true, min, default: def });

export const LAYER_ARGS: Readonly<Record<string, readonly ArgSpec[]>> = {
  conv2d: [int('filters', 1), int('kernel', 1), int('stride', 1, 1), int('padding', 0, 0)],
  maxpool: [int('kernel', 1), int('stride', 1, 'kernel')],
  avgpool: [int('kernel', 1), int('stride', 1, 'kernel')],
  dense: [int('units', 1)],
  dropout: [{ name: 'p', integer: false, min: 0, below: 1 }],
  flatten: [],
  batchnorm: [],
  ...Object.fromEntries(activationNames().map((a) => [a, []])),
};

export function layerNames(): string[] {
  return Object.keys(LAYER_ARGS);
}

export function usage(name: string): string {
  const args = LAYER_ARGS[name] ?? [];
  if (args.length === 0) return name;
  return `${name}(${args.map((a) => (a.default === undefined ? a.name : `${a.name}=${a.default}`)).join(', ')})`;
}

export interface LayerExpr {
  name: string;
  /** Every argument by name, defaults filled. */
  args: Record<string, number>;
  /** Canonical text: positional required arguments, keywords only where they differ from the default. */
  text: string;
}

const EXPR = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*([^()]*?)\s*\))?\s*$/;
/** Upper bound on any size argument: far beyond any image or width nnlab can train. */
const MAX_ARG = 65536;

/** Parse one expression; throws an Error whose message says what is wrong and how to write it. */
export function parseLayerExpr(source: string): LayerExpr {
  const m = EXPR.exec(source);
  if (!m) throw new Error(`'${source}' is not a layer expression; write a name or name(args), e.g. conv2d(16, 5), maxpool(2), dense(128), relu`);
  const name = m[1]!.toLowerCase();
  const specs = LAYER_ARGS[name];
  if (specs === undefined) throw new Error(unknownNameMessage('layer', m[1]!, layerNames()));
  const raw = m[2] === undefined || m[2] === '' ? [] : m[2].split(',').map((s) => s.trim());
  const args: Record<string, number> = {};
  let keywords = false;
  raw.forEach((piece, i) => {
    const kw = /^([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(piece);
    let spec: ArgSpec | undefined;
    let valueText: string;
    if (kw) {
      keywords = true;
      spec = specs.find((s) => s.name === kw[1]);
      if (!spec) throw new Error(`${name} has no argument '${kw[1]}'; usage: ${usage(name)}`);
      valueText = kw[2]!;
    } else {
      if (keywords) throw new Error(`${source}: a positional argument follows a keyword one; usage: ${usage(name)}`);
      spec = specs[i];
      if (!spec) throw new Error(`${name} takes at most ${specs.length} argument(s), got ${raw.length}; usage: ${usage(name)}`);
      valueText = piece;
    }
    if (spec.name in args) throw new Error(`${name}: argument '${spec.name}' given twice; usage: ${usage(name)}`);
    const v = valueText === '' ? NaN : Number(valueText);
    const rule = `${spec.integer ? 'an integer' : 'a number'} ${spec.below !== undefined ? `in [${spec.min}, ${spec.below})` : `from ${spec.min} to ${MAX_ARG}`}`;
    if (!Number.isFinite(v) || (spec.integer && !Number.isInteger(v)) || v < spec.min || (spec.below !== undefined && v >= spec.below) || v > MAX_ARG) {
      throw new Error(`${name}: ${spec.name} must be ${rule}, got '${valueText}'; usage: ${usage(name)}`);
    }
    args[spec.name] = v;
  });
  for (const s of specs) {
    if (s.name in args) continue;
    if (s.default === undefined) throw new Error(`${name} needs its ${s.name}; usage: ${usage(name)}`);
    args[s.name] = typeof s.default === 'string' ? args[s.default]! : s.default;
  }
  return { name, args, text: canonical(name, specs, args) };
}

function canonical(name: string, specs: readonly ArgSpec[], args: Record<string, number>): string {
  const parts: string[] = [];
  for (const s of specs) {
    const v = args[s.name]!;
    if (s.default === undefined) parts.push(String(v));
    else if (v !== (typeof s.default === 'string' ? args[s.default] : s.default)) parts.push(`${s.name}=${v}`);
  }
  return parts.length === 0 ? name : `${name}(${parts.join(', ')})`;
}

/**
 * A YAML flow list splits `[conv2d(16, 5), relu]` at the comma inside the
 * parentheses into "conv2d(16" and "5)". Join such pieces back while a
 * parenthesis is open, so the spec can be written the way it reads.
 * Returns the expressions' texts, or null when an item is not text or a number.
 */
export function joinPieces(items: readonly unknown[]): string[] | null {
  const out: string[] = [];
  let open = '';
  for (const item of items) {
    if (typeof item !== 'string' && typeof item !== 'number') return null;
    const s = String(item);
    const text = open === '' ? s : `${open}, ${s}`;
    const depth = (text.match(/\(/g) ?? []).length - (text.match(/\)/g) ?? []).length;
    if (depth > 0) open = text;
    else {
      out.push(text);
      open = '';
    }
  }
  if (open !== '') out.push(open);
  return out;
}
