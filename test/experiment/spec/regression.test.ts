import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { isRegressionSpec } from '../../../src/experiment/spec/regression.js';
import { applySet, applySweep } from '../../../src/experiment/spec/overrides.js';
import { selectionMetric } from '../../../src/experiment/plan/stages.js';
import { message, yaml } from '../helpers.js';

describe('regression specs', () => {
  it('accept friedman with a regression loss, and csv with task and target', () => {
    const s = parseSpec(yaml('name: a', 'data: { dataset: friedman, noise: 1 }', 'loss: huber'), 'x.yaml');
    expect(isRegressionSpec(s)).toBe(true);
    const c = parseSpec(yaml('name: a', 'data: { dataset: csv, path: h.csv, task: regression, target: [price, tax] }', 'loss: mse'), 'x.yaml');
    expect(c.base.data.target).toEqual(['price', 'tax']);
    expect(isRegressionSpec(parseSpec(yaml('name: a', 'data: digits'), 'x.yaml'))).toBe(false);
  });

  it('name the mismatch between the data and the loss', () => {
    expect(message(yaml('name: a', 'data: friedman'))).toBe('x.yaml:1:1: loss softmax_cross_entropy needs class labels, but friedman is a regression set (real-valued targets); use mse, mae, huber');
    expect(message(yaml('name: a', 'data: digits', 'loss: mae'))).toMatch(/^x\.yaml:3:7: loss mae is a regression loss, but digits has class labels; use softmax_cross_entropy/);
    expect(message(yaml('name: a', 'data: { dataset: csv, path: h.csv, task: regression }', 'loss: mse'))).toMatch(/^x\.yaml:2:\d+: task regression needs data.target/);
    expect(message(yaml('name: a', 'data: { dataset: friedman, task: regression }', 'loss: mse'))).toMatch(/data\.task only applies to dataset csv \(friedman is always regression\)/);
    expect(message(yaml('name: a', 'data: { dataset: csv, path: h.csv, task: regression, target: [price], label: price }', 'loss: mse'))).toMatch(/^x\.yaml:2:\d+: data\.label names the class column of a classification csv; a regression run learns data\.target — remove data\.label/);
    expect(message(yaml('name: a', 'data: friedman', 'loss: mse', 'train: { patience: 3 }'))).toMatch(/train\.patience stops on validation accuracy, which regression runs do not have/);
  });
});

describe('the report metric of a regression spec', () => {
  const friedman = ['name: a', 'data: { dataset: friedman, noise: 1 }', 'loss: mse'];

  it('defaults by task: val_r2 for regression, val_accuracy for classification', () => {
    expect(parseSpec(yaml(...friedman), 'x.yaml').report.metric).toBe('val_r2');
    expect(parseSpec(yaml('name: a', 'data: { dataset: csv, path: h.csv, task: regression, target: [price] }', 'loss: mse'), 'x.yaml').report.metric).toBe('val_r2');
    expect(parseSpec(yaml('name: a', 'data: digits'), 'x.yaml').report.metric).toBe('val_accuracy');
    // A search ranks its trials by the report metric: R², not an accuracy the runs never record.
    const search = parseSpec(yaml(...friedman, 'sweep: { optimizer.lr: "loguniform(0.001, 0.1)" }', 'search: { method: random, trials: 4 }'), 'x.yaml');
    expect(selectionMetric(search.report.metric)).toBe('val_r2');
  });

  it('follows an override that changes the task, unless the spec named another metric of the old one', () => {
    const digits = parseSpec(yaml('name: a', 'data: digits', 'loss: mse'), 'x.yaml');
    expect(applySet(digits, 'data.dataset=friedman').report.metric).toBe('val_r2');
    const named = parseSpec(yaml('name: a', 'data: digits', 'loss: mse', 'report: { metric: test_accuracy }'), 'x.yaml');
    expect(() => applySet(named, 'data.dataset=friedman')).toThrow(/^--set data\.dataset=friedman: the spec's report\.metric test_accuracy is a classification metric, but the runs are regression \(real-valued targets\), which record no accuracy; use one of val_r2, .*, train_loss — change it in the spec$/);
  });

  it('refuses a metric or target of the other task at its line, naming the metrics the runs record', () => {
    const valid = 'val_r2, test_r2, train_r2, val_rmse, test_rmse, train_rmse, val_mae, test_mae, train_mae, val_loss, train_loss';
    expect(message(yaml(...friedman, 'report: { metric: val_accuracy }'))).toBe(`x.yaml:4:19: report.metric val_accuracy is a classification metric, but the runs are regression (real-valued targets), which record no accuracy; use one of ${valid}`);
    expect(message(yaml(...friedman, 'report: { metric: best_val_accuracy }'))).toMatch(/^x\.yaml:4:19: report\.metric best_val_accuracy is a classification metric/);
    expect(message(yaml(...friedman, 'report: { target_accuracy: 0.9 }'))).toBe(`x.yaml:4:28: report.target_accuracy is a validation accuracy, which regression runs (real-valued targets) do not record — remove it; they record ${valid}`);
    expect(message(yaml('name: a', 'data: digits', 'report: { metric: val_r2 }'))).toBe('x.yaml:3:19: report.metric val_r2 is a regression metric, but the runs are classification (class labels), which record no rmse, mae or r2; use one of val_accuracy, test_accuracy, train_accuracy, best_val_accuracy, val_loss, train_loss');
    expect(parseSpec(yaml(...friedman, 'report: { metric: val_loss }'), 'x.yaml').report.metric).toBe('val_loss');
  });
});

describe('a spec whose runs mix classification and regression', () => {
  const why = "mixes classification runs (class labels) and regression runs (real-valued targets), which no one metric can rank (accuracy and r2 each leave the other task's runs empty, and their losses measure different things) — put each task in its own spec";
  it('is refused at the sweep key or variant that mixes them: no metric would rank every run', () => {
    expect(message(yaml('name: a', 'data: digits', 'loss: mse', 'sweep: { data.dataset: [digits, friedman] }'))).toBe(`x.yaml:4:10: sweep.data.dataset ${why}`);
    expect(message(yaml('name: a', 'data: digits', 'loss: mse', 'variants:', '  - { name: d, set: { model.hidden: [8] } }', '  - { name: f, set: { data.dataset: friedman } }'))).toBe(`x.yaml:6:5: variant "f" ${why.replace('mixes', "mixes the spec's")}`);
    // The variant blamed is the one whose task differs from the first run's, not the first to set the dataset.
    expect(message(yaml('name: a', 'data: friedman', 'loss: mse', 'variants:', '  - { name: reg1, set: { data.dataset: friedman, model.hidden: [8] } }', '  - { name: cls, set: { data.dataset: circles } }'))).toBe(`x.yaml:6:5: variant "cls" ${why.replace('mixes', "mixes the spec's")}`);
    // Also when the variant that moves to the other task comes first.
    expect(message(yaml('name: a', 'data: friedman', 'loss: mse', 'variants:', '  - { name: cls, set: { data.dataset: circles } }', '  - { name: reg, set: { optimizer.lr: 0.1 } }', '  - { name: reg2, set: { data.dataset: friedman } }'))).toBe(`x.yaml:5:5: variant "cls" ${why.replace('mixes', "mixes the spec's")}`);
    // A random search's choices count whichever trials it happens to draw.
    for (const seed of [0, 1, 2]) {
      expect(message(yaml('name: a', 'data: friedman', 'loss: mse', 'sweep: { data.dataset: "choice(friedman, circles)", optimizer.lr: "loguniform(0.001, 1)" }', `search: { method: random, trials: 2, seed: ${seed} }`))).toBe(`x.yaml:4:10: sweep.data.dataset ${why}`);
    }
  });
  it('is refused when --sweep would make it so; a --set that moves every run keeps one task', () => {
    const digits = parseSpec(yaml('name: a', 'data: digits', 'loss: mse'), 'x.yaml');
    expect(() => applySweep(digits, 'data.dataset=digits,friedman', false, null)).toThrow(`--sweep data.dataset=digits,friedman: the spec then ${why}`);
    const swept = parseSpec(yaml('name: a', 'data: digits', 'loss: mse', 'sweep: { model.hidden: [[8], [16]] }'), 'x.yaml');
    expect(applySet(swept, 'data.dataset=friedman').report.metric).toBe('val_r2');
  });
});
