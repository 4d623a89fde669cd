// addBias / sumRows of the wasm backend against the JS reference, and the backend switch.
import { describe, expect, it } from 'vitest';
import { addBias, backendFor, jsBackend, matmul } from '../../src/tensor/kernels.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { enableFloat32Backend, nativeBackend, requestedBackend, wasmBackend } from '../../src/tensor/wasm/index.js';
import { randomMatrix } from './helpers.js';

const SIZES = [1, 3, 10, 30, 32, 100, 785];
// Bitwise equality without the deep-equality cost of large arrays.
const same = (a: Float32Array | Float64Array, b: Float32Array | Float64Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('wasm addBias / sumRows', () => {
  const rng = new Rng('wasm-rows');

  it('addBias equals the reference exactly (one float32 add per element)', () => {
    for (const r of SIZES) for (const c of SIZES) {
      const x = randomMatrix(rng, r, c), bias = randomMatrix(rng, 1, c);
      const want = jsBackend.addBias(x, bias, x.zerosLike());
      const got = wasmBackend.addBias(x, bias, x.zerosLike());
      expect(same(got.data, want.data), `${r}×${c}`).toBe(true);
      wasmBackend.addBias(x, bias, x); // in place
      expect(same(x.data, want.data)).toBe(true);
    }
  });

  it('sumRows matches a float64 sum within float32 rounding, with and without accumulate', () => {
    for (const r of SIZES) for (const c of SIZES) for (const accumulate of [false, true]) {
      const x = randomMatrix(rng, r, c), out0 = randomMatrix(rng, 1, c);
      const got = wasmBackend.sumRows(x, out0.clone(), accumulate);
      for (let j = 0; j < c; j++) {
        let s = accumulate ? out0.data[j]! : 0, mag = Math.abs(s);
        for (let i = 0; i < r; i++) { s += x.get(i, j); mag += Math.abs(x.get(i, j)); }
        expect(Math.abs(got.data[j]! - s)).toBeLessThanOrEqual((r + 2) * 6e-8 * mag + 1e-30);
      }
    }
  });

  it('sumRows is bit-deterministic', () => {
    const x = randomMatrix(rng, 100, 30);
    const a = wasmBackend.sumRows(x, Matrix.zeros(1, 30));
    const b = wasmBackend.sumRows(x, Matrix.zeros(1, 30));
    expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
  });

  it('rejects mismatched shapes', () => {
    expect(() => wasmBackend.addBias(Matrix.zeros(2, 3), Matrix.zeros(1, 4), Matrix.zeros(2, 3))).toThrow(/addBias/);
    expect(() => wasmBackend.sumRows(Matrix.zeros(2, 3), Matrix.zeros(1, 4))).toThrow(/sumRows/);
  });
});

describe('backend selection', () => {
  it('reads NNLAB_BACKEND (default wasm) and rejects unknown values', () => {
    expect(requestedBackend({})).toBe('wasm');
    expect(requestedBackend({ NNLAB_BACKEND: 'js' })).toBe('js');
    expect(requestedBackend({ NNLAB_BACKEND: 'WASM' })).toBe('wasm');
    expect(() => requestedBackend({ NNLAB_BACKEND: 'gpu' })).toThrow('NNLAB_BACKEND must be "js", "wasm" or "native", got "gpu"; unset it for the fastest SIMD kernels (native, else WebAssembly: the same numbers), or set NNLAB_BACKEND=js for the plain-JS reference');
    // Named like the CLI's input errors, so the CLI ends with exit 2 and that one line.
    let caught: unknown;
    try {
      requestedBackend({ NNLAB_BACKEND: 'wasm32' });
    } catch (e) {
      caught = e;
    }
    expect((caught as Error).name).toBe('EnvError');
    // Empty counts as unset; surrounding spaces are ignored.
    expect(requestedBackend({ NNLAB_BACKEND: '' })).toBe('wasm');
    expect(requestedBackend({ NNLAB_BACKEND: ' js ' })).toBe('js');
  });

  it('routes float32 to the installed backend and float64 always to the reference', () => {
    try {
      expect(enableFloat32Backend({ NNLAB_BACKEND: 'js' })).toBe(jsBackend);
      expect(backendFor(Matrix.zeros(1, 1))).toBe(jsBackend);
      expect(enableFloat32Backend({ NNLAB_BACKEND: 'wasm' })).toBe(wasmBackend);
      expect(backendFor(Matrix.zeros(1, 1))).toBe(wasmBackend);
      // Unset: the native kernels when the addon is built for this CPU, else WebAssembly (the same bits).
      expect(enableFloat32Backend({})).toBe(nativeBackend() ?? wasmBackend);
      expect(requestedBackend({ NNLAB_BACKEND: 'native' })).toBe('wasm');
      expect(backendFor(Matrix.zeros(1, 1, 'float64'))).toBe(jsBackend);
      // The module-level helpers dispatch through it.
      const a = Matrix.fromRows([[1, 2], [3, 4]]), b = Matrix.fromRows([[5], [6]]);
      expect(Array.from(matmul(a, b, Matrix.zeros(2, 1)).data)).toEqual([17, 39]);
      expect(Array.from(addBias(a, Matrix.fromRows([[10, 20]]), a.zerosLike()).data)).toEqual([11, 22, 13, 24]);
    } finally {
      enableFloat32Backend();
    }
  });
});
