import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { fillInit, initNames, parseInit, validateInit } from '../../src/nn/init.js';
import { mean, std } from './helpers.js';

const FAN_IN = 500, FAN_OUT = 400;

function sample(expr: string): Float32Array | Float64Array {
  const m = Matrix.zeros(FAN_IN, FAN_OUT, 'float64');
  return fillInit(m, parseInit(expr), FAN_IN, FAN_OUT, new Rng(`init-test/${expr}`)).data;
}

describe('initializers: sample statistics over a 500×400 matrix', () => {
  // 200k samples: the sample std is within ~0.3% of the truth, while swapping
  // fan_in and fan_out (500 vs 400) moves it by 5–12%, so 2% separates them.
  const cases: [string, number, number][] = [
    ['normal(0.01)', 0, 0.01],
    ['normal(0.5, 0.2)', 0.5, 0.2],
    ['uniform(0.3)', 0, 0.3 / Math.sqrt(3)],
    ['xavier_uniform', 0, Math.sqrt(2 / (FAN_IN + FAN_OUT))],
    ['xavier_normal', 0, Math.sqrt(2 / (FAN_IN + FAN_OUT))],
    ['he_uniform', 0, Math.sqrt(2 / FAN_IN)],
    ['he_normal', 0, Math.sqrt(2 / FAN_IN)],
    ['lecun_normal', 0, Math.sqrt(1 / FAN_IN)],
    ['lecun_uniform', 0, Math.sqrt(1 / FAN_IN)],
    ['normal_maxfan', 0, Math.sqrt(1 / Math.max(FAN_IN, FAN_OUT))],
  ];
  it.each(cases)('%s has mean %f and std %f', (expr, mu, sigma) => {
    const d = sample(expr);
    expect(Math.abs(mean(d) - mu)).toBeLessThan(0.02 * sigma + 1e-12);
    expect(Math.abs(std(d) / sigma - 1)).toBeLessThan(0.02);
  });

  it('uniform ones stay inside their limit and fill it', () => {
    const a = Math.sqrt(6 / (FAN_IN + FAN_OUT));
    const d = sample('xavier_uniform');
    const max = Array.from(d).reduce((m, v) => Math.max(m, v), -Infinity), min = Array.from(d).reduce((m, v) => Math.min(m, v), Infinity);
    expect(max).toBeLessThan(a);
    expect(min).toBeGreaterThanOrEqual(-a);
    expect(max).toBeGreaterThan(0.99 * a);
  });

  it('constant and zeros are exact', () => {
    expect(new Set(sample('constant(0.1)'))).toEqual(new Set([0.1]));
    expect(new Set(sample('zeros'))).toEqual(new Set([0]));
  });

  it('is reproducible from the seed and row-major', () => {
    const a = Matrix.zeros(3, 4, 'float64'), b = Matrix.zeros(3, 4, 'float64');
    fillInit(a, parseInit('he_normal'), 3, 4, new Rng(7));
    fillInit(b, parseInit('he_normal'), 3, 4, new Rng(7));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    const rng = new Rng(7);
    expect(a.data[0]).toBeCloseTo(rng.normal(0, Math.sqrt(2 / 3)), 12);
  });
});

describe('parseInit / validateInit', () => {
  it('accepts whitespace and both normal forms', () => {
    expect(validateInit(' normal( 0 , 0.1 ) ')).toBeNull();
    expect(validateInit('he_normal')).toBeNull();
    expect(initNames()).toContain('normal_maxfan');
  });

  it.each([
    ['xavier_unifrom', /unknown initializer 'xavier_unifrom' \(did you mean 'xavier_uniform'\?\); valid: zeros, constant/],
    ['normal', /normal takes 1 or 2 argument\(s\), got 0; usage: normal\(std\)/],
    ['constant(a)', /argument 'a' is not a number/],
    ['normal(-1)', /std must be a positive number/],
    ['he_normal(2)', /he_normal takes 0 argument/],
    ['normal(0.1', /expected a name or name\(args\)/],
  ])('%s → clear one-line error', (expr, msg) => {
    const err = validateInit(expr);
    expect(err).toMatch(msg);
    expect(err).not.toContain('\n');
    expect(() => parseInit(expr)).toThrow(msg);
  });
});
