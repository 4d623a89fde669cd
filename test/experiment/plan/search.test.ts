import { describe, expect, it } from 'vitest';
import { expand } from '../../../src/experiment/plan/expand.js';
import { finalSeeds, plannedRunCount, planRuns, rungBudgets, rungSizes, selectionMetric } from '../../../src/experiment/plan/stages.js';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { formatSpec } from '../../../src/experiment/spec/format.js';
import { applyOverrides } from '../../../src/experiment/spec/overrides.js';
import { isSpecError } from '../../../src/experiment/spec/errors.js';
import { message, yaml } from '../helpers.js';

const RANDOM = (trials: number, extra: string[] = []) =>
  yaml('name: r', 'data: digits', 'model: { hidden: [16] }', 'train: { epochs: 2 }', 'sweep:', '  optimizer.lr: loguniform(0.001, 1)', ...extra, `search: { method: random, trials: ${trials}, seed: 0 }`);

describe('random search', () => {
  it('plans N distinct draws inside the bounds, the same every time', () => {
    const runs = expand(parseSpec(RANDOM(8), 'r.yaml'));
    const lrs = runs.map((r) => r.config.optimizer.lr);
    expect(runs).toHaveLength(8);
    expect(new Set(lrs).size).toBe(8);
    for (const lr of lrs) expect(lr >= 0.001 && lr <= 1).toBe(true);
    expect(runs.map((r) => r.trial)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(expand(parseSpec(RANDOM(8), 'r.yaml')).map((r) => r.id)).toEqual(runs.map((r) => r.id));
    // A log-uniform draw spreads over decades: not all in the top one.
    expect(lrs.filter((x) => x < 0.1).length).toBeGreaterThan(0);
  });

  it('keeps the first trials and their run ids when trials grow', () => {
    const eight = expand(parseSpec(RANDOM(8), 'r.yaml')).map((r) => r.id);
    const sixteen = expand(parseSpec(RANDOM(16), 'r.yaml')).map((r) => r.id);
    expect(sixteen.slice(0, 8)).toEqual(eight);
    expect(new Set(sixteen).size).toBe(16);
  });

  it('draws from the search seed alone, not the training seeds', () => {
    const one = expand(parseSpec(RANDOM(4), 'r.yaml')).map((r) => r.config.optimizer.lr);
    const three = expand(parseSpec(RANDOM(4).replace('name: r', 'name: r\nseeds: 3'), 'r.yaml'));
    expect([...new Set(three.map((r) => r.config.optimizer.lr))]).toEqual(one);
    const other = expand(parseSpec(RANDOM(4).replace('seed: 0', 'seed: 1'), 'r.yaml')).map((r) => r.config.optimizer.lr);
    expect(other).not.toEqual(one);
  });

  it('crosses grid lists with the trials, and every distribution kind draws valid values', () => {
    const runs = expand(parseSpec(RANDOM(5, [
      '  optimizer.name: [momentum, adam]',
      '  optimizer.momentum: uniform(0.5, 0.99)',
      '  train.batch_size: intuniform(8, 64)',
      '  model.activation: choice(relu, tanh)',
    ]), 'r.yaml'));
    expect(runs).toHaveLength(10);
    for (const r of runs) {
      expect(r.config.optimizer.momentum).toBeGreaterThanOrEqual(0.5);
      expect(r.config.optimizer.momentum).toBeLessThanOrEqual(0.99);
      expect(Number.isInteger(r.config.train.batch_size)).toBe(true);
      expect(['relu', 'tanh']).toContain(r.config.model.activation);
    }
    // The same draws for each arm of the grid: the arms differ only in the grid key.
    const sgd = runs.filter((r) => r.config.optimizer.name === 'momentum').map((r) => r.config.optimizer.lr);
    const adam = runs.filter((r) => r.config.optimizer.name === 'adam').map((r) => r.config.optimizer.lr);
    expect(sgd).toEqual(adam);
    expect(Object.keys(runs[0]!.swept)).toEqual(['optimizer.name', 'optimizer.lr', 'optimizer.momentum', 'train.batch_size', 'model.activation', 'trial']);
  });

  it('survives formatSpec round trips', () => {
    const s = parseSpec(RANDOM(6, ['  optimizer.momentum: uniform(0.5, 0.99)']).replace('data: digits', 'data: digits\noptimizer: momentum'), 'r.yaml');
    expect(parseSpec(formatSpec(s), 'f.yaml')).toEqual(s);
  });

  it('says what is wrong with a distribution, in one line naming the place and the fix', () => {
    expect(message(RANDOM(8).replace('loguniform(0.001, 1)', 'logunifrom(0.001, 1)'))).toMatch(/r?x\.yaml:6:\d+: optimizer\.lr: unknown distribution "logunifrom" — use loguniform/);
    expect(message(RANDOM(8).replace('loguniform(0.001, 1)', 'loguniform(0, 1)'))).toMatch(/loguniform needs low > 0/);
    expect(message(RANDOM(8).replace('loguniform(0.001, 1)', 'uniform(1, 0.5)'))).toMatch(/needs low < high/);
    expect(message(RANDOM(8, ['  optimizer.momentum: uniform(0.5, 1.5)']).replace('data: digits', 'data: digits\noptimizer: momentum'))).toMatch(/bound 1\.5 is not a valid value: optimizer\.momentum must be a number in \[0, 1\)/);
    expect(message(RANDOM(8, ['  optimizer.name: choice(sgd, adma)']))).toMatch(/choice value "adma"/);
    expect(message(RANDOM(8).replace(/search:.*\n/, ''))).toMatch(/needs a number of trials: add search: \{ method: random, trials: 16 \}/);
    expect(message(RANDOM(8).replace('method: random', 'method: grid').replace(', trials: 8', ''))).toMatch(/is a distribution, which a grid cannot enumerate/);
    expect(message(RANDOM(8, ['  model.activation: choice(relu, tanh)']).replace('loguniform(0.001, 1)', 'choice(0.1, 0.01)'))).toMatch(/holds only 4 distinct configurations .*8 trials need at least 16.*lower trials to 2/);
    // A narrow real range holds few 4-digit values: said at validation, not found out while drawing.
    expect(message(RANDOM(20, ['  optimizer.momentum: uniform(0.9, 0.9005)']).replace('data: digits', 'data: digits\noptimizer: momentum').replace('loguniform(0.001, 1)', 'choice(0.1)'))).toMatch(/holds only 6 distinct configurations/);
    // Whole-number settings refuse real draws and name intuniform.
    expect(message(RANDOM(8, ['  train.batch_size: uniform(16, 128)']))).toMatch(/train\.batch_size: uniform draws real numbers, but train\.batch_size must be an integer.*use intuniform\(16, 128\)/);
    // sgd reads no momentum: searching it would tune nothing.
    expect(message(RANDOM(8, ['  optimizer.momentum: uniform(0.5, 0.99)']))).toMatch(/sweep optimizer\.momentum: sgd does not read momentum \(sgd reads lr\).*optimizer\.name: momentum/);
    expect(message(RANDOM(8).replace('seed: 0 }', 'seed: 0, trails: 3 }'))).toMatch(/unknown key "trails" in search — did you mean "trials"/);
  });
});

const HALVING = yaml(
  'name: h', 'data: digits', 'model: { hidden: [8] }', 'train: { epochs: 9 }', 'seeds: 2',
  'sweep:', '  optimizer.lr: loguniform(0.001, 1)',
  'search: { method: random, trials: 27, seed: 0, halving: { min_epochs: 1, eta: 3 } }',
);

/** Fake results: val_accuracy = the lr itself (so the ranking is known), everything "stopped"/"completed". */
function record(plans: ReturnType<typeof expand>, into: Map<string, Record<string, string>>, score = (lr: number) => lr): void {
  for (const p of plans) {
    if (into.has(p.id)) continue;
    into.set(p.id, { run_id: p.id, status: p.stopAt !== undefined ? 'stopped' : 'completed', val_accuracy: String(score(p.config.optimizer.lr)), val_loss: '1' });
  }
}

describe('successive halving', () => {
  it('has rungs r, r·eta, … up to train.epochs, each keeping 1/eta', () => {
    expect(rungBudgets(1, 3, 9)).toEqual([1, 3, 9]);
    expect(rungBudgets(1, 3, 10)).toEqual([1, 3, 9, 10]);
    expect(rungBudgets(2, 2, 5)).toEqual([2, 4, 5]);
    expect(rungSizes(27, 3, 3)).toEqual([27, 9, 3]);
    expect(rungSizes(5, 3, 3)).toEqual([5, 1, 1]);
  });

  it('plans rung by rung from recorded results, promoting the best by the validation metric', () => {
    const spec = parseSpec(HALVING, 'h.yaml');
    const store = new Map<string, Record<string, string>>();
    let s = planRuns(spec, store);
    expect(s.plans).toHaveLength(27 * 2);
    expect(s.plans.every((p) => p.stopAt === 1 && p.swept['rung'] === 0)).toBe(true);
    expect(s.complete).toBe(false);
    record(s.plans, store);
    s = planRuns(spec, store);
    const rung1 = s.plans.filter((p) => p.swept['rung'] === 1);
    expect(rung1).toHaveLength(9 * 2);
    expect(rung1.every((p) => p.stopAt === 3)).toBe(true);
    // The 9 promoted are the 9 largest lrs (the fake score).
    const lrs = [...new Set(s.plans.filter((p) => p.swept['rung'] === 0).map((p) => p.config.optimizer.lr))].sort((a, b) => b - a);
    expect(new Set(rung1.map((p) => p.config.optimizer.lr))).toEqual(new Set(lrs.slice(0, 9)));
    record(s.plans, store);
    s = planRuns(spec, store);
    const rung2 = s.plans.filter((p) => p.swept['rung'] === 2);
    expect(rung2).toHaveLength(3 * 2);
    expect(rung2.every((p) => p.stopAt === undefined)).toBe(true);
    record(s.plans, store);
    s = planRuns(spec, store);
    expect(s.complete).toBe(true);
    // The documented total: Σ configurations × budget × seeds = (27·1 + 9·3 + 3·9) · 2.
    const epochs = s.plans.reduce((n, p) => n + (p.stopAt ?? 9), 0);
    expect(epochs).toBe((27 + 27 + 27) * 2);
    expect(new Set(s.plans.map((p) => p.id)).size).toBe(s.plans.length);
  });

  it('ranks a configuration with a diverged seed last', () => {
    const spec = parseSpec(HALVING, 'h.yaml');
    const store = new Map<string, Record<string, string>>();
    const first = planRuns(spec, store).plans;
    record(first, store);
    const best = [...first].sort((a, b) => b.config.optimizer.lr - a.config.optimizer.lr)[0]!;
    store.set(best.id, { ...store.get(best.id)!, status: 'diverged', val_accuracy: '' });
    const promoted = planRuns(spec, store).plans.filter((p) => p.swept['rung'] === 1).map((p) => p.config.optimizer.lr);
    expect(promoted).not.toContain(best.config.optimizer.lr);
  });

  it('refuses a halving it cannot do', () => {
    expect(message(HALVING.replace('min_epochs: 1', 'min_epochs: 9'))).toMatch(/min_epochs \(9\) must be below train\.epochs \(9\)/);
    expect(message(HALVING.replace('min_epochs: 1, ', ''))).toMatch(/needs min_epochs/);
    expect(message(HALVING.replace('sweep:', 'sweep:\n  train.epochs: [3, 9]'))).toMatch(/one train\.epochs for every configuration/);
    expect(message(HALVING.replace("'sweep:', '  optimizer.lr", "x").replace('sweep:\n  optimizer.lr: loguniform(0.001, 1)', 'sweep: { optimizer.lr: loguniform(0.001, 1) }'))).toMatch(/cut at a comma: inside \{ … \} YAML splits at commas, so quote the distribution/);
  });
});

const PROTOCOL = yaml(
  'name: p', 'data: digits', 'model: { hidden: [8] }', 'train: { epochs: 2 }', 'seeds: 2',
  'sweep:', '  optimizer.name: [momentum, adam]', '  optimizer.lr: loguniform(0.001, 1)',
  'protocol: { compare: optimizer.name, tune: [optimizer.lr], budget: 4, final_seeds: 3 }',
);

describe('tune-then-test', () => {
  it('gives every arm the budget, then retrains each arm\'s best on fresh seeds, tested', () => {
    const spec = parseSpec(PROTOCOL, 'p.yaml');
    const store = new Map<string, Record<string, string>>();
    let s = planRuns(spec, store);
    expect(s.plans).toHaveLength(2 * 4 * 2);
    expect(s.plans.every((p) => p.test === false && p.swept['stage'] === 'tune')).toBe(true);
    record(s.plans, store, (lr) => -Math.abs(Math.log10(lr) + 2)); // best near 0.01
    s = planRuns(spec, store);
    const finals = s.plans.filter((p) => p.swept['stage'] === 'final');
    expect(finals).toHaveLength(2 * 3);
    expect(finals.every((p) => p.test === undefined && p.stopAt === undefined)).toBe(true);
    const tuning = new Set(s.plans.filter((p) => p.swept['stage'] === 'tune').map((p) => p.seed));
    for (const f of finals) expect(tuning.has(f.seed)).toBe(false);
    expect(finalSeeds(spec)).toEqual([2, 3, 4]);
    // Each arm's final config is its tuning trial closest to lr 0.01.
    for (const arm of ['momentum', 'adam']) {
      const tried = s.plans.filter((p) => p.swept['stage'] === 'tune' && p.config.optimizer.name === arm).map((p) => p.config.optimizer.lr);
      const best = tried.reduce((a, b) => (Math.abs(Math.log10(b) + 2) < Math.abs(Math.log10(a) + 2) ? b : a));
      expect(new Set(finals.filter((p) => p.config.optimizer.name === arm).map((p) => p.config.optimizer.lr))).toEqual(new Set([best]));
    }
    expect(s.complete).toBe(false);
    record(s.plans, store);
    expect(planRuns(spec, store).complete).toBe(true);
  });

  it('names the fix for a protocol that does not fit the sweep', () => {
    expect(message(PROTOCOL.replace('compare: optimizer.name', 'compare: optimizer.nam'))).toMatch(/protocol\.compare "optimizer\.nam" must be a sweep key with a list of values/);
    expect(message(PROTOCOL.replace('tune: [optimizer.lr]', 'tune: [optimizer.momentum]'))).toMatch(/protocol\.tune "optimizer\.momentum" must be a sweep key written as a distribution/);
    expect(message(PROTOCOL.replace('budget: 4', 'budget: 4, seed: 1'))).toMatch(/unknown key "seed" in protocol/);
    expect(message(PROTOCOL + 'search: { trials: 8 }\n')).toMatch(/search\.trials \(8\) and protocol\.budget \(4\) disagree/);
    expect(message(PROTOCOL + 'variants:\n  - { name: a }\n  - { name: b, set: { model.hidden: [16] } }\n')).toMatch(/protocol\.compare is optimizer\.name but the spec also has variants/);
    expect(message(PROTOCOL.replace('[momentum, adam]', '[adam]'))).toMatch(/has 1 value; a comparison needs at least two arms/);
  });
});

describe('planned totals and round trips', () => {
  it('counts every stage\'s runs before any has run', () => {
    expect(plannedRunCount(parseSpec(HALVING, 'h.yaml'))).toBe((27 + 9 + 3) * 2);
    expect(plannedRunCount(parseSpec(PROTOCOL, 'p.yaml'))).toBe(2 * 4 * 2 + 2 * 3);
    expect(plannedRunCount(parseSpec(RANDOM(8), 'r.yaml'))).toBe(8);
  });

  it('formats a protocol with halving back to an equal spec', () => {
    const s = parseSpec(PROTOCOL.replace('train: { epochs: 2 }', 'train: { epochs: 4 }') + 'search: { seed: 3, halving: { min_epochs: 1, eta: 2 } }\n', 'p.yaml');
    expect(s.search).toMatchObject({ method: 'random', trials: 4, seed: 3, halving: { min_epochs: 1, eta: 2 } });
    expect(parseSpec(formatSpec(s), 'f.yaml')).toEqual(s);
  });
});

describe('command-line overrides keep the search rules', () => {
  const err = (text: string, o: Parameters<typeof applyOverrides>[1]): string => {
    try {
      applyOverrides(parseSpec(text, 's.yaml'), o);
    } catch (e) {
      if (isSpecError(e)) return e.format();
      throw e;
    }
    throw new Error('expected a SpecError');
  };

  it('refuses what the spec file would refuse, naming the flag', () => {
    expect(err(HALVING, { sweep: ['train.epochs=3,9'] })).toMatch(/^--sweep train\.epochs=3,9: successive halving needs one train\.epochs/);
    expect(err(HALVING, { epochs: 1 })).toMatch(/^--epochs: search\.halving\.min_epochs \(1\) must be below train\.epochs \(1\)/);
    expect(err(PROTOCOL, { set: ['optimizer.name=adam'] })).toMatch(/^--set optimizer\.name=adam: optimizer\.name is what the protocol compares/);
    expect(err(PROTOCOL, { sweep: ['optimizer.beta1=uniform(0.8,0.99)'] })).toMatch(/add optimizer\.beta1 to protocol\.tune in the spec/);
    expect(err(RANDOM(4), { set: ['optimizer.lr=0.1'], sweep: ['optimizer.lr=0.1,0.2'] })).toMatch(/given by both --set and --sweep/);
    expect(err(RANDOM(4), { sweep: ['model.hidden=[4],[8]', 'model.hidden=[16]'] })).toMatch(/model\.hidden is given twice/);
  });

  it('does not depend on the order of --sweep flags', () => {
    const grid = yaml('name: g', 'data: digits', 'model: { hidden: [8] }');
    const a = applyOverrides(parseSpec(grid, 'g.yaml'), { sweep: ['model.hidden=[16],[32,32]', 'optimizer.lr=loguniform(1e-3,1)'], trials: 2 });
    const b = applyOverrides(parseSpec(grid, 'g.yaml'), { sweep: ['optimizer.lr=loguniform(1e-3,1)', 'model.hidden=[16],[32,32]'], trials: 2 });
    expect(expand(a).map((p) => p.id).sort()).toEqual(expand(b).map((p) => p.id).sort());
    expect(expand(a)).toHaveLength(4);
  });
});

describe('the metric a search ranks by', () => {
  it('is a validation metric: the report metric, or its validation twin, never a test metric', () => {
    expect(selectionMetric('val_accuracy')).toBe('val_accuracy');
    expect(selectionMetric('val_loss')).toBe('val_loss');
    expect(selectionMetric('best_val_accuracy')).toBe('best_val_accuracy');
    expect(selectionMetric('test_accuracy')).toBe('val_accuracy');
    expect(selectionMetric('test_r2')).toBe('val_r2');
    expect(selectionMetric('train_rmse')).toBe('val_rmse');
  });
});
