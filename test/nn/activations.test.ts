import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { ACTIVATIONS, Identity, LeakyReLU, makeActivation, ReLU, Sigmoid, Tanh } from '../../src/nn/activations.js';
import { checkLayer, maxError } from '../../src/nn/gradcheck.js';
import { randn, SHAPES } from './helpers.js';

const row = (v: number[]) => Matrix.fromRows([v], 'float64');

describe('activations: values and derivatives by hand', () => {
  const x = row([-2, -0.5, 0.5, 3]);
  const dy = row([1, 2, 3, 4]);

  it('ReLU', () => {
    const l = new ReLU();
    expect(Array.from(l.forward(x, true).data)).toEqual([0, 0, 0.5, 3]);
    expect(Array.from(l.backward(dy).data)).toEqual([0, 0, 3, 4]);
  });

  it('LeakyReLU', () => {
    const l = new LeakyReLU(0.1);
    expect(Array.from(l.forward(x, true).data)).toEqual([-0.2, -0.05, 0.5, 3]);
    const g = Array.from(l.backward(dy).data);
    expect(g[0]).toBeCloseTo(0.1, 15);
    expect(g[1]).toBeCloseTo(0.2, 15);
    expect(g.slice(2)).toEqual([3, 4]);
    expect(() => new LeakyReLU(1.5)).toThrow(/slope must be in \[0, 1\)/);
  });

  it('Sigmoid', () => {
    const l = new Sigmoid();
    const y = l.forward(row([0, 2]), true).data;
    expect(y[0]).toBe(0.5);
    expect(y[1]).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    const g = l.backward(row([1, 1])).data;
    expect(g[0]).toBe(0.25);
    expect(g[1]).toBeCloseTo(y[1]! * (1 - y[1]!), 15);
  });

  it('Sigmoid is stable at ±1000 in float32 and float64', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const l = new Sigmoid();
      const y = l.forward(Matrix.fromRows([[-1000, 1000, -50, 50]], dtype), true).data;
      expect(Array.from(y.slice(0, 2))).toEqual([0, 1]);
      expect(y[2]).toBeGreaterThan(0);
      const g = l.backward(Matrix.fromRows([[1, 1, 1, 1]], dtype)).data;
      expect(Array.from(g.slice(0, 2))).toEqual([0, 0]);
      for (const v of [...y, ...g]) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it('Tanh', () => {
    const l = new Tanh();
    const y = l.forward(row([0.5]), true).data[0]!;
    expect(y).toBeCloseTo(Math.tanh(0.5), 15);
    expect(l.backward(row([2])).data[0]).toBeCloseTo(2 * (1 - y * y), 15);
  });

  it('Identity passes values and gradients through', () => {
    const l = new Identity();
    expect(l.forward(x, true)).toBe(x);
    expect(l.backward(dy)).toBe(dy);
  });

  it('does not overwrite its input', () => {
    const input = row([-1, 2]);
    new ReLU().forward(input, true);
    expect(Array.from(input.data)).toEqual([-1, 2]);
  });
});

describe('activation registry', () => {
  it('maps every name to its layer', () => {
    expect(Object.keys(ACTIVATIONS)).toEqual(['relu', 'leaky_relu', 'sigmoid', 'tanh', 'linear']);
    expect(makeActivation('relu')).toBeInstanceOf(ReLU);
    expect((makeActivation('leaky_relu', { slope: 0.2 }) as LeakyReLU).slope).toBe(0.2);
    expect(makeActivation('linear')).toBeInstanceOf(Identity);
  });

  it('rejects unknown names with a suggestion', () => {
    expect(() => makeActivation('rleu')).toThrow(/unknown activation 'rleu' \(did you mean 'relu'\?\); valid: relu, leaky_relu, sigmoid, tanh, linear/);
  });
});

describe('activation gradient checks (float64, inputs kept ≥ 0.05 from the ReLU kink)', () => {
  const layers = { relu: () => new ReLU(), leaky_relu: () => new LeakyReLU(0.1), sigmoid: () => new Sigmoid(), tanh: () => new Tanh(), linear: () => new Identity() };
  for (const [name, make] of Object.entries(layers)) {
    it.each(SHAPES)(`${name} at batch %i, width %i`, (b, w) => {
      expect(maxError(checkLayer(make(), randn(b, w, `${name}/${b}`, 2)))).toBeLessThan(1e-6);
    });
  }
});
