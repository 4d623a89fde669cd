import { describe, expect, it } from 'vitest';
import { canonicalJson, hashId } from '../../../src/experiment/spec/canonical.js';
import { expand, runId } from '../../../src/experiment/plan/expand.js';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { yaml } from '../helpers.js';

const SPEC = yaml(
  'name: e',
  'description: first',
  'data: digits',
  'model: { hidden: [32] }',
  'seeds: 2',
  'variants:',
  '  - { name: sgd }',
  '  - { name: adam, set: { optimizer.name: adam } }',
  'sweep:',
  '  model.init.weights: [normal(0.01), xavier_uniform, he_normal]',
  '  optimizer.lr: [0.001, 0.01, 0.1, 0.5]',
);

const ids = (text: string) => expand(parseSpec(text, 'e.yaml')).map((r) => r.id);

describe('expand', () => {
  it('makes variants × sweep × seeds runs', () => {
    const runs = expand(parseSpec(SPEC, 'e.yaml'));
    expect(runs).toHaveLength(2 * 3 * 4 * 2);
    expect(expand(parseSpec('name: one\n', 'x.yaml'))).toHaveLength(1);
    expect(expand(parseSpec('name: s\nseeds: [5, 9, 1]\n', 'x.yaml')).map((r) => r.seed)).toEqual([5, 9, 1]);
  });

  it('orders runs: variants outermost, first sweep key slowest, seeds innermost', () => {
    const runs = expand(parseSpec(SPEC, 'e.yaml'));
    const row = (i: number) => [runs[i]!.variant, runs[i]!.swept['model.init.weights'], runs[i]!.swept['optimizer.lr'], runs[i]!.seed];
    expect(row(0)).toEqual(['sgd', 'normal(0.01)', 0.001, 0]);
    expect(row(1)).toEqual(['sgd', 'normal(0.01)', 0.001, 1]);
    expect(row(2)).toEqual(['sgd', 'normal(0.01)', 0.01, 0]);
    expect(row(8)).toEqual(['sgd', 'xavier_uniform', 0.001, 0]);
    expect(row(24)).toEqual(['adam', 'normal(0.01)', 0.001, 0]);
    expect(row(47)).toEqual(['adam', 'he_normal', 0.5, 1]);
    expect(Object.keys(runs[0]!.swept)).toEqual(['model.init.weights', 'optimizer.lr']);
  });

  it('resolves each run: base, then the variant, then the sweep values, then the seed', () => {
    const runs = expand(parseSpec(SPEC, 'e.yaml'));
    const r = runs[47]!;
    expect(r.config.optimizer).toMatchObject({ name: 'adam', lr: 0.5 });
    expect(r.config.model.init).toEqual({ weights: 'he_normal', biases: 'zeros' });
    expect(r.config.model.hidden).toEqual([32]);
    expect(r.config.data.dataset).toBe('digits');
    expect(r.config.seed).toBe(1);
    expect(runs[0]!.config.optimizer.name).toBe('sgd');
    // Runs do not share objects: editing one config leaves the others alone.
    runs[0]!.config.model.hidden.push(7);
    expect(runs[1]!.config.model.hidden).toEqual([32]);
  });

  it('sweeps whole layer-size lists', () => {
    const runs = expand(parseSpec(yaml('name: s', 'sweep:', '  model.sizes: [[784, 30, 10], [784, 100, 30, 10]]'), 'x.yaml'));
    expect(runs.map((r) => r.config.model.hidden)).toEqual([[30], [100, 30]]);
    expect(runs.map((r) => r.swept['model.sizes'])).toEqual([[784, 30, 10], [784, 100, 30, 10]]);
  });

  it('gives ids that are 12 hex digits, stable across calls and unique within the sweep', () => {
    const a = ids(SPEC);
    expect(a.every((id) => /^[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(ids(SPEC)).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });

  it('keeps ids when only the name, description, report, file or key order change', () => {
    const a = ids(SPEC);
    expect(ids(SPEC.replace('description: first', 'description: something else entirely').replace('name: e', 'name: renamed'))).toEqual(a);
    expect(ids(SPEC + 'report: { metric: test_accuracy, charts: [loss_curves] }\n')).toEqual(a);
    const reordered = SPEC.replace('data: digits\nmodel: { hidden: [32] }\n', 'model: { hidden: [32] }\ndata: { dataset: digits }\n');
    expect(reordered).not.toBe(SPEC);
    expect(ids(reordered)).toEqual(a);
    // Writing a default out explicitly is the same run.
    expect(ids(SPEC.replace('model: { hidden: [32] }', 'model: { hidden: [32], activation: relu, dropout: 0 }'))).toEqual(a);
  });

  it('keeps the ids of existing runs when a sweep value is added or a variant renamed', () => {
    const a = ids(SPEC);
    const more = ids(SPEC.replace('[0.001, 0.01, 0.1, 0.5]', '[0.001, 0.01, 0.1, 0.5, 1]'));
    expect(more).toHaveLength(a.length + 2 * 3 * 2);
    expect(more.filter((id) => a.includes(id))).toHaveLength(a.length);
    expect(ids(SPEC.replace('name: adam,', 'name: adaptive,'))).toEqual(a);
  });

  it('changes the id when a hyper-parameter or seed changes', () => {
    const a = ids(SPEC);
    const b = ids(SPEC.replace('model: { hidden: [32] }', 'model: { hidden: [33] }'));
    expect(b.filter((id) => a.includes(id))).toEqual([]);
    const c = ids(SPEC.replace('seeds: 2', 'seeds: [0, 2]'));
    expect(c.filter((id, i) => a[i] === id)).toHaveLength(a.length / 2); // seed 0 runs keep theirs, seed 2 runs are new
    const run = expand(parseSpec(SPEC, 'e.yaml'))[0]!;
    expect(runId({ ...run.config, optimizer: { ...run.config.optimizer, eps: 1e-7 } })).not.toBe(run.id);
    expect(runId(structuredClone(run.config))).toBe(run.id);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and ignores undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(hashId({ a: 1, b: 2 })).toBe(hashId({ b: 2, a: 1 }));
    expect(hashId({ a: 1 })).not.toBe(hashId({ a: 1.0000001 }));
    expect(canonicalJson(-0)).toBe('0');
  });
});
