import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { Conv2D } from '../../src/nn/conv2d.js';
import { checkLayer, maxError } from '../../src/nn/gradcheck.js';
import { parseInit } from '../../src/nn/init.js';
import { matmul, withResidentMemory } from '../../src/tensor/kernels.js';
import { im2col } from '../../src/nn/im2col.js';
import '../../src/tensor/wasm/index.js';
import { randn } from './helpers.js';
import { convLoop, type ConvArgs } from './conv.helpers.js';
import type { ImageShape } from '../../src/nn/geometry.js';

/** Odd shapes, strides and paddings, several channels in and out. */
const CASES: [ImageShape, ConvArgs][] = [
  [{ c: 1, h: 5, w: 5 }, { filters: 2, kernel: 3, stride: 1, padding: 0 }],
  [{ c: 3, h: 7, w: 6 }, { filters: 4, kernel: 3, stride: 2, padding: 1 }],
  [{ c: 2, h: 6, w: 5 }, { filters: 3, kernel: 2, stride: 3, padding: 2 }],
  [{ c: 2, h: 4, w: 4 }, { filters: 1, kernel: 4, stride: 1, padding: 0 }],
  [{ c: 1, h: 3, w: 3 }, { filters: 2, kernel: 1, stride: 1, padding: 1 }],
];

function conv(s: ImageShape, a: ConvArgs, dtype: 'float32' | 'float64', seed = 1): Conv2D {
  return new Conv2D(s, a.filters, a.kernel, { name: 'c', stride: a.stride, padding: a.padding, rng: new Rng(seed), dtype, biasInit: parseInit('normal(0.5)') });
}

describe('Conv2D', () => {
  it.each(CASES)('matches a direct loop on %o %o (float64)', (s, a) => {
    const layer = conv(s, a, 'float64');
    const x = randn(3, s.c * s.h * s.w, 'conv-x');
    const y = layer.forward(x, true);
    const want = convLoop(x.data, 3, s, layer.W.value.data, layer.b.value.data, a);
    expect(y.rows).toBe(3);
    expect(y.cols * 3).toBe(want.length);
    want.forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 12));
  });

  it('matches the loop in float32 on the SIMD GEMM, in and out of resident memory', () => {
    const [s, a] = CASES[1]!;
    const x64 = randn(5, s.c * s.h * s.w, 'conv-x32');
    const ref = conv(s, a, 'float64');
    const want = convLoop(x64.data, 5, s, ref.W.value.data, ref.b.value.data, a);
    const run = (): number[] => {
      const layer = conv(s, a, 'float32');
      const x = new Matrix(5, x64.cols, Float32Array.from(x64.data));
      return Array.from(layer.forward(x, true).data);
    };
    const heap = run();
    const resident = withResidentMemory(run);
    expect(resident).toEqual(heap); // the same bits wherever the arrays live
    heap.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
  });

  it('adds the same float32 bits to W.grad as colsᵀ·dY in one GEMM would (dW is computed as (dYᵀ·cols)ᵀ)', () => {
    const [s, a] = CASES[1]!;
    const layer = conv(s, a, 'float32');
    const x = new Matrix(4, s.c * s.h * s.w, Float32Array.from(randn(4, s.c * s.h * s.w, 'conv-bits').data));
    const dy = new Matrix(4, layer.output.c * layer.output.h * layer.output.w, Float32Array.from(randn(4, layer.output.c * layer.output.h * layer.output.w, 'conv-bits-dy').data));
    layer.W.grad.data.fill(0.25);
    layer.forward(x, true);
    layer.backward(dy, false);
    const cols = Matrix.zeros(4 * layer.output.h * layer.output.w, a.kernel * a.kernel * s.c);
    im2col(x.data, 4, s, layer.window, cols.data);
    const want = Matrix.zeros(cols.cols, a.filters).fill(0.25);
    matmul(cols, new Matrix(cols.rows, a.filters, dy.data), want, { transA: true, accumulate: true });
    expect(Array.from(layer.W.grad.data)).toEqual(Array.from(want.data));
  });

  it.each(CASES)('passes the float64 gradient check on %o %o', (s, a) => {
    const layer = conv(s, a, 'float64', 2);
    const x = randn(2, s.c * s.h * s.w, 'conv-gc');
    expect(maxError(checkLayer(layer, x))).toBeLessThan(1e-6);
  });

  it('backward with inputGrad=false adds the same parameter grads and skips dX', () => {
    const [s, a] = CASES[1]!;
    const x = randn(2, s.c * s.h * s.w, 'conv-skip');
    const one = conv(s, a, 'float64'), two = conv(s, a, 'float64');
    const dy = randn(2, one.output.c * one.output.h * one.output.w, 'conv-dy');
    one.forward(x, true); two.forward(x, true);
    one.backward(dy);
    expect(two.backward(dy, false).size).toBe(0);
    expect(Array.from(two.W.grad.data)).toEqual(Array.from(one.W.grad.data));
    expect(Array.from(two.b.grad.data)).toEqual(Array.from(one.b.grad.data));
  });

  it('names and decays its params and describes itself', () => {
    const layer = new Conv2D({ c: 1, h: 28, w: 28 }, 16, 5, { name: 'conv1', rng: new Rng(0) });
    expect(layer.output).toEqual({ c: 16, h: 24, w: 24 });
    expect(layer.params().map((p) => [p.name, p.value.rows, p.value.cols, p.decay])).toEqual([['conv1.W', 25, 16, true], ['conv1.b', 1, 16, false]]);
    expect(layer.config()).toEqual({ kind: 'conv2d', name: 'conv1', input: { c: 1, h: 28, w: 28 }, filters: 16, kernel: 5, stride: 1, padding: 0, decayBias: false });
    expect(() => new Conv2D({ c: 1, h: 3, w: 3 }, 2, 5, { rng: new Rng(0) })).toThrow(/does not fit/);
  });
});
