import { describe, expect, it } from 'vitest';
import { SpecError, isSpecError } from '../../../src/experiment/spec/errors.js';
import { message, specError, yaml } from '../helpers.js';

describe('SpecError', () => {
  it('formats as one line file:line:col: message, and is recognisable', () => {
    const e = new SpecError('experiments/x.yaml', 7, 3, 'unknown key "optimiser"\n— did you mean "optimizer"?');
    expect(e.format()).toBe('experiments/x.yaml:7:3: unknown key "optimiser"\\n— did you mean "optimizer"?');
    expect(String(e)).toBe(e.format());
    expect([e.file, e.line, e.col]).toEqual(['experiments/x.yaml', 7, 3]);
    expect(isSpecError(e)).toBe(true);
    expect(isSpecError(new Error('x'))).toBe(false);
    expect(new SpecError('--set', 0, 0, 'bad').format()).toBe('--set: bad');
  });
});

describe('unknown keys and names', () => {
  it('points at a misspelled top-level key and suggests the right one', () => {
    const e = specError(yaml('name: a', 'data: digits', '', 'optimiser: { lr: 0.1 }'), 'experiments/x.yaml');
    expect(e.format()).toMatch(/^experiments\/x\.yaml:4:1: unknown key "optimiser" — did you mean "optimizer"\?/);
  });

  it('points at a misspelled key inside a section', () => {
    expect(message(yaml('name: a', 'train:', '  epochs: 3', '  batchsize: 8'))).toMatch(/^x\.yaml:4:3: unknown key "batchsize" in train — did you mean "batch_size"\?/);
    expect(message(yaml('name: a', 'model:', '  init: { wieghts: he_normal }'))).toMatch(/^x\.yaml:3:11: unknown key "wieghts" in model\.init — did you mean "weights"\?/);
  });

  it('suggests the closest activation, optimizer, loss, dataset and initializer, and lists the valid ones', () => {
    expect(message(yaml('name: a', 'model:', '  activation: sigmod'))).toBe(
      'x.yaml:3:15: unknown activation "sigmod" for model.activation — did you mean "sigmoid"? (valid: relu, leaky_relu, sigmoid, tanh, linear)',
    );
    expect(message(yaml('name: a', 'optimizer: adma'))).toMatch(/^x\.yaml:2:12: unknown optimizer "adma" for optimizer\.name — did you mean "adam"\?/);
    expect(message(yaml('name: a', 'loss: softmax_crossentropy'))).toMatch(/^x\.yaml:2:7: unknown loss .* did you mean "softmax_cross_entropy"\?/);
    expect(message(yaml('name: a', 'data: { dataset: minst }'))).toMatch(/^x\.yaml:2:18: unknown dataset "minst" .* did you mean "mnist"\?/);
    expect(message(yaml('name: a', 'model: { init: { weights: xavier_unifrom } }'))).toMatch(/^x\.yaml:2:27: unknown initializer "xavier_unifrom" .* did you mean "xavier_uniform"\?/);
  });

  it('rejects a malformed initializer with the registry reason', () => {
    expect(message(yaml('name: a', 'model:', '  init:', '    weights: normal(-1)'))).toMatch(/^x\.yaml:4:14: model\.init\.weights: .*std must be a positive number/);
    expect(message(yaml('name: a', 'model:', '  init:', '    biases: 0'))).toMatch(/^x\.yaml:4:13: model\.init\.biases must be an initializer such as .* got 0$/);
  });
});

describe('types and ranges', () => {
  it('says what a learning rate must be', () => {
    expect(message(yaml('name: a', 'optimizer:', '  name: sgd', '  lr: fast'))).toBe('x.yaml:4:7: optimizer.lr must be a positive number, got "fast"');
  });

  it.each([
    ['optimizer: { lr: 0 }', 'optimizer.lr must be a positive number, got 0'],
    ['optimizer: { lr: -0.1 }', 'optimizer.lr must be a positive number, got -0.1'],
    ['optimizer: { lr: .inf }', 'optimizer.lr must be a positive number, got Infinity'],
    ['train: { batch_size: 0 }', 'train.batch_size must be an integer from 1 to 1000000, got 0'],
    ['train: { batch_size: 2.5 }', 'train.batch_size must be an integer from 1 to 1000000, got 2.5'],
    ['train: { epochs: 0 }', 'train.epochs must be an integer from 1 to 100000, got 0'],
    ['model: { dropout: 1 }', 'model.dropout must be a number in [0, 1), got 1'],
    ['model: { dropout: -0.1 }', 'model.dropout must be a number in [0, 1), got -0.1'],
    ['model: { hidden: [100, 0] }', 'model.hidden[1] must be a layer width from 1 to 65536, got 0'],
    ['model: { hidden: 100 }', 'model.hidden must be a list of layer widths (integers >= 1), e.g. [256, 128], got 100'],
    ['model: { batch_norm: yes }', 'model.batch_norm must be true or false, got "yes"'],
    ['optimizer: { beta2: 1 }', 'optimizer.beta2 must be a number in [0, 1), got 1'],
    ['regularization: { l2: -1 }', 'regularization.l2 must be a number >= 0, got -1'],
    ['data: { test_fraction: 1 }', 'data.test_fraction must be a number in (0, 1), got 1'],
    ['data: { train_size: 0 }', 'data.train_size must be an integer >= 1 or null, got 0'],
    ['train: { patience: 0 }', 'train.patience must be an integer >= 1 or null, got 0'],
    ['seeds: 0', 'seeds must be a count from 1 to 1000 or a list of seeds, got 0'],
    ['seeds: []', 'seeds must be a count (e.g. 3 → seeds 0, 1, 2) or a non-empty list like [0, 7, 42], got []'],
    ['seeds: [1, 1]', 'seed 1 is listed twice — each seed runs once'],
    ['description: 3', 'description must be text (the question the experiment asks), got 3'],
    ['optimizer: 7', 'optimizer must be a map of settings (name, lr, momentum, beta1, beta2, rho, eps, weight_decay) or a bare name like `optimizer: adam`, got 7'],
  ])('%s → %s', (line, expected) => {
    expect(message(yaml('name: a', line))).toMatch(new RegExp(`^x\\.yaml:2:\\d+: ${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('points at the exact value inside a block map', () => {
    expect(message(yaml('name: a', 'train:', '  epochs: 5', '  batch_size: -3'))).toMatch(/^x\.yaml:4:15: /);
  });

  it('refuses sizes and hidden together', () => {
    expect(message(yaml('name: a', 'model:', '  hidden: [10]', '  sizes: [784, 10, 10]'))).toMatch(/^x\.yaml:4:3: model\.sizes and model\.hidden both given/);
  });
});

describe('cross-field checks', () => {
  it('refuses layer sizes that do not fit the dataset, with the expected numbers', () => {
    expect(message(yaml('name: a', 'data: digits', 'model:', '  sizes: [784, 30, 10]'))).toBe(
      'x.yaml:4:10: layer sizes [784,30,10] do not fit the dataset: digits has 64 input features and 10 classes, so sizes must start with 64 and end with 10',
    );
  });

  it('refuses a batch larger than the training set (mnist subset, digits split)', () => {
    expect(message(yaml('name: a', 'data: { dataset: mnist, train_size: 100 }', 'train: { batch_size: 128 }'))).toBe(
      'x.yaml:3:22: train.batch_size 128 is larger than the 100 training samples of mnist (data.train_size) — use at most 100',
    );
    // digits: 1797 rows, 359 test, 359 validation → 1079 training rows.
    expect(message(yaml('name: a', 'data: digits', 'train: { batch_size: 1080 }'))).toMatch(/^x\.yaml:3:22: train\.batch_size 1080 is larger than the 1079 training samples of digits/);
    expect(() => specError(yaml('name: a', 'data: digits', 'train: { batch_size: 1079 }'))).toThrow(/parsed/);
  });

  it('refuses a training subset larger than what the split leaves', () => {
    expect(message(yaml('name: a', 'data: { dataset: mnist, train_size: 50001 }'))).toMatch(/data\.train_size 50001 is more than the 50000 training rows mnist has/);
  });

  it('refuses the binary hinge loss on a 10-class set', () => {
    expect(message(yaml('name: a', 'data: digits', 'loss: hinge'))).toMatch(/^x\.yaml:3:7: loss hinge: is binary \(2 classes\) but the data has 10/);
  });

  it('refuses augmentation on non-image data and csv without a path', () => {
    expect(message(yaml('name: a', 'data:', '  dataset: circles', '  augment: { shift: 2 }'))).toMatch(/^x\.yaml:4:21: data\.augment\.shift augments images/);
    expect(message(yaml('name: a', 'data: csv'))).toMatch(/^x\.yaml:2:7: dataset csv needs data\.path/);
  });

  it('refuses a cosine schedule that ends above its start', () => {
    expect(message(yaml('name: a', 'optimizer: { lr: 0.01 }', 'schedule: { name: cosine, min_lr: 0.1 }'))).toMatch(/^x\.yaml:3:35: .*min_lr must be <= optimizer\.lr/);
  });
});

describe('sweep', () => {
  it('suggests the field a bad sweep key meant', () => {
    expect(message(yaml('name: a', 'sweep:', '  optimizer.learning_rate: [0.1, 0.01]'))).toBe(
      'x.yaml:3:3: sweep key "optimizer.learning_rate" names no spec field — did you mean "optimizer.lr"?',
    );
    expect(message(yaml('name: a', 'sweep:', '  model.activaton: [relu]'))).toMatch(/did you mean "model\.activation"\?$/);
    expect(message(yaml('name: a', 'sweep:', '  seeds: [1, 2]'))).toMatch(/^x\.yaml:3:3: sweep key "seeds": seeds are not a config field — list them with the top-level `seeds:` key/);
    expect(message(yaml('name: a', 'sweep:', '  optimizer: [sgd, adam]'))).toMatch(/^x\.yaml:3:3: sweep key "optimizer" is a section; name one of its fields: optimizer\.name, optimizer\.lr/);
  });

  it('points at the invalid value inside a sweep list', () => {
    expect(message(yaml('name: a', 'sweep:', '  optimizer.lr:', '    - 0.1', '    - -1'))).toBe('x.yaml:5:7: optimizer.lr must be a positive number, got -1');
    expect(message(yaml('name: a', 'sweep:', '  model.activation: [relu, sigmoud]'))).toMatch(/^x\.yaml:3:28: unknown activation "sigmoud"/);
  });

  it('refuses empty lists, scalars, duplicates and whole-list mix-ups', () => {
    expect(message(yaml('name: a', 'sweep:', '  optimizer.lr: []'))).toBe('x.yaml:3:17: sweep optimizer.lr is an empty list — give at least one value or remove the key');
    expect(message(yaml('name: a', 'sweep:', '  optimizer.lr: 0.1'))).toMatch(/^x\.yaml:3:17: sweep optimizer\.lr must be a list of values/);
    expect(message(yaml('name: a', 'sweep:', '  optimizer.lr: [0.1, 0.01, 0.1]'))).toMatch(/^x\.yaml:3:29: sweep optimizer\.lr lists 0\.1 twice/);
    expect(message(yaml('name: a', 'sweep:', '  model.hidden: [100, 200]'))).toMatch(/each sweep value of model\.hidden is a whole list, e\.g\. model\.hidden: \[\[100\], \[100, 100\]\]/);
  });

  it('checks each sweep point as a whole run and points at the value that breaks it', () => {
    const e = specError(yaml('name: a', 'data: digits', 'sweep:', '  train.batch_size: [32, 64,', '    5000]'));
    expect(e.format()).toMatch(/^x\.yaml:5:5: train\.batch_size 5000 is larger than the 1079 training samples of digits/);
    expect(message(yaml('name: a', 'data: digits', 'sweep:', '  model.sizes: [[64, 10], [784, 10]]'))).toMatch(/^x\.yaml:4:27: layer sizes \[784,10\] do not fit the dataset: digits has 64/);
  });

  it('caps the number of runs', () => {
    const list = '[' + Array.from({ length: 200 }, (_, i) => (i + 1) / 1000).join(', ') + ']';
    expect(message(yaml('name: a', 'seeds: 3', 'sweep:', `  optimizer.lr: ${list}`, `  regularization.l2: ${list}`))).toMatch(/^x\.yaml:3:1: the spec expands to 120000 runs; the limit is 10000/);
  });
});

describe('variants and report', () => {
  it('checks variant keys, values and names', () => {
    expect(message(yaml('name: a', 'variants:', '  - { name: x, set: { optimizer.nmae: adam } }'))).toMatch(/^x\.yaml:3:23: variant "x" set key "optimizer\.nmae" names no spec field — did you mean "optimizer\.name"\?/);
    expect(message(yaml('name: a', 'variants:', '  - { name: x, set: { optimizer.lr: 0 } }'))).toBe('x.yaml:3:37: optimizer.lr must be a positive number, got 0');
    expect(message(yaml('name: a', 'variants:', '  - { name: x }', '  - { name: x, set: { loss: mse } }'))).toMatch(/^x\.yaml:4:13: variant name "x" is used twice/);
    expect(message(yaml('name: a', 'variants:', '  - { nmae: x }'))).toMatch(/^x\.yaml:3:7: unknown key "nmae" in variants\[0\] — did you mean "name"\?/);
    expect(message(yaml('name: a', 'variants: { a: 1 }'))).toMatch(/^x\.yaml:2:11: variants must be a list/);
  });

  it('refuses a variant that sets a swept key, and variants that produce identical runs', () => {
    expect(message(yaml('name: a', 'sweep: { optimizer.lr: [0.1, 0.2] }', 'variants:', '  - { name: x, set: { optimizer.lr: 0.5 } }'))).toMatch(/^x\.yaml:4:23: variant "x" sets optimizer\.lr, which the sweep also varies/);
    expect(message(yaml('name: a', 'variants:', '  - { name: x, set: { loss: mse } }', '  - { name: y, set: { loss: mse } }'))).toMatch(/^x\.yaml:4:13: variants "x" and "y" produce identical runs/);
  });

  it('blames the variant value that breaks a run, naming the variant', () => {
    expect(message(yaml('name: a', 'data: digits', 'variants:', '  - { name: ok }', '  - { name: big, set: { train.batch_size: 4096 } }'))).toMatch(/^x\.yaml:5:43: train\.batch_size 4096 .* \(variant "big"\)$/);
  });

  it('checks report axes, metric and charts', () => {
    const sweep = 'sweep: { optimizer.lr: [0.1, 0.2], model.dropout: [0, 0.5] }';
    expect(message(yaml('name: a', sweep, 'report: { rows: optimizer.momentum }'))).toMatch(/^x\.yaml:3:17: report\.rows: optimizer\.momentum is not swept; choose one of: optimizer\.lr, model\.dropout/);
    expect(message(yaml('name: a', sweep, 'report: { rows: variant }'))).toMatch(/report\.rows is "variant" but the spec has no variants/);
    expect(message(yaml('name: a', sweep, 'report: { metric: val_acc }'))).toMatch(/^x\.yaml:3:19: unknown metric "val_acc" in report\.metric — did you mean "val_accuracy"\?/);
    expect(message(yaml('name: a', sweep, 'report: { charts: [learning_curve] }'))).toMatch(/^x\.yaml:3:20: unknown chart "learning_curve" in report\.charts — did you mean "learning_curves"\?/);
    expect(message(yaml('name: a', sweep, 'report: { target_accuracy: 95 }'))).toMatch(/report\.target_accuracy must be an accuracy in \(0, 1\]/);
    expect(message(yaml('name: a', sweep, 'report: { rows: optimizer.lr, columns: optimizer.lr }'))).toMatch(/report\.rows and report\.columns are both optimizer\.lr/);
    expect(message(yaml('name: a', sweep, 'report: { colums: optimizer.lr }'))).toMatch(/^x\.yaml:3:11: unknown key "colums" in report — did you mean "columns"\?/);
  });
});
