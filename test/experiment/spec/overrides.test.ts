import { describe, expect, it } from 'vitest';
import { isSpecError } from '../../../src/experiment/spec/errors.js';
import { expand } from '../../../src/experiment/plan/expand.js';
import { applyEpochs, applyOverrides, applySeeds, applySet } from '../../../src/experiment/spec/overrides.js';
import { parseSpec, parseSpecFull } from '../../../src/experiment/spec/parse.js';
import { yaml } from '../helpers.js';

const SPEC = yaml(
  'name: o',
  'data: digits',
  'optimizer: { name: sgd, lr: 0.1 }',
  'seeds: 3',
  'variants:',
  '  - { name: plain }',
  '  - { name: wd, set: { regularization.l2: 0.001 } }',
  'sweep:',
  '  optimizer.lr: [0.01, 0.1]',
  '  model.activation: [relu, tanh]',
  'report: { rows: model.activation, columns: optimizer.lr }',
);
const spec = () => parseSpec(SPEC, 'o.yaml');

function flagError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (!isSpecError(e)) throw e;
    expect(e.line).toBe(0);
    return e.format();
  }
  throw new Error('expected a SpecError');
}

describe('applySet', () => {
  it('sets a base value, parsed as a YAML scalar', () => {
    const s = applySet(spec(), 'train.epochs=3');
    expect(s.base.train.epochs).toBe(3);
    expect(expand(s).every((r) => r.config.train.epochs === 3)).toBe(true);
    expect(applySet(spec(), 'model.batch_norm=true').base.model.batch_norm).toBe(true);
    expect(applySet(spec(), 'model.hidden=[64, 32]').base.model.hidden).toEqual([64, 32]);
    expect(applySet(spec(), 'model.init.weights=normal(0.01)').base.model.init.weights).toBe('normal(0.01)');
    expect(applySet(spec(), 'data.train_size=null').base.data.train_size).toBeNull();
    expect(applySet(spec(), 'optimizer.eps = 1e-6').base.optimizer.eps).toBe(1e-6);
  });

  it('leaves the input spec untouched', () => {
    const s = spec();
    const before = structuredClone(s);
    applySet(s, 'optimizer.lr=0.05');
    expect(s).toEqual(before);
  });

  it('fixes a swept key everywhere: the sweep over it is dropped and the report axis cleared', () => {
    const s = applySet(spec(), 'optimizer.lr=0.05');
    expect(Object.keys(s.sweep)).toEqual(['model.activation']);
    expect(s.report.columns).toBeNull();
    expect(s.report.rows).toBe('model.activation');
    const runs = expand(s);
    expect(runs).toHaveLength(2 * 2 * 3);
    expect(runs.every((r) => r.config.optimizer.lr === 0.05)).toBe(true);
  });

  it('overrides a variant that sets the same key', () => {
    const two = parseSpec(SPEC.replace('set: { regularization.l2: 0.001 }', 'set: { regularization.l2: 0.001, model.dropout: 0.2 }'), 'o.yaml');
    const s = applySet(two, 'regularization.l2=0.01');
    expect(s.variants[1]!.set).toEqual({ 'model.dropout': 0.2 });
    expect(expand(s).every((r) => r.config.regularization.l2 === 0.01)).toBe(true);
    // Without its only difference the "wd" variant duplicates "plain": merged into the first.
    const merged = applySet(spec(), 'regularization.l2=0.01');
    expect(merged.variants.map((v) => v.name)).toEqual(['plain']);
    expect(expand(merged)).toHaveLength(2 * 2 * 3);
    expect(expand(merged).every((r) => r.variant === 'plain' && r.config.regularization.l2 === 0.01)).toBe(true);
  });

  it('names --set and the assignment in errors, with the same checks as a file', () => {
    expect(flagError(() => applySet(spec(), 'optimizer.lr=fast'))).toBe('--set optimizer.lr=fast: optimizer.lr must be a positive number, got "fast"');
    expect(flagError(() => applySet(spec(), 'optimizer.learning_rate=0.1'))).toBe(
      '--set optimizer.learning_rate=0.1: unknown key "optimizer.learning_rate" — did you mean "optimizer.lr"?',
    );
    expect(flagError(() => applySet(spec(), 'model.activation=sigmod'))).toMatch(/^--set model\.activation=sigmod: unknown activation "sigmod" .* did you mean "sigmoid"\?/);
    expect(flagError(() => applySet(spec(), 'optimizer.lr'))).toBe('--set: "optimizer.lr" must look like key=value, e.g. optimizer.lr=0.05');
    expect(flagError(() => applySet(spec(), 'optimizer.lr=[1'))).toMatch(/^--set optimizer\.lr=\[1: cannot read "\[1" as a YAML value/);
  });

  it('re-checks whole runs after the change', () => {
    expect(flagError(() => applySet(spec(), 'train.batch_size=2000'))).toMatch(
      /^--set train\.batch_size=2000: train\.batch_size 2000 is larger than the 1079 training samples of digits — use at most 1079 \(variant "plain"\) \(with optimizer\.lr=0\.01, model\.activation="relu"\)$/,
    );
    expect(flagError(() => applySet(spec(), 'model.sizes=[784, 10]'))).toMatch(/layer sizes \[784,10\] do not fit the dataset: digits has 64 input features/);
    expect(applySet(spec(), 'model.sizes=[64, 20, 10]').base.model.hidden).toEqual([20]);
  });

  it('can set the seed count, or a list of seeds as the spec\'s seeds: takes', () => {
    expect(applySet(spec(), 'seeds=5').seeds).toEqual([0, 1, 2, 3, 4]);
    expect(applySet(spec(), 'seeds=[0, 7, 42]').seeds).toEqual([0, 7, 42]);
    expect(expand(applySet(spec(), 'seeds=[7]')).map((p) => p.config.seed)).toEqual(Array(8).fill(7));
    expect(flagError(() => applySet(spec(), 'seeds=[1, 1]'))).toBe('--set seeds=[1, 1]: seed 1 is listed twice — each seed runs once');
    expect(flagError(() => applySet(spec(), 'seeds=[0, -2]'))).toBe('--set seeds=[0, -2]: seeds[1] must be an integer from 0 to 4294967295, got -2');
    expect(flagError(() => applySet(spec(), 'seeds=[]'))).toBe('--set seeds=[]: seeds must be a non-empty list of at most 1000 seeds, got []');
    expect(flagError(() => applySet(spec(), 'seeds=0'))).toBe('--set seeds=0: seeds must be a count from 1 to 1000 or a list like [0, 7, 42], got 0');
    // --seeds itself stays a count.
    expect(flagError(() => applySeeds(spec(), '[0, 7]'))).toBe('--seeds: seeds must be a count from 1 to 1000, got [0,7]');
  });

  it('re-checks a base model.sizes against a new dataset when given the parse details', () => {
    const { spec: s, baseSizes } = parseSpecFull(yaml('name: z', 'model: { sizes: [784, 30, 10] }'), 'z.yaml');
    expect(flagError(() => applySet(s, 'data.dataset=digits', baseSizes))).toMatch(/layer sizes \[784,30,10\] do not fit the dataset: digits/);
  });
});

describe('--seeds and --epochs', () => {
  it('sets the seed count, from a number or flag text', () => {
    expect(applySeeds(spec(), 2).seeds).toEqual([0, 1]);
    expect(applySeeds(spec(), '4').seeds).toEqual([0, 1, 2, 3]);
    expect(expand(applySeeds(spec(), 1))).toHaveLength(2 * 2 * 2);
    expect(flagError(() => applySeeds(spec(), 0))).toBe('--seeds: seeds must be a count from 1 to 1000, got 0');
    expect(flagError(() => applySeeds(spec(), 'many'))).toBe('--seeds: seeds must be a count from 1 to 1000, got "many"');
  });

  it('sets the epochs of every run', () => {
    expect(expand(applyEpochs(spec(), 2)).every((r) => r.config.train.epochs === 2)).toBe(true);
    expect(applyEpochs(spec(), '7').base.train.epochs).toBe(7);
    expect(flagError(() => applyEpochs(spec(), 0))).toBe('--epochs: train.epochs must be an integer from 1 to 100000, got 0');
    expect(flagError(() => applyEpochs(spec(), '1.5'))).toBe('--epochs: train.epochs must be an integer from 1 to 100000, got 1.5');
  });

  it('applies a whole override set in order, and changes ids only where the config changes', () => {
    const before = expand(spec());
    const after = expand(applyOverrides(spec(), { set: ['model.hidden=[16]', 'model.hidden=[100]'], seeds: 3, epochs: 10 }));
    // hidden [100] and 10 epochs are the defaults, so the runs are the very same.
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    const changed = expand(applyOverrides(spec(), { epochs: 11 }));
    expect(changed.filter((r, i) => r.id === before[i]!.id)).toEqual([]);
  });
});

describe('--trials', () => {
  it('more trials than the search has configurations is one line naming the fix, before anything draws them', () => {
    const spec = parseSpec(['name: a', 'data: digits', 'model: { hidden: [8] }', 'sweep: { model.activation: "choice(relu, leaky_relu, tanh, sigmoid)" }', 'search: { method: random, trials: 2 }'].join('\n') + '\n', 'x.yaml');
    expect(() => applyOverrides(spec, { trials: '5' })).toThrow(/^--trials: the search space holds only 4 distinct configurations .* lower trials to 2/);
  });
});
