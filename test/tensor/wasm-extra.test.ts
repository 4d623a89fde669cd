// The optional kernels (ReLU, fused bias+ReLU, optimizer steps): the wasm
// versions must give exactly the bits of the JS reference, so layers and
// optimizers can switch to them without changing any result.
import { describe, expect, it } from 'vitest';
import * as K from '../../src/tensor/kernels.js';
import { jsBackend } from '../../src/tensor/kernels.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { wasmBackend } from '../../src/tensor/wasm/index.js';
import { bits, randomMatrix } from './helpers.js';

const w = wasmBackend, js = jsBackend;

describe('optional kernels: wasm equals the JS reference bit for bit', () => {
  const rng = new Rng('wasm-extra');
  const shapes = [[1, 1], [3, 7], [32, 30], [100, 10], [13, 785]] as const;

  it('relu, reluBackward (also at 0, -0 and NaN) and addBiasRelu', () => {
    for (const [r, c] of shapes) {
      const x = randomMatrix(rng, r, c), dy = randomMatrix(rng, r, c), bias = randomMatrix(rng, 1, c);
      x.data[0] = 0;
      if (x.size > 2) { x.data[1] = -0; x.data[2] = NaN; }
      expect(bits(w.relu!(x, x.zerosLike()).data)).toEqual(bits(js.relu!(x, x.zerosLike()).data));
      expect(bits(w.reluBackward!(x, dy, x.zerosLike()).data)).toEqual(bits(js.reluBackward!(x, dy, x.zerosLike()).data));
      const zw = x.zerosLike(), zj = x.zerosLike();
      const yw = w.addBiasRelu!(x, bias, zw, x.zerosLike()), yj = js.addBiasRelu!(x, bias, zj, x.zerosLike());
      expect(bits(yw.data)).toEqual(bits(yj.data));
      expect(bits(zw.data)).toEqual(bits(zj.data));
      // In place: z over x, dx over dy.
      const xc = x.clone();
      w.addBiasRelu!(xc, bias, xc, x.zerosLike());
      expect(bits(xc.data)).toEqual(bits(zj.data));
      const dyc = dy.clone();
      w.reluBackward!(x, dyc, dyc);
      expect(bits(dyc.data)).toEqual(bits(js.reluBackward!(x, dy, x.zerosLike()).data));
    }
  });

  const params = (n: number) => {
    const m = randomMatrix(rng, 1, n);
    return m.data as Float32Array;
  };

  it('sgdStep where whole blocks of the gradient are +0 (skipped) — special θ and learning rates', () => {
    // The wasm sgd leaves 16-float blocks with an all-+0 gradient untouched; that
    // must still equal θ − lr·g computed for every element.
    const n = 16 * 6 + 5;
    const g = params(n);
    g.fill(0, 0, 16); // block 0: +0 → skipped
    g.fill(0, 16, 32); g[20] = -0; // block 1: a −0 is not +0 → computed
    g.fill(0, 48, 64); // block 3: +0, but holds special θ below
    g.fill(0, 96, n); // the tail
    for (const lr of [0.1, 1e-30, 0, -0.1, NaN, Infinity, -Infinity]) {
      const th = params(n);
      th[1] = -0; th[2] = Infinity; th[3] = -Infinity; th[4] = 1e-45; th[50] = NaN; th[51] = -0; th[98] = NaN;
      new Uint32Array(th.buffer, th.byteOffset)[52] = 0x7fa00001; // a signalling NaN in a skipped block: quieted by the reference
      const thW = th.slice(), thJ = th.slice();
      w.sgdStep!(thW, g, lr); js.sgdStep!(thJ, g, lr);
      expect(bits(thW), `lr=${lr}`).toEqual(bits(thJ));
    }
  });

  it('sgdStep, momentumStep (classical and Nesterov) and adamStep over several steps', () => {
    for (const n of [1, 2, 3, 31, 100, 785]) {
      const thW = params(n), thJ = thW.slice();
      const vW = new Float32Array(n), vJ = new Float32Array(n);
      const nvW = new Float32Array(n), nvJ = new Float32Array(n);
      const mW = new Float32Array(n), mJ = new Float32Array(n), aW = new Float32Array(n), aJ = new Float32Array(n);
      for (let t = 1; t <= 3; t++) {
        const g = params(n);
        w.sgdStep!(thW, g, 0.1); js.sgdStep!(thJ, g, 0.1);
        w.momentumStep!(thW, g, vW, 0.05, 0.9, false); js.momentumStep!(thJ, g, vJ, 0.05, 0.9, false);
        w.momentumStep!(thW, g, nvW, 0.05, 0.9, true); js.momentumStep!(thJ, g, nvJ, 0.05, 0.9, true);
        w.adamStep!(thW, g, mW, aW, 0.001, 0.9, 0.999, 1e-8, t); js.adamStep!(thJ, g, mJ, aJ, 0.001, 0.9, 0.999, 1e-8, t);
        expect(bits(thW), `n=${n} t=${t}`).toEqual(bits(thJ));
        expect(bits(vW)).toEqual(bits(vJ));
        expect(bits(nvW)).toEqual(bits(nvJ));
        expect(bits(mW)).toEqual(bits(mJ));
        expect(bits(aW)).toEqual(bits(aJ));
      }
    }
  });

  it('the dispatching helpers use the installed backend for float32 and the reference for float64', () => {
    const x = Matrix.fromRows([[-1, 2, 0, 3]]);
    expect(Array.from(K.relu(x, x.zerosLike()).data)).toEqual([0, 2, 0, 3]);
    expect(Array.from(K.reluBackward(x, Matrix.fromRows([[5, 6, 7, 8]]), x.zerosLike()).data)).toEqual([0, 6, 0, 8]);
    const z = x.zerosLike();
    expect(Array.from(K.addBiasRelu(x, Matrix.fromRows([[1, 1, 1, -4]]), z, x.zerosLike()).data)).toEqual([0, 3, 1, 0]);
    expect(Array.from(z.data)).toEqual([0, 3, 1, -1]);
    const th64 = new Float64Array([1, 2]);
    K.sgdStep(th64, new Float64Array([10, 20]), 0.1);
    expect(Array.from(th64)).toEqual([0, 0]);
    const th = new Float32Array([1, 2]), v = new Float32Array(2);
    K.momentumStep(th, new Float32Array([1, 1]), v, 0.5, 0.9);
    expect(Array.from(th)).toEqual([0.5, 1.5]);
    const m = new Float32Array(2), a = new Float32Array(2), t2 = new Float32Array([1, 1]);
    K.adamStep(t2, new Float32Array([3, -3]), m, a, 0.1, 0.9, 0.999, 1e-8, 1);
    expect(t2[0]).toBeCloseTo(0.9, 6); // first Adam step moves by lr·sign(g)
    expect(t2[1]).toBeCloseTo(1.1, 6);
  });
});
