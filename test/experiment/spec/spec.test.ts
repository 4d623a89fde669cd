import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASE_DEFAULTS } from '../../../src/experiment/spec/defaults.js';
import { expand } from '../../../src/experiment/plan/expand.js';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { yaml } from '../helpers.js';

const XAVIER = yaml(
  'name: xavier',
  'description: Does Xavier initialization let deep ReLU networks learn where N(0, 0.01) fails?',
  'data: { dataset: mnist }',
  'model:',
  '  hidden: [256, 256, 256, 256, 256]   # 5 hidden layers',
  '  activation: relu',
  '  init: { weights: normal(0.01), biases: zeros }',
  'loss: softmax_cross_entropy',
  'optimizer: { name: sgd, lr: 0.1 }',
  'train: { epochs: 10, batch_size: 32 }',
  'seeds: 3',
  'sweep:',
  '  model.init.weights: [normal(0.01), xavier_uniform, he_normal]',
  '  optimizer.lr: [0.001, 0.01, 0.1, 0.5]',
  'report: { rows: model.init.weights, columns: optimizer.lr, metric: val_accuracy }',
);

describe('parseSpec', () => {
  it('reads the example spec into base, seeds, sweep and report', () => {
    const s = parseSpec(XAVIER, 'xavier.yaml');
    expect(s.name).toBe('xavier');
    expect(s.description).toMatch(/^Does Xavier/);
    expect(s.base.model.hidden).toEqual([256, 256, 256, 256, 256]);
    expect(s.base.model.init).toEqual({ weights: 'normal(0.01)', biases: 'zeros' });
    expect(s.base.optimizer.lr).toBe(0.1);
    expect(s.seeds).toEqual([0, 1, 2]);
    expect(Object.keys(s.sweep)).toEqual(['model.init.weights', 'optimizer.lr']);
    expect(s.sweep['optimizer.lr']).toEqual([0.001, 0.01, 0.1, 0.5]);
    expect(s.report).toEqual({ rows: 'model.init.weights', columns: 'optimizer.lr', metric: 'val_accuracy', charts: [], target_accuracy: null });
    expect(s.variants).toEqual([]);
  });

  it('fills every unstated key from the defaults', () => {
    const s = parseSpec('name: d\n', 'd.yaml');
    expect(s.base).toEqual(BASE_DEFAULTS);
    expect(s.base.optimizer).toMatchObject({ name: 'sgd', lr: 0.1, momentum: 0.9, beta1: 0.9, beta2: 0.999, rho: 0.9, eps: 1e-8, weight_decay: 0 });
    expect(s.base.train).toEqual({ epochs: 10, batch_size: 32, patience: null, diagnostics: true, probe_size: 256 });
    expect(s.base.model.init).toEqual({ weights: 'he_normal', biases: 'zeros' });
    expect(s.seeds).toEqual([0]);
    expect(s.description).toBe('');
    expect(s.report).toEqual({ rows: null, columns: null, metric: 'val_accuracy', charts: [], target_accuracy: null });
  });

  it('keeps defaults for the keys a section leaves out', () => {
    const s = parseSpec(yaml('name: d', 'optimizer: { name: adam, lr: 0.001 }', 'data: { dataset: digits, train_size: 500 }'), 'd.yaml');
    expect(s.base.optimizer).toEqual({ ...BASE_DEFAULTS.optimizer, name: 'adam', lr: 0.001 });
    expect(s.base.data).toEqual({ ...BASE_DEFAULTS.data, dataset: 'digits', train_size: 500 });
  });

  it('accepts bare names for data, optimizer, schedule and init', () => {
    const s = parseSpec(yaml('name: d', 'data: digits', 'optimizer: adam', 'schedule: cosine', 'model: { init: xavier_uniform }'), 'd.yaml');
    expect(s.base.data.dataset).toBe('digits');
    expect(s.base.optimizer.name).toBe('adam');
    expect(s.base.schedule.name).toBe('cosine');
    expect(s.base.model.init).toEqual({ weights: 'xavier_uniform', biases: 'zeros' });
  });

  it('turns model.sizes into hidden widths', () => {
    const s = parseSpec(yaml('name: d', 'model: { sizes: [784, 100, 30, 10] }'), 'd.yaml');
    expect(s.base.model.hidden).toEqual([100, 30]);
    const d = parseSpec(yaml('name: d', 'data: digits', 'model: { sizes: [64, 10] }'), 'd.yaml');
    expect(d.base.model.hidden).toEqual([]);
  });

  it('accepts the binary hinge output width as the last size', () => {
    const s = parseSpec(yaml('name: d', 'data: circles', 'loss: hinge', 'model: { sizes: [2, 8, 1] }'), 'd.yaml');
    expect(s.base.model.hidden).toEqual([8]);
  });

  it('takes an explicit seed list', () => {
    expect(parseSpec('name: d\nseeds: [7, 3, 11]\n', 'd.yaml').seeds).toEqual([7, 3, 11]);
  });

  it('reads variants with their overrides in order', () => {
    const s = parseSpec(
      yaml('name: d', 'variants:', '  - { name: a, set: { optimizer.name: adam, optimizer.lr: 0.001 } }', '  - name: b', '    set: { loss: mse }', '  - { name: base }'),
      'd.yaml',
    );
    expect(s.variants).toEqual([
      { name: 'a', set: { 'optimizer.name': 'adam', 'optimizer.lr': 0.001 } },
      { name: 'b', set: { loss: 'mse' } },
      { name: 'base', set: {} },
    ]);
  });

  it('picks default report axes from the variants and sweep', () => {
    const s = parseSpec(yaml('name: d', 'variants: [{ name: a }, { name: b, set: { loss: mse } }]', 'sweep: { optimizer.lr: [0.1, 0.2] }'), 'd.yaml');
    expect([s.report.rows, s.report.columns]).toEqual(['variant', 'optimizer.lr']);
    const t = parseSpec(yaml('name: d', 'sweep: { optimizer.lr: [0.1, 0.2], model.dropout: [0, 0.5] }', 'report: { columns: optimizer.lr }'), 'd.yaml');
    expect([t.report.rows, t.report.columns]).toEqual(['model.dropout', 'optimizer.lr']);
  });

  it('accepts YAML anchors and aliases within the limit', () => {
    const s = parseSpec(yaml('name: d', 'sweep:', '  optimizer.lr: &lrs [0.01, 0.1]', '  schedule.min_lr: *lrs'), 'd.yaml');
    expect(s.sweep['schedule.min_lr']).toEqual([0.01, 0.1]);
  });

  it('does not depend on the file name, and reads a BOM-less CRLF file', () => {
    const a = parseSpec(XAVIER, 'a.yaml');
    const b = parseSpec(XAVIER.replace(/\n/g, '\r\n'), 'elsewhere/b.yaml');
    expect(b).toEqual(a);
  });
});

describe('shipped experiments', () => {
  const files = readdirSync('experiments').filter((f) => f.endsWith('.yaml'));

  it('include the documented set', () => {
    for (const f of ['quick', 'xavier', 'l2', 'optimizers', 'lr-table', 'regularizers', 'circles', 'digits']) expect(files).toContain(`${f}.yaml`);
  });

  it.each(files)('%s parses, validates, is named after its file and says its question, run time and how to scale', (f) => {
    const text = readFileSync(`experiments/${f}`, 'utf8');
    const s = parseSpec(text, `experiments/${f}`);
    expect(s.name).toBe(f.replace(/\.yaml$/, ''));
    expect(s.description.length).toBeGreaterThan(10);
    expect(expand(s).length).toBeGreaterThan(0);
    if (f !== 'mnist-classic.yaml') {
      const header = text.split('\n').filter((l) => l.startsWith('#')).join('\n');
      expect(header).toMatch(/Question:/);
      expect(header).toMatch(/Run time:/);
      expect(header).toMatch(/Scale up:/);
    }
  });

  it('lr-table crosses 4 variants with 2 sizes and 5 learning rates over 3 seeds', () => {
    const s = parseSpec(readFileSync('experiments/lr-table.yaml', 'utf8'), 'lr-table.yaml');
    expect(s.variants.map((v) => v.name)).toHaveLength(4);
    expect(s.sweep['optimizer.lr']).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(s.sweep['model.sizes']).toEqual([[784, 30, 10], [784, 100, 30, 10]]);
    expect(s.variants[0]!.set['loss']).toBe('sigmoid_mse');
    const runs = expand(s);
    expect(runs).toHaveLength(4 * 2 * 5 * 3);
    expect(new Set(runs.map((r) => JSON.stringify(r.config.model.hidden)))).toEqual(new Set(['[30]', '[100,30]']));
    expect(runs.every((r) => r.config.train.epochs === 10 && r.config.train.batch_size === 100)).toBe(true);
  });

  it('quick stays small: at most 8 runs of a few epochs on digits', () => {
    const s = parseSpec(readFileSync('experiments/quick.yaml', 'utf8'), 'quick.yaml');
    expect(s.base.data.dataset).toBe('digits');
    expect(expand(s).length).toBeLessThanOrEqual(8);
    expect(s.base.train.epochs).toBeLessThanOrEqual(5);
  });
});
