import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { Matrix } from '../../src/tensor/matrix.js';
import { LOSSES, makeLoss } from '../../src/nn/losses.js';
import { checkLoss, maxError } from '../../src/nn/gradcheck.js';
import { labelsFor, randn, SHAPES } from './helpers.js';

const m = (rows: number[][], dtype: 'float32' | 'float64' = 'float64') => Matrix.fromRows(rows, dtype);
const labels = (...v: number[]) => Int32Array.from(v);
const close = (a: ArrayLike<number>, b: number[], digits = 12) => {
  expect(a.length).toBe(b.length);
  b.forEach((v, i) => expect(a[i]).toBeCloseTo(v, digits));
};

describe('loss values and gradients against hand computations', () => {
  it('softmax_cross_entropy', () => {
    const loss = makeLoss('softmax_cross_entropy');
    // row 1: log(e¹+e²+e³) − 3 = 0.4076059644; row 2: log 3 = 1.0986122887
    expect(loss.forward(m([[1, 2, 3], [0, 0, 0]]), labels(2, 0))).toBeCloseTo((0.4076059644443806 + 1.0986122886681098) / 2, 12);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    // (softmax − onehot) / B
    close(loss.backward().data, [Math.exp(1) / z / 2, Math.exp(2) / z / 2, (Math.exp(3) / z - 1) / 2, (1 / 3 - 1) / 2, 1 / 6, 1 / 6]);
    expect(Array.from(loss.predict(m([[1, 2, 3], [5, 0, 0]])))).toEqual([2, 0]);
    expect(loss.outputWidth(10)).toBe(10);
  });

  it('hinge (binary, one column, labels 0 ↦ −1, 1 ↦ +1)', () => {
    const loss = makeLoss('hinge');
    // margins 1 − t·s: 0.7, −1 → 0, 2.5, 1.2 → mean 4.4/4
    expect(loss.forward(m([[0.3], [-2], [1.5], [-0.2]]), labels(1, 0, 0, 1))).toBeCloseTo(1.1, 12);
    close(loss.backward().data, [-0.25, 0, 0.25, -0.25]);
    expect(Array.from(loss.predict(m([[0.3], [-2], [1.5], [-0.2]])))).toEqual([1, 0, 1, 0]);
    expect(loss.outputWidth(2)).toBe(1);
    expect(() => loss.outputWidth(3)).toThrow(/hinge: is binary \(2 classes\) but the data has 3 — use multiclass_hinge/);
    expect(() => loss.forward(m([[0.3, 1]]), labels(1))).toThrow(/output must have 1 column/);
    expect(() => loss.forward(m([[0.3]]), labels(2))).toThrow(/label 2 at row 0 is outside \[0, 1\]/);
  });

  it('multiclass_hinge (the cs231n example: 2.9, 0, 12.9)', () => {
    const loss = makeLoss('multiclass_hinge');
    const s = m([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]);
    expect(loss.forward(s, labels(0, 1, 2))).toBeCloseTo((2.9 + 0 + 12.9) / 3, 12);
    close(loss.backward().data, [-1 / 3, 1 / 3, 0, 0, 0, 0, 1 / 3, 1 / 3, -2 / 3]);
  });

  it('mse (½ Σ_classes, mean over batch)', () => {
    const loss = makeLoss('mse');
    // row 1 vs [0, 1]: ½(0.04 + 0.01) = 0.025; row 2 vs [1, 0]: ½(0.25 + 0.25) = 0.25
    expect(loss.forward(m([[0.2, 0.9], [0.5, -0.5]]), labels(1, 0))).toBeCloseTo(0.1375, 12);
    close(loss.backward().data, [0.1, -0.05, -0.25, -0.25]);
  });

  it('sigmoid_mse', () => {
    const loss = makeLoss('sigmoid_mse');
    // σ(0) = 0.5, σ(ln 3) = 0.75 vs [0, 1]: ½(0.25 + 0.0625)
    expect(loss.forward(m([[0, Math.log(3)]]), labels(1))).toBeCloseTo(0.15625, 12);
    close(loss.backward().data, [0.5 * 0.25, -0.25 * 0.75 * 0.25]);
    expect(Array.from(loss.predict(m([[0, Math.log(3)]])))).toEqual([1]);
  });
});

describe('stability at huge outputs (float32)', () => {
  it('softmax_cross_entropy at logits ±1e4', () => {
    const loss = makeLoss('softmax_cross_entropy');
    const out = m([[1e4, 0, -1e4], [1e4, 0, -1e4]], 'float32');
    expect(loss.forward(out, labels(0, 1))).toBeCloseTo((0 + 1e4) / 2, 6);
    close(loss.backward().data, [0, 0, 0, 0.5, -0.5, 0], 6);
  });

  it.each(Object.keys(LOSSES).filter((n) => n !== 'hinge'))('%s stays finite at 1e4', (name) => {
    const loss = makeLoss(name);
    const v = loss.forward(m([[1e4, -1e4, 3], [-1e4, 1e4, 1e4]], 'float32'), labels(0, 2));
    expect(Number.isFinite(v)).toBe(true);
    for (const g of loss.backward().data) expect(Number.isFinite(g)).toBe(true);
  });

  it('sigmoid_mse saturates to a zero (not NaN) gradient', () => {
    const loss = makeLoss('sigmoid_mse');
    // p = [1, 0] against [0, 1]: ½(1 + 1), the worst possible, with σ' = 0
    expect(loss.forward(m([[1e4, -1e4]]), labels(1))).toBe(1);
    for (const g of loss.backward().data) expect(Math.abs(g)).toBe(0);
  });
});

describe('loss registry and input checks', () => {
  it('lists the losses and suggests on typos', () => {
    expect(Object.keys(LOSSES)).toEqual(['softmax_cross_entropy', 'hinge', 'multiclass_hinge', 'mse', 'sigmoid_mse']);
    expect(() => makeLoss('softmax_crossentropy')).toThrow(/unknown loss 'softmax_crossentropy' \(did you mean 'softmax_cross_entropy'\?\)/);
  });

  it('rejects mismatched labels', () => {
    const loss = makeLoss('mse');
    expect(() => loss.forward(m([[1, 2]]), labels(0, 1))).toThrow(/1 output rows but 2 labels/);
    expect(() => loss.forward(m([[1, 2]]), labels(2))).toThrow(/label 2 at row 0 is outside \[0, 1\]/);
    expect(() => makeLoss('mse').backward()).toThrow(/backward called before forward/);
  });
});

describe('loss gradient checks (float64)', () => {
  for (const name of Object.keys(LOSSES)) {
    it.each(SHAPES)(`${name} at batch %i, width %i`, (b, w) => {
      const width = name === 'hinge' ? 1 : w;
      const out = randn(b, width, `${name}/${b}`, 1.5);
      const y = labelsFor(b, name === 'hinge' ? 2 : w, `${name}/y/${b}`);
      expect(maxError(checkLoss(makeLoss(name), out, y))).toBeLessThan(1e-6);
    });
  }
});

describe('softmax_cross_entropy properties', () => {
  it('is invariant to shifting a row of logits, and each gradient row sums to 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.double({ min: -1e3, max: 1e3, noNaN: true }),
        fc.nat(),
        (row, shift, label) => {
          const y = labels(label % row.length);
          const loss = makeLoss('softmax_cross_entropy');
          const a = loss.forward(m([row]), y);
          const g = Array.from(loss.backward().data);
          const b = loss.forward(m([row.map((v) => v + shift)]), y);
          expect(a).toBeGreaterThanOrEqual(0);
          expect(Math.abs(a - b)).toBeLessThan(1e-9 * Math.max(1, Math.abs(shift)));
          expect(Math.abs(g.reduce((s, v) => s + v, 0))).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
