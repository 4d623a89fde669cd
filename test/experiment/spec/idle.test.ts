/**
 * Layer settings (leaky_slope, bn_momentum, bn_eps) that change nothing are refused: a sweep value
 * or variant that sets one for a run whose network lacks the layer, at its line; a base value no
 * run reads, at its line (or, with --set/--sweep, once every override is applied). One that some
 * run reads is accepted. data.target_scale on class labels is refused too.
 */
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../../src/experiment/spec/parse.js';
import { applyOverrides } from '../../../src/experiment/spec/overrides.js';
import { message, yaml } from '../helpers.js';

const base = ['name: a', 'data: digits'];

describe('a base layer setting no run reads', () => {
  it('is refused at its line, naming the layer and the fix for the kind of network', () => {
    expect(message(yaml(...base, 'model: { hidden: [8], leaky_slope: 0.2 }'))).toBe(
      'x.yaml:3:36: model.leaky_slope has no effect: no run has a leaky_relu layer — set model.activation: leaky_relu (with at least one hidden layer), or remove model.leaky_slope');
    expect(message(yaml(...base, 'model: { layers: [flatten, dense(8), relu, dense(10)], bn_eps: 0.001 }'))).toBe(
      'x.yaml:3:64: model.bn_eps has no effect: no run has a batchnorm layer — put batchnorm in model.layers, or remove model.bn_eps');
    // An MLP without hidden layers has no activation and no batch norm.
    expect(message(yaml(...base, 'model: { hidden: [], activation: leaky_relu, leaky_slope: 0.3 }'))).toMatch(/model\.leaky_slope has no effect: no run has a leaky_relu layer/);
    expect(message(yaml(...base, 'model: { hidden: [], batch_norm: true, bn_eps: 0.01 }'))).toMatch(/model\.bn_eps has no effect: no run has a batchnorm layer/);
  });

  it('is accepted when some run reads it: the MLP activation, a layer list in any case, or one arm of a sweep', () => {
    expect(parseSpec(yaml(...base, 'model: { hidden: [8], activation: leaky_relu, leaky_slope: 0.2 }'), 'x.yaml').base.model.leaky_slope).toBe(0.2);
    expect(parseSpec(yaml(...base, 'model: { layers: [flatten, dense(8), Leaky_ReLU, dense(10)], leaky_slope: 0.2 }'), 'x.yaml').base.model.leaky_slope).toBe(0.2);
    expect(parseSpec(yaml(...base, 'model: { hidden: [8], leaky_slope: 0.2 }', 'sweep: { model.activation: [relu, leaky_relu] }'), 'x.yaml').sweep['model.activation']).toHaveLength(2);
    expect(parseSpec(yaml(...base, 'model: { hidden: [8], batch_norm: true, bn_momentum: 0.3 }'), 'x.yaml').base.model.bn_momentum).toBe(0.3);
    // Written at their defaults (as a formatted spec writes every key), they change nothing and pass.
    expect(parseSpec(yaml(...base, 'model: { hidden: [8], leaky_slope: 0.01, bn_momentum: 0.1, bn_eps: 0.00001 }'), 'x.yaml').base.model.bn_eps).toBe(1e-5);
  });

  it('is judged once every override is applied: --set a slope with --sweep of the activation passes, in any order', () => {
    const relu = parseSpec(yaml(...base, 'model: { hidden: [8] }'), 'x.yaml');
    expect(applyOverrides(relu, { set: ['model.leaky_slope=0.2'], sweep: ['model.activation=relu,leaky_relu'] }).sweep['model.activation']).toHaveLength(2);
    expect(applyOverrides(relu, { set: ['model.bn_eps=0.01', 'model.batch_norm=true'] }).base.model.bn_eps).toBe(0.01);
    const leaky = parseSpec(yaml(...base, 'model: { hidden: [8], activation: leaky_relu, leaky_slope: 0.2 }'), 'x.yaml');
    expect(() => applyOverrides(leaky, { set: ['model.activation=tanh'] })).toThrow(
      '--set model.activation=tanh: model.leaky_slope has no effect: no run has a leaky_relu layer — set model.activation: leaky_relu (with at least one hidden layer), or remove model.leaky_slope');
  });

  it('under a random search, is judged by the choices it can draw, not by the trials it drew', () => {
    for (const seed of [0, 1, 2, 3]) {
      const search = `search: { method: random, trials: 2, seed: ${seed} }`;
      expect(parseSpec(yaml(...base, 'model: { hidden: [8], leaky_slope: 0.3 }', 'sweep: { model.activation: "choice(relu, leaky_relu, tanh, sigmoid)" }', search), 'x.yaml').base.model.leaky_slope).toBe(0.3);
      expect(message(yaml(...base, 'model: { hidden: [8], leaky_slope: 0.3 }', 'sweep: { model.activation: "choice(relu, tanh, sigmoid)", optimizer.lr: "loguniform(0.001, 1)" }', search))).toMatch(
        /^x\.yaml:3:36: model\.leaky_slope has no effect: no run has a leaky_relu layer/);
    }
    // A drawn slope with no leaky_relu anywhere is blamed at its own sweep entry.
    expect(message(yaml(...base, 'model: { hidden: [8] }', 'sweep: { model.leaky_slope: "uniform(0.01, 0.5)" }', 'search: { method: random, trials: 2 }'))).toMatch(
      /^x\.yaml:4:10: model\.leaky_slope has no effect: no run has a leaky_relu layer/);
  });
});

describe('a sweep value or variant that sets a layer setting for a network without the layer', () => {
  it('is refused at that value or variant: its runs would repeat the default\'s', () => {
    expect(message(yaml(...base, 'model: { hidden: [8] }', 'sweep:', '  model.activation: [relu, leaky_relu]', '  model.leaky_slope: [0.01, 0.1]'))).toBe(
      'x.yaml:6:29: model.leaky_slope 0.1 has no effect on this run: its network has no leaky_relu layer, so it would repeat the default\'s run under another name — set model.leaky_slope only where the network has leaky_relu (a variant that also sets model.activation: leaky_relu), or remove it');
    expect(message(yaml(...base, 'model: { hidden: [8] }', 'variants:', '  - { name: leaky, set: { model.activation: leaky_relu } }', '  - { name: relu-slope, set: { model.leaky_slope: 0.3 } }'))).toMatch(
      /^x\.yaml:6:\d+: model\.leaky_slope 0\.3 has no effect on this run: its network has no leaky_relu layer.* \(variant "relu-slope"\)$/);
    expect(message(yaml(...base, 'model: { hidden: [8] }', 'variants:', '  - { name: bn, set: { model.batch_norm: true } }', '  - { name: nobn, set: { model.batch_norm: false, model.bn_momentum: 0.3 } }'))).toMatch(
      /^x\.yaml:6:\d+: model\.bn_momentum 0\.3 has no effect on this run: its network has no batchnorm layer/);
  });

  it('names what is missing: a hidden layer, when the activation already is leaky_relu', () => {
    expect(message(yaml(...base, 'model: { activation: leaky_relu }', 'sweep:', '  model.hidden: [[], [8]]', '  model.leaky_slope: [0.1, 0.3]'))).toMatch(
      /model\.leaky_slope 0\.1 has no effect on this run: its network has no leaky_relu layer, .* — set model\.leaky_slope only where the network has a hidden layer, or remove it/);
    expect(message(yaml(...base, 'model: { layers: [flatten, dense(8), relu, dense(10)] }', 'sweep: { model.leaky_slope: [0.01, 0.1] }'))).toMatch(/only where the layer list has leaky_relu, or remove it/);
  });

  it('is accepted where the run\'s own network has the layer', () => {
    const s = parseSpec(yaml(...base, 'model: { hidden: [8] }', 'variants:', '  - { name: relu, set: { model.activation: relu } }', '  - { name: leaky, set: { model.activation: leaky_relu, model.leaky_slope: 0.3 } }'), 'x.yaml');
    expect(s.variants).toHaveLength(2);
  });
});

describe('data.target_scale', () => {
  it('is refused on class labels, with the csv fix only for csv, and accepted on regression targets', () => {
    expect(message(yaml('name: a', 'data: { dataset: csv, path: h.csv, label: y, target_scale: none }'))).toMatch(
      /^x\.yaml:2:\d+: data\.target_scale scales regression targets, but csv runs learn class labels — remove it \(or add `task: regression` and data\.target\)$/);
    expect(message(yaml('name: a', 'data: { dataset: digits, target_scale: standardize }'))).toMatch(/data\.target_scale scales regression targets, but digits runs learn class labels — remove it$/);
    expect(parseSpec(yaml('name: a', 'data: { dataset: friedman, target_scale: none }', 'loss: mse'), 'x.yaml').base.data.target_scale).toBe('none');
  });
});
