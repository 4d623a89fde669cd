/**
 * Every key a spec's config sections can set, by dotted name, with its check,
 * its meaning and its JSON-schema fragment. The validator, the sweep and
 * --set checks, the JSON schema and the docs test all read this one table, so
 * a key cannot be accepted in one place and unknown in another.
 */
import { show } from './errors.js';
import { suggestion, commaSplitHint } from './suggest.js';
import {
  ACTIVATION_NAMES,
  DATASET_NAMES,
  INIT_NAMES,
  LOSS_NAMES,
  OPTIMIZER_NAME_LIST,
  SCHEDULE_NAME_LIST,
  validateInit,
} from './names.js';
import { joinPieces, parseLayerExpr } from '../../nn/layer-expr.js';

/** A checked value, or the one-line reason it is wrong (the message already names the key). */
export type Checked = { ok: true; value: unknown } | { ok: false; error: string };

export interface Field {
  check(v: unknown, key: string): Checked;
  /** JSON-schema fragment for editors. */
  schema: Record<string, unknown>;
  doc: string;
}

const ok = (value: unknown): Checked => ({ ok: true, value });
const bad = (key: string, rule: string, v: unknown): Checked => ({ ok: false, error: `${key} must be ${rule}, got ${show(v)}` });

function number(rule: string, test: (x: number) => boolean, schema: Record<string, unknown>, doc: string): Field {
  return {
    check: (v, key) => (typeof v === 'number' && Number.isFinite(v) && test(v) ? ok(v) : bad(key, rule, v)),
    schema: { type: 'number', ...schema },
    doc,
  };
}

const positive = (doc: string) => number('a positive number', (x) => x > 0, { exclusiveMinimum: 0 }, doc);
const nonNegative = (doc: string) => number('a number >= 0', (x) => x >= 0, { minimum: 0 }, doc);
/** [0, 1): dropout, decay rates — 1 would drop everything or freeze an average forever. */
const unitOpen = (doc: string) => number('a number in [0, 1)', (x) => x >= 0 && x < 1, { minimum: 0, exclusiveMaximum: 1 }, doc);
const openUnit = (doc: string) => number('a number in (0, 1)', (x) => x > 0 && x < 1, { exclusiveMinimum: 0, exclusiveMaximum: 1 }, doc);
const unitHalf = (doc: string) => number('a number in (0, 1]', (x) => x > 0 && x <= 1, { exclusiveMinimum: 0, maximum: 1 }, doc);
const range = (lo: number, hi: number, doc: string) =>
  number(`a number from ${lo} to ${hi}`, (x) => x >= lo && x <= hi, { minimum: lo, maximum: hi }, doc);

function integer(min: number, max: number, doc: string): Field {
  const rule = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return {
    check: (v, key) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? ok(v) : bad(key, rule, v)),
    schema: { type: 'integer', minimum: min, ...(max === Number.MAX_SAFE_INTEGER ? {} : { maximum: max }) },
    doc,
  };
}

function nullable(f: Field): Field {
  return {
    check: (v, key) => {
      if (v === null) return ok(null);
      const r = f.check(v, key);
      return r.ok ? r : { ok: false, error: r.error.replace(/ must be (.*), got /, ' must be $1 or null, got ') };
    },
    schema: { ...f.schema, type: [f.schema['type'], 'null'] },
    doc: f.doc,
  };
}

function boolean(doc: string): Field {
  return { check: (v, key) => (typeof v === 'boolean' ? ok(v) : bad(key, 'true or false', v)), schema: { type: 'boolean' }, doc };
}

/** One of a registry's names; an unknown one gets the closest suggestion and the full list. */
function oneOf(what: string, names: readonly string[], doc: string): Field {
  return {
    check: (v, key) => {
      if (typeof v !== 'string') return bad(key, `one of ${names.join(', ')}`, v);
      return names.includes(v) ? ok(v) : { ok: false, error: `unknown ${what} ${show(v)} for ${key}${suggestion(v, names)}` };
    },
    schema: { type: 'string', enum: [...names] },
    doc,
  };
}

/** An initializer expression, checked by the initializer registry itself. */
function initExpr(doc: string): Field {
  return {
    check: (v, key) => {
      if (typeof v !== 'string') {
        return bad(key, `an initializer such as he_normal, xavier_uniform, normal(0.01), constant(0.1) or zeros`, v);
      }
      const err = validateInit(v);
      if (err === null) return ok(v.trim());
      const cut = commaSplitHint(v);
      if (cut) return { ok: false, error: `${key} ${show(v)} is not an initializer${cut}` };
      const name = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(v)?.[1];
      if (name !== undefined && !INIT_NAMES.includes(name)) {
        return { ok: false, error: `unknown initializer ${show(name)} in ${key}${suggestion(name, INIT_NAMES)}` };
      }
      return { ok: false, error: `${key}: ${err}` };
    },
    schema: { type: 'string', pattern: `^\\s*(${INIT_NAMES.join('|')})\\s*(\\(.*\\))?\\s*$` },
    doc,
  };
}

/** Most entries of model.hidden or model.sizes: deeper plain MLPs do not train, and epochs.csv has columns per layer. */
const MAX_LAYERS = 64;

function widths(minLength: number, doc: string): Field {
  const rule = minLength === 0 ? 'a list of layer widths (integers >= 1), e.g. [256, 128]' : `a list of at least ${minLength} layer sizes (integers >= 1), e.g. [784, 100, 10]`;
  return {
    check: (v, key) => {
      if (Array.isArray(v) && v.length > MAX_LAYERS) {
        return { ok: false, error: `${key} has ${v.length} ${minLength === 0 ? 'hidden layers' : 'sizes'}; at most ${MAX_LAYERS} are allowed` };
      }
      if (!Array.isArray(v) || v.length < minLength) return bad(key, rule, v);
      const i = v.findIndex((w) => typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > 65536);
      return i >= 0 ? { ok: false, error: `${key}[${i}] must be a layer width from 1 to 65536, got ${show(v[i])}` } : ok([...v]);
    },
    schema: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 65536 }, minItems: minLength, maxItems: MAX_LAYERS },
    doc,
  };
}

/** A list of layer expressions (src/nn/layer-expr.ts), each parsed to its canonical text; null = use hidden. */
function layerList(doc: string): Field {
  const rule = 'a list of layer expressions like [conv2d(16, 5), relu, maxpool(2), flatten, dense(10)], or null';
  return {
    check: (v, key) => {
      if (v === null) return ok(undefined); // absent, so MLP configs keep their run ids
      const texts = Array.isArray(v) ? joinPieces(v) : null;
      if (texts === null) return bad(key, rule, v);
      if (texts.length === 0) return { ok: false, error: `${key} is empty; list the layers, e.g. [dense(100), relu, dense(10)], or remove the key` };
      if (texts.length > MAX_STACK) return { ok: false, error: `${key} has ${texts.length} layers; at most ${MAX_STACK} are allowed` };
      const out: string[] = [];
      for (let i = 0; i < texts.length; i++) {
        try {
          out.push(parseLayerExpr(texts[i]!).text);
        } catch (e) {
          return { ok: false, error: `${key}: layer ${i + 1} ${show(texts[i])}: ${(e as Error).message}` };
        }
      }
      return ok(out);
    },
    schema: { type: ['array', 'null'], items: { type: ['string', 'number'] }, minItems: 1 },
    doc,
  };
}

/** One of `names`, or null; absent by default (null → absent, so configs without it keep their run ids). */
function optionalOneOf(what: string, names: readonly string[], doc: string): Field {
  const f = oneOf(what, names, doc);
  return { ...f, check: (v, key) => (v === null ? ok(undefined) : f.check(v, key)), schema: { ...f.schema, type: ['string', 'null'] } };
}

/** csv regression targets: a non-empty list of column names or 0-based indices. */
function columnList(doc: string): Field {
  const rule = 'a list of target columns (names, or 0-based indices without a header), e.g. [price], or null';
  return {
    check: (v, key) => {
      if (v === null) return ok(undefined);
      const list = Array.isArray(v) ? v : [v];
      const good = list.length > 0 && list.every((c) => (typeof c === 'string' && c.length > 0) || (typeof c === 'number' && Number.isInteger(c) && c >= 0));
      return good ? ok([...list]) : bad(key, rule, v);
    },
    schema: { anyOf: [{ type: 'array', items: { type: ['string', 'integer'] }, minItems: 1 }, { type: ['string', 'integer', 'null'] }] },
    doc,
  };
}

/** An image shape [channels, height, width]; null = absent (flat). */
function imageShape(doc: string): Field {
  const rule = 'an image shape [channels, height, width] of positive integers, e.g. [1, 28, 28], or null';
  return {
    check: (v, key) => {
      if (v === null) return ok(undefined);
      const good = Array.isArray(v) && v.length === 3 && v.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65536);
      return good ? ok([...(v as number[])]) : bad(key, rule, v);
    },
    schema: { type: ['array', 'null'], items: { type: 'integer', minimum: 1, maximum: 65536 }, minItems: 3, maxItems: 3 },
    doc,
  };
}

/** Most expressions in model.layers. */
const MAX_STACK = 256;

function text(doc: string): Field {
  return {
    check: (v, key) => (v === null || (typeof v === 'string' && v.length > 0 && !v.includes('\0')) ? ok(v) : bad(key, 'a non-empty string or null', v)),
    schema: { type: ['string', 'null'] },
    doc,
  };
}

function label(doc: string): Field {
  return {
    check: (v, key) =>
      v === null || (typeof v === 'string' && v.length > 0) || (typeof v === 'number' && Number.isInteger(v) && v >= 0)
        ? ok(v)
        : bad(key, 'a column name, a 0-based column index, or null', v),
    schema: { type: ['string', 'integer', 'null'] },
    doc,
  };
}

const MAX_SEED = 2 ** 32 - 1;

/**
 * The leaf keys of the config sections. `model.sizes` is the one key with no
 * slot of its own: it is another way to write `model.hidden` (see resolve.ts).
 */
export const FIELDS = {
  'data.dataset': oneOf('dataset', DATASET_NAMES, 'Which dataset to train on.'),
  'data.train_size': nullable(integer(1, Number.MAX_SAFE_INTEGER, 'Use only the first N training samples (null = all); small values provoke overfitting.')),
  'data.val_size': nullable(integer(1, Number.MAX_SAFE_INTEGER, 'Validation set size (null = the dataset default: 10000 for mnist, else the test size).')),
  'data.test_fraction': openUnit('Fraction held out for testing on sets without a fixed test split.'),
  'data.split': oneOf('split', ['last', 'seeded'], 'last: validation from the end of the training data; seeded: shuffled by data_seed first.'),
  'data.data_seed': integer(0, MAX_SEED, 'Seed of the split and synthetic data; independent of the run seed so every run sees the same data.'),
  'data.scale': oneOf('scale', ['unit', 'standardize', 'none'], 'Input scaling fitted on the training rows.'),
  'data.samples': integer(10, 1_000_000, 'Synthetic sets: number of samples.'),
  'data.noise': nonNegative('Synthetic sets: noise standard deviation.'),
  'data.factor': openUnit('circles: inner/outer radius ratio.'),
  'data.arms': integer(2, 100, 'spirals: number of arms (= classes).'),
  'data.path': text('csv: path of the file (relative to the working directory).'),
  'data.label': label('csv: the label column, by header name or 0-based index.'),
  'data.header': boolean('csv: the first row is a header.'),
  'data.task': optionalOneOf('task', ['classification', 'regression'], 'csv: regression reads real-valued targets from the target columns (friedman is always regression).'),
  'data.target': columnList('csv regression: the target column(s), by header name or 0-based index.'),
  'data.target_scale': optionalOneOf('target scaling', ['standardize', 'none'], 'Regression targets: standardize (default; fitted on the training rows) or none. Metrics stay in the target units. Refused on class labels.'),
  'data.shape': imageShape('csv: each row is an image [channels, height, width], stored channels last (null = flat features).'),
  'data.augment.shift': integer(0, 8, 'Random shift of up to this many pixels (images only; 0 = off).'),
  'data.augment.rotate': range(0, 180, 'Random rotation of up to this many degrees (images only; 0 = off).'),
  'model.hidden': widths(0, 'Hidden layer widths; input and output widths come from the data and loss.'),
  'model.sizes': widths(2, 'Alternative to hidden: all layer sizes, input first and output last.'),
  'model.layers': layerList('The whole network as layer expressions, e.g. [conv2d(16, 5), relu, maxpool(2), flatten, dense(10)]; replaces hidden, activation, dropout and batch_norm.'),
  'model.activation': oneOf('activation', ACTIVATION_NAMES, 'Activation after every hidden layer.'),
  'model.leaky_slope': unitOpen('Negative-side slope of leaky_relu (a value no leaky_relu layer would read is refused).'),
  'model.init.weights': initExpr('Weight initializer.'),
  'model.init.biases': initExpr('Bias initializer.'),
  'model.dropout': unitOpen('Dropout probability after each hidden activation (0 = none).'),
  'model.input_dropout': unitOpen('Dropout probability on the input (0 = none).'),
  'model.batch_norm': boolean('Batch norm between each hidden Dense layer and its activation.'),
  'model.bn_momentum': unitHalf('Batch-norm running-average momentum (a value no batch-norm layer would read is refused).'),
  'model.bn_eps': positive('Batch-norm epsilon (a value no batch-norm layer would read is refused).'),
  loss: oneOf('loss', LOSS_NAMES, 'Loss function (also fixes the output layer).'),
  'regularization.l2': nonNegative('λ of the penalty (λ/2)·Σ‖W‖² added to the loss.'),
  'regularization.l2_biases': boolean('Apply L2 to biases too.'),
  'optimizer.name': oneOf('optimizer', OPTIMIZER_NAME_LIST, 'Optimizer.'),
  'optimizer.lr': positive('Learning rate.'),
  'optimizer.momentum': unitOpen('momentum/nesterov: velocity decay.'),
  'optimizer.beta1': unitOpen('adam/adamw: first-moment decay.'),
  'optimizer.beta2': unitOpen('adam/adamw: second-moment decay.'),
  'optimizer.rho': unitOpen('rmsprop: squared-gradient decay.'),
  'optimizer.eps': positive('rmsprop/adagrad/adam/adamw: denominator epsilon.'),
  'optimizer.weight_decay': nonNegative('adamw: decoupled weight decay.'),
  'schedule.name': oneOf('schedule', SCHEDULE_NAME_LIST, 'Learning-rate schedule.'),
  'schedule.step_size': integer(1, Number.MAX_SAFE_INTEGER, 'step: epochs between decays.'),
  'schedule.gamma': unitHalf('step: factor applied at each decay.'),
  'schedule.min_lr': nonNegative('cosine: the lr reached at the end of the run.'),
  'train.epochs': integer(1, 100_000, 'Epochs to train.'),
  'train.batch_size': integer(1, 1_000_000, 'Mini-batch size.'),
  'train.patience': nullable(integer(1, Number.MAX_SAFE_INTEGER, 'Stop after this many epochs without a better validation accuracy (null = off).')),
  'train.diagnostics': boolean('Record per-layer diagnostics every epoch.'),
  'train.probe_size': integer(1, 100_000, 'Size of the fixed probe batch used for diagnostics.'),
} as const satisfies Record<string, Field>;

export type FieldKey = keyof typeof FIELDS;
export const FIELD_KEYS = Object.keys(FIELDS) as FieldKey[];

export function isFieldKey(key: string): key is FieldKey {
  return Object.hasOwn(FIELDS, key);
}

/** Sections whose value may be written as a bare name: `optimizer: adam` means `optimizer: {name: adam}`. */
export const SHORTHAND: Readonly<Record<string, string>> = {
  data: 'dataset',
  optimizer: 'name',
  schedule: 'name',
  'model.init': 'weights',
};

/** The config sections (top-level keys holding fields) in spec order. */
export const CONFIG_SECTIONS = ['data', 'model', 'loss', 'regularization', 'optimizer', 'schedule', 'train'] as const;
