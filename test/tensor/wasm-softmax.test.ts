// The kernels built on exp — softmax cross-entropy and the sigmoid — must give
// the JS reference's bits in wasm: their exp (src/tensor/wasm/assembly/exp.ts)
// has to agree with V8's Math.exp exactly.
import { describe, expect, it } from 'vitest';
import { jsBackend } from '../../src/tensor/kernels.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { wasmBackend } from '../../src/tensor/wasm/index.js';
import { loadKernels } from '../../src/tensor/wasm/load.js';
import { bits, randomMatrix } from './helpers.js';

describe('wasm exp equals Math.exp bit for bit', () => {
  const k = loadKernels();
  const rng = new Rng('wasm-exp');

  it('on 600,000 inputs across the ranges softmax and sigmoid meet, and at the edges', () => {
    const f32 = new Float32Array(1);
    const inputs: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      f32[0] = (rng.uniform() - 0.5) * 40;
      const m = Math.fround(rng.uniform() * 5);
      inputs.push(f32[0] - m); // a float32 logit minus the row max, as softmax forms it
      inputs.push(-rng.uniform() * 100, (rng.uniform() - 0.5) * 60, (rng.uniform() - 0.5) * 1500);
      inputs.push((rng.uniform() - 0.5) * 2e-8, (rng.uniform() - 0.5) * 3 * Math.LN2);
    }
    const edges = [0, -0, 1, -1, 2, Math.LN2 / 2, -Math.LN2 / 2, 1.5 * Math.LN2, -1.5 * Math.LN2, 2 ** -28, -(2 ** -28), 1e-300,
      709.78, 709.7827128933840, 709.79, -708.39, -745.13, -745.14, -1000, 1000, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE];
    let mismatches = 0;
    const first: string[] = [];
    for (const x of [...inputs, ...edges]) {
      if (!Object.is(k.exp(x), Math.exp(x))) {
        mismatches++;
        if (first.length < 5) first.push(`exp(${x}): wasm ${k.exp(x)}, Math.exp ${Math.exp(x)}`);
      }
    }
    expect(first).toEqual([]);
    expect(mismatches).toBe(0);
    expect(Number.isNaN(k.exp(NaN))).toBe(true);
  });
});

describe('softmax cross-entropy: wasm equals the JS reference bit for bit', () => {
  const rng = new Rng('wasm-softmax');
  for (const [r, c] of [[1, 2], [3, 7], [32, 10], [100, 10], [13, 785]] as const) {
    it(`${r}×${c}, including equal, huge and −0 logits`, () => {
      const s = randomMatrix(rng, r, c);
      for (let i = 0; i < s.size; i++) s.data[i] = s.data[i]! * 8;
      s.data.fill(3, 0, c); // an all-equal row
      if (r > 1) { s.data[c] = 1e4; s.data[c + 1] = -1e4; }
      if (r > 2) s.data[2 * c] = -0;
      const labels = Int32Array.from({ length: r }, () => rng.int(c));
      const gw = Matrix.zeros(r, c), gj = Matrix.zeros(r, c);
      const lw = wasmBackend.softmaxCrossEntropy!(s, labels, gw), lj = jsBackend.softmaxCrossEntropy!(s, labels, gj);
      expect(lw).toBe(lj);
      expect(Number.isFinite(lw)).toBe(true);
      expect(bits(gw.data)).toEqual(bits(gj.data));
    });
  }

  it('a NaN logit gives a NaN loss and NaN gradients in its row on both', () => {
    const s = Matrix.fromRows([[1, NaN, 2], [0.5, 0.25, -1]]);
    const labels = Int32Array.from([0, 2]);
    const gw = Matrix.zeros(2, 3), gj = Matrix.zeros(2, 3);
    expect(Number.isNaN(wasmBackend.softmaxCrossEntropy!(s, labels, gw))).toBe(true);
    expect(Number.isNaN(jsBackend.softmaxCrossEntropy!(s, labels, gj))).toBe(true);
    expect(Array.from(gw.data.subarray(0, 3)).every(Number.isNaN)).toBe(true);
    expect(bits(gw.data.subarray(3))).toEqual(bits(gj.data.subarray(3)));
  });
});

describe('sigmoid and its backward: wasm equals the JS reference bit for bit', () => {
  const rng = new Rng('wasm-sigmoid');
  for (const [r, c] of [[1, 1], [3, 7], [100, 30], [13, 785]] as const) {
    it(`${r}×${c}, including 0, −0, ±1000 and ±20`, () => {
      const x = randomMatrix(rng, r, c), dy = randomMatrix(rng, r, c);
      for (let i = 0; i < x.size; i++) x.data[i] = x.data[i]! * 6;
      [0, -0, 1000, -1000, 20, -20].forEach((v, i) => { if (i < x.size) x.data[i] = v; });
      const yw = wasmBackend.sigmoid!(x, x.zerosLike()), yj = jsBackend.sigmoid!(x, x.zerosLike());
      expect(bits(yw.data)).toEqual(bits(yj.data));
      expect(bits(wasmBackend.sigmoidBackward!(yj, dy, x.zerosLike()).data)).toEqual(bits(jsBackend.sigmoidBackward!(yj, dy, x.zerosLike()).data));
      // In place, as the layers may call them.
      const xc = x.clone();
      wasmBackend.sigmoid!(xc, xc);
      expect(bits(xc.data)).toEqual(bits(yj.data));
    });
  }
});
