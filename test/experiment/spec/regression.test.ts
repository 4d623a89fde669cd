import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { isRegressionSpec } from '../../../src/experiment/spec/regression.js';
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
