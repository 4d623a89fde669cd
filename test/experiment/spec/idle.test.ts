/**
 * A layer setting (leaky_slope, bn_momentum, bn_eps) that no run's net reads is refused at its
 * line; one that some run reads is accepted, even where other runs of the sweep lack the layer.
 * data.target_scale on class labels is refused too.
 */
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { applySet } from '../../../src/experiment/spec/overrides.js';
import { message, yaml } from '../helpers.js';

describe('layer settings no run reads', () => {
  it('are refused at the line that set them, naming the layer and the fix', () => {
    expect(message(yaml('name: a', 'data: digits', 'model: { hidden: [8], leaky_slope: 0.2 }'))).toBe(
      'x.yaml:3:36: model.leaky_slope has no effect: no run has a leaky_relu layer — set model.activation: leaky_relu (or put leaky_relu in model.layers), or remove model.leaky_slope');
    expect(message(yaml('name: a', 'data: digits', 'model: { hidden: [8] }', 'sweep: { model.bn_momentum: [0.1, 0.5] }'))).toMatch(
      /^x\.yaml:4:\d+: model\.bn_momentum has no effect: no run has a batchnorm layer — set model\.batch_norm: true/);
    expect(message(yaml('name: a', 'data: digits', 'model: { layers: [flatten, dense(8), relu, dense(10)], bn_eps: 0.001 }'))).toMatch(/model\.bn_eps has no effect: no run has a batchnorm layer/);
  });

  it('are accepted when some run reads them: the MLP activation, a layer list, or one arm of a sweep', () => {
    expect(parseSpec(yaml('name: a', 'data: digits', 'model: { hidden: [8], activation: leaky_relu, leaky_slope: 0.2 }'), 'x.yaml').base.model.leaky_slope).toBe(0.2);
    expect(parseSpec(yaml('name: a', 'data: digits', 'model: { layers: [flatten, dense(8), leaky_relu, dense(10)], leaky_slope: 0.2 }'), 'x.yaml').base.model.leaky_slope).toBe(0.2);
    expect(parseSpec(yaml('name: a', 'data: digits', 'model: { hidden: [8], leaky_slope: 0.2 }', 'sweep: { model.activation: [relu, leaky_relu] }'), 'x.yaml').sweep['model.activation']).toHaveLength(2);
    expect(parseSpec(yaml('name: a', 'data: digits', 'model: { hidden: [8], batch_norm: true, bn_momentum: 0.3 }'), 'x.yaml').base.model.bn_momentum).toBe(0.3);
    // Written at their defaults (as `nnlab format` writes every key), they change nothing and pass.
    expect(parseSpec(yaml('name: a', 'data: digits', 'model: { hidden: [8], leaky_slope: 0.01, bn_momentum: 0.1, bn_eps: 0.00001 }'), 'x.yaml').base.model.bn_eps).toBe(1e-5);
  });

  it('are refused when --set would leave them unread', () => {
    const leaky = parseSpec(yaml('name: a', 'data: digits', 'model: { hidden: [8], activation: leaky_relu, leaky_slope: 0.2 }'), 'x.yaml');
    expect(() => applySet(leaky, 'model.activation=tanh')).toThrow(/^--set model\.activation=tanh: model\.leaky_slope has no effect: no run has a leaky_relu layer/);
  });
});

describe('data.target_scale', () => {
  it('is refused on class labels and accepted on regression targets', () => {
    expect(message(yaml('name: a', 'data: { dataset: csv, path: h.csv, label: y, target_scale: none }'))).toMatch(
      /^x\.yaml:2:\d+: data\.target_scale scales regression targets, but these runs learn class labels — remove it/);
    expect(parseSpec(yaml('name: a', 'data: { dataset: friedman, target_scale: none }', 'loss: mse'), 'x.yaml').base.data.target_scale).toBe('none');
  });
});
