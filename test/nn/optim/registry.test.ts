import { describe, expect, it } from 'vitest';
import {
  Adagrad,
  Adam,
  AdamW,
  makeOptimizer,
  Momentum,
  OPTIMIZER_NAMES,
  OPTIMIZERS,
  RMSprop,
  SGD,
  validateOptimizer,
} from '../../../src/nn/optim/index.js';
import type { OptimizerSpec } from '../../../src/nn/spec.js';
import { drive, expectTrajectory } from './fixtures.js';

const BASE: OptimizerSpec = {
  name: 'sgd',
  lr: 0.1,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  rho: 0.9,
  eps: 1e-8,
  weight_decay: 0.1,
};
const spec = (over: Partial<OptimizerSpec>): OptimizerSpec => ({ ...BASE, ...over });

describe('optimizer registry', () => {
  it('lists every optimizer by its spec name', () => {
    expect(OPTIMIZER_NAMES).toEqual(['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw']);
    expect(OPTIMIZERS.adam).toBe(Adam);
  });

  it('builds the class each name maps to, with the name as its .name and the spec lr', () => {
    const classes = [SGD, Momentum, Momentum, RMSprop, Adagrad, Adam, AdamW];
    OPTIMIZER_NAMES.forEach((name, i) => {
      const opt = makeOptimizer(spec({ name }));
      expect(opt).toBeInstanceOf(classes[i]!);
      expect(opt.name).toBe(name);
      expect(opt.lr).toBe(0.1);
    });
  });

  it('passes the spec hyper-parameters through (same numbers as direct construction)', () => {
    const fromSpec = drive(makeOptimizer(spec({ name: 'nesterov', momentum: 0.5 })));
    const direct = drive(new Momentum({ lr: 0.1, momentum: 0.5, nesterov: true }));
    expect(fromSpec).toEqual(direct);
    // the spec's weight_decay (0.1) reaches AdamW: a[0] after one step is 1 − 0.01·1 − 0.01·0.1·1
    const w = drive(makeOptimizer(spec({ name: 'adamw', lr: 0.01 })));
    expectTrajectory([w.a[0]!], [[0.9890000002, -1.9880000001]]);
  });

  it('ignores fields the algorithm does not read (one spec can sweep over optimizers)', () => {
    expect(validateOptimizer(spec({ name: 'sgd', beta1: 7, rho: -1 }))).toBeNull();
    expect(validateOptimizer(spec({ name: 'adam', momentum: 3 }))).toBeNull();
  });

  it('rejects an unknown name, listing the valid ones with a suggestion', () => {
    expect(() => makeOptimizer(spec({ name: 'adm' }))).toThrow(
      "optimizer: unknown optimizer 'adm' (did you mean 'adam'?); valid: sgd, momentum, nesterov, rmsprop, adagrad, adam, adamw",
    );
    expect(validateOptimizer(spec({ name: 'lbfgs' }))).toBe(
      "optimizer: unknown optimizer 'lbfgs'; valid: sgd, momentum, nesterov, rmsprop, adagrad, adam, adamw",
    );
    expect(validateOptimizer(spec({ name: 'toString' }))).toMatch(/^optimizer: unknown optimizer 'toString'/);
  });
});

describe('invalid hyper-parameters', () => {
  const cases: [Partial<OptimizerSpec>, string][] = [
    [{ name: 'sgd', lr: 0 }, 'sgd: optimizer.lr must be a finite number > 0, got 0 (try 0.1)'],
    [{ name: 'adam', lr: -0.001 }, 'adam: optimizer.lr must be a finite number > 0, got -0.001 (try 0.001)'],
    [{ name: 'rmsprop', lr: Infinity }, 'rmsprop: optimizer.lr must be a finite number > 0, got Infinity (try 0.001)'],
    [{ name: 'adagrad', lr: NaN }, 'adagrad: optimizer.lr must be a finite number > 0, got NaN (try 0.01)'],
    [{ name: 'momentum', momentum: 1 }, 'momentum: optimizer.momentum must be in [0, 1), got 1 (try 0.9)'],
    [{ name: 'nesterov', momentum: -0.1 }, 'nesterov: optimizer.momentum must be in [0, 1), got -0.1 (try 0.9)'],
    [{ name: 'adam', beta1: 1 }, 'adam: optimizer.beta1 must be in [0, 1), got 1 (try 0.9)'],
    [{ name: 'adamw', beta2: 1.5 }, 'adamw: optimizer.beta2 must be in [0, 1), got 1.5 (try 0.999)'],
    [{ name: 'adam', beta2: -0.5 }, 'adam: optimizer.beta2 must be in [0, 1), got -0.5 (try 0.999)'],
    [{ name: 'adam', eps: 0 }, 'adam: optimizer.eps must be a finite number > 0, got 0 (try 1e-8)'],
    [{ name: 'adagrad', eps: -1e-10 }, 'adagrad: optimizer.eps must be a finite number > 0, got -1e-10 (try 1e-10)'],
    [{ name: 'rmsprop', eps: 0 }, 'rmsprop: optimizer.eps must be a finite number > 0, got 0 (try 1e-8)'],
    [{ name: 'rmsprop', rho: 1 }, 'rmsprop: optimizer.rho must be in [0, 1), got 1 (try 0.9 or 0.99)'],
    [{ name: 'rmsprop', rho: -0.2 }, 'rmsprop: optimizer.rho must be in [0, 1), got -0.2 (try 0.9 or 0.99)'],
    [{ name: 'adamw', weight_decay: -0.01 }, 'adamw: optimizer.weight_decay must be a finite number >= 0, got -0.01 (try 0.01)'],
  ];
  for (const [over, message] of cases) {
    it(`${over.name} ${JSON.stringify(over)} → one-line error`, () => {
      expect(() => makeOptimizer(spec(over))).toThrow(message);
      expect(validateOptimizer(spec(over))).toBe(message);
      expect(message).not.toContain('\n');
    });
  }

  it('direct construction validates too', () => {
    expect(() => new Adam({ lr: 0.01, beta1: 0.95, beta2: 1 })).toThrow('adam: optimizer.beta2 must be in [0, 1), got 1');
    expect(() => new SGD({ lr: -1 })).toThrow('sgd: optimizer.lr');
  });
});
