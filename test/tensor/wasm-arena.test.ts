// Resident memory (src/tensor/wasm/arena.ts): float32 arrays allocated inside
// withResidentMemory live in the kernel module's memory and are used in place.
// That must change no result — same bits as the copy path — and must survive
// memory growth, nesting, and reuse of released memory.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setFloat32Backend, withResidentMemory } from '../../src/tensor/kernels.js';
import * as K from '../../src/tensor/kernels.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { wasmBackend } from '../../src/tensor/wasm/index.js';
import { reuse } from '../../src/nn/buffers.js';
import { trainRun } from '../../src/train/trainer.js';
import { data, fakeClock, makeConfig } from '../train/fixtures.js';
import { bits, randomMatrix } from './helpers.js';

const resident = (m: Matrix) => m.data.buffer instanceof SharedArrayBuffer;
/** The wasm backend without resident memory: every operand copied in and out. */
const copying = { ...wasmBackend, withResidentMemory: undefined };

describe('resident memory (wasm backend)', () => {
  beforeEach(() => setFloat32Backend(wasmBackend));
  afterEach(() => setFloat32Backend(wasmBackend));

  it('allocates zeroed float32 arrays in kernel memory only inside the scope; float64 stays on the heap', () => {
    const outside = Matrix.zeros(2, 3);
    expect(resident(outside)).toBe(false);
    let addr = -1;
    withResidentMemory(() => {
      const m = Matrix.zeros(5, 7);
      expect(resident(m)).toBe(true);
      expect(m.data.byteOffset % 16).toBe(0);
      expect(Array.from(m.data).every((v) => v === 0)).toBe(true);
      m.fill(3);
      addr = m.data.byteOffset;
      expect(resident(Matrix.zeros(2, 2, 'float64'))).toBe(false);
    });
    // Released: the next scope gets the same memory back, zeroed again.
    withResidentMemory(() => {
      const m = Matrix.zeros(5, 7);
      expect(m.data.byteOffset).toBe(addr);
      expect(Array.from(m.data).every((v) => v === 0)).toBe(true);
    });
    expect(resident(Matrix.zeros(1, 1))).toBe(false);
  });

  it('keeps arrays valid when the memory grows, and nested scopes release in order', () => {
    withResidentMemory(() => {
      const a = Matrix.zeros(4, 4).fill(2);
      withResidentMemory(() => {
        const big = Matrix.zeros(4096, 4096); // 64 MiB: forces memory.grow
        big.data[big.size - 1] = 1;
        expect(a.data[15]).toBe(2);
        const out = Matrix.zeros(4, 4);
        K.relu(a, out);
        expect(Array.from(out.data)).toEqual(new Array(16).fill(2));
      });
      const b = Matrix.zeros(4, 4);
      expect(b.data.byteOffset).toBeGreaterThan(a.data.byteOffset);
      expect(a.data[0]).toBe(2);
    });
  });

  it('gives the copy path\'s bits for every kernel, resident or mixed operands, in place included', () => {
    const run = (place: (m: Matrix) => Matrix) => {
      const rng = new Rng('arena-kernels');
      const x = place(randomMatrix(rng.fork('x'), 13, 30)), w = place(randomMatrix(rng.fork('w'), 30, 7));
      const g = place(randomMatrix(rng.fork('g'), 13, 7)), bias = place(randomMatrix(rng.fork('b'), 1, 7));
      const y = place(Matrix.zeros(13, 7)), dw = place(randomMatrix(rng.fork('dw'), 30, 7)), dx = place(Matrix.zeros(13, 30));
      const db = place(Matrix.zeros(1, 7)), z = place(Matrix.zeros(13, 7)), r = place(Matrix.zeros(13, 7));
      K.matmul(x, w, y);
      K.addBias(y, bias, y);
      K.addBiasRelu(y, bias, z, r);
      K.relu(z, z);
      K.reluBackward(y, g, g);
      K.matmul(x, g, dw, { transA: true, accumulate: true });
      K.sumRows(g, db, true);
      K.matmul(g, w, dx, { transB: true });
      K.momentumStep(w.data, dw.data, dx.data.subarray(0, w.size), 0.1, 0.9, true);
      return [y, z, r, g, dw, db, dx, w].map((m) => bits(m.data));
    };
    const heap = run((m) => m);
    setFloat32Backend(copying);
    expect(run((m) => m)).toEqual(heap);
    setFloat32Backend(wasmBackend);
    expect(withResidentMemory(() => run((m) => m.to('float32')))).toEqual(heap);
    let k = 0; // every other operand resident
    expect(withResidentMemory(() => run((m) => (k++ % 2 ? m.to('float32') : m.clone())))).toEqual(heap);
  });

  it('a training run gives the same bits resident as through copies', () => {
    const cfg = makeConfig({ model: { hidden: [30, 17] }, optimizer: { name: 'adam', lr: 0.003 }, train: { epochs: 2, batch_size: 20, diagnostics: true } });
    const ds = data(cfg.data);
    const a = trainRun(cfg, ds, { now: fakeClock() });
    setFloat32Backend(copying);
    const b = trainRun(cfg, ds, { now: fakeClock() });
    expect(a.status).toBe('completed');
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('reuse() serves smaller shapes from the largest buffer it had, zeroed', () => {
    const big = reuse(null, 10, 8, 'float32').fill(1);
    const small = reuse(big, 3, 8, 'float32');
    expect(small.data.buffer).toBe(big.data.buffer);
    expect(small.data.byteOffset).toBe(big.data.byteOffset);
    expect(Array.from(small.data).every((v) => v === 0)).toBe(true);
    const again = reuse(small, 10, 8, 'float32');
    expect(again.data.buffer).toBe(big.data.buffer);
    expect(again.size).toBe(80);
    expect(reuse(again, 11, 8, 'float32').data.buffer).not.toBe(big.data.buffer);
    expect(reuse(again, 2, 2, 'float64').dtype).toBe('float64');
  });
});
