/**
 * The JSON Schema (draft 2020-12) of a spec file, built from the same field
 * table the validator uses. docs/spec.schema.json is this, written out; a
 * test fails if the two differ. It helps editors complete keys; the validator
 * stays the authority (it also checks cross-field rules a schema cannot).
 */
import { CONFIG_SECTIONS, FIELD_KEYS, FIELDS, SHORTHAND, type FieldKey } from './fields.js';
import { CHARTS, METRICS } from './names.js';
import { MAX_SEEDS, TOP_LEVEL_KEYS } from './validate.js';
import { MAX_TRIALS } from './search.js';

type Schema = Record<string, unknown>;

function fieldSchema(key: FieldKey): Schema {
  const f = FIELDS[key];
  return { description: f.doc, ...f.schema };
}

/** The object schema of a section prefix, recursing into sub-sections. */
function sectionSchema(prefix: string): Schema {
  const properties: Record<string, Schema> = {};
  for (const k of FIELD_KEYS) {
    if (!k.startsWith(prefix + '.')) continue;
    const child = k.slice(prefix.length + 1).split('.')[0]!;
    if (child in properties) continue;
    const full = `${prefix}.${child}`;
    properties[child] = (FIELDS as Record<string, unknown>)[full] ? fieldSchema(full as FieldKey) : sectionSchema(full);
  }
  const obj: Schema = { type: 'object', additionalProperties: false, properties };
  const short = SHORTHAND[prefix];
  if (short === undefined) return obj;
  return { anyOf: [fieldSchema(`${prefix}.${short}` as FieldKey), obj] };
}

const dottedKey: Schema = { type: 'string', enum: [...FIELD_KEYS] };

export function specJsonSchema(): Schema {
  const properties: Record<string, Schema> = {
    name: {
      description: 'Experiment name; becomes the folder under results/ and reports/.',
      type: 'string',
      pattern: '^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$',
    },
    description: { description: 'The question the experiment asks.', type: 'string' },
  };
  for (const s of CONFIG_SECTIONS) properties[s] = s in FIELDS ? fieldSchema(s as FieldKey) : sectionSchema(s);
  properties['seeds'] = {
    description: 'A count N (seeds 0..N-1) or an explicit list of seeds.',
    anyOf: [
      { type: 'integer', minimum: 1, maximum: MAX_SEEDS },
      { type: 'array', items: { type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 }, minItems: 1, maxItems: MAX_SEEDS, uniqueItems: true },
    ],
  };
  properties['sweep'] = {
    description: 'Dotted key → list of values; runs are the cartesian product (first key varies slowest).',
    type: ['object', 'null'],
    propertyNames: dottedKey,
    additionalProperties: {
      anyOf: [
        { type: 'array', minItems: 1 },
        { description: 'A distribution for a random search.', type: 'string', pattern: '^\\s*(loguniform|uniform|intuniform|choice)\\s*\\(' },
      ],
    },
  };
  properties['search'] = {
    description: 'grid (default) or random search over the sweep\'s distributions, with optional successive halving.',
    type: ['object', 'null'],
    additionalProperties: false,
    properties: {
      method: { type: 'string', enum: ['grid', 'random'] },
      trials: { description: 'Configurations a random search draws.', type: 'integer', minimum: 1, maximum: MAX_TRIALS },
      seed: { description: 'Seed of the search\'s own generator (not the training seeds).', type: 'integer', minimum: 0, maximum: 2 ** 32 - 1 },
      halving: {
        type: ['object', 'null'],
        additionalProperties: false,
        required: ['min_epochs'],
        properties: { min_epochs: { type: 'integer', minimum: 1 }, eta: { type: 'integer', minimum: 2, maximum: 100 } },
      },
    },
  };
  properties['protocol'] = {
    description: 'Tune-then-test: every arm of `compare` gets `budget` tuning trials judged on validation; each arm\'s best is retrained on `final_seeds` fresh seeds and tested.',
    type: ['object', 'null'],
    additionalProperties: false,
    required: ['compare', 'tune', 'budget'],
    properties: {
      compare: { type: 'string' },
      tune: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
      budget: { type: 'integer', minimum: 1, maximum: MAX_TRIALS },
      final_seeds: { type: 'integer', minimum: 2, maximum: 1000 },
    },
  };
  properties['variants'] = {
    description: 'Named sets of overrides, crossed with the sweep.',
    type: ['array', 'null'],
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 64 },
        set: { type: ['object', 'null'], propertyNames: dottedKey },
      },
    },
  };
  properties['report'] = {
    description: 'How the report summarizes the runs.',
    type: ['object', 'null'],
    additionalProperties: false,
    properties: {
      rows: { description: 'A swept key or "variant": the table rows / chart lines.', type: ['string', 'null'] },
      columns: { description: 'A swept key or "variant": the table columns / chart x axis.', type: ['string', 'null'] },
      metric: { description: 'Metric of the summary table; one the runs record (an accuracy for classification, r2/rmse/mae for regression, or a loss). Default: val_r2 for regression, val_accuracy for classification.', type: 'string', enum: [...METRICS] },
      charts: { description: 'Charts to draw (empty = chosen from the spec).', type: ['array', 'null'], items: { type: 'string', enum: [...CHARTS] }, uniqueItems: true },
      target_accuracy: { description: 'Accuracy target for "epochs to reach" columns (classification only).', type: ['number', 'null'], exclusiveMinimum: 0, maximum: 1 },
    },
  };
  const ordered: Record<string, Schema> = {};
  for (const k of TOP_LEVEL_KEYS) ordered[k] = properties[k]!;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'nnlab experiment spec',
    description: 'An experiment: data, model, loss, optimizer, training, seeds, sweep, search, protocol, variants and report. See docs/specs.md.',
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: ordered,
  };
}
