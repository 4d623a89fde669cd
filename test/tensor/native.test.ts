/**
 * The native kernels (native/*.cc, issue #17) against the WebAssembly ones, bit for bit, for
 * every kernel set this CPU can run (AVX-512 and AVX2 on a current x86 machine): gemm in every
 * transpose/accumulate form on shapes built from 1, 3, 10, 30, 32, 100, 256 and 785 with dense,
 * sparse and all-zero rows (the zero-skipping lists), with Inf/NaN in B behind zeros of A, and
 * every elementwise, loss and optimizer kernel. Skipped when the addon is not built, unless
 * NNLAB_REQUIRE_NATIVE=1 (CI, where it must have been built) makes its absence a failure.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend, MatmulOptions } from '../../src/tensor/kernels.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { createNativeBackend } from '../../src/tensor/native/backend.js';
import { loadNative } from '../../src/tensor/native/load.js';
import { wasmBackend } from '../../src/tensor/wasm/index.js';

const SIZES = [1, 3, 10, 30, 32, 100, 256, 785];
const { addon, why } = loadNative();
const sets = addon ? addon.available() : [];

it('the native addon is there when NNLAB_REQUIRE_NATIVE=1 (CI builds it)', () => {
  if (process.env.NNLAB_REQUIRE_NATIVE === '1') expect(addon, why).not.toBeNull();
});

/** The bits of a float32 array, every NaN as one canonical NaN (payloads are not a result). */
function bits(a: Float32Array | Float64Array): number[] {
  const f = Float32Array.from(a);
  const u = new Uint32Array(f.buffer);
  return Array.from(u, (x, i) => (Number.isNaN(f[i]) ? 0x7fc00000 : x));
}

/** Random values, a fraction `zeros` of them ±0 (both signs), some rows entirely zero when rowsZero. */
function fill(rng: Rng, rows: number, cols: number, zeros: number, rowsZero = false, scale = 1): Matrix {
  const m = Matrix.zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    const dead = rowsZero && rng.uniform() < 0.3;
    for (let j = 0; j < cols; j++) {
      const z = dead || rng.uniform() < zeros;
      m.data[i * cols + j] = z ? (rng.uniform() < 0.5 ? 0 : -0) : rng.normal() * scale;
    }
  }
  return m;
}

function gemmCases(rng: Rng): [number, number, number][] {
  const out: [number, number, number][] = [];
  const pick = () => SIZES[rng.int(SIZES.length)]!;
  // Each size in each role, the other two random; then the diagonal.
  for (const s of SIZES) {
    for (let role = 0; role < 3; role++) {
      for (let t = 0; t < 3; t++) {
        const d: [number, number, number] = [pick(), pick(), pick()];
        d[role] = s;
        if (d[0] * d[1] * d[2] > 5e6) d[(role + 1) % 3] = [1, 3, 10, 30][rng.int(4)]!;
        if (d[0] * d[1] * d[2] > 5e6) d[(role + 2) % 3] = [1, 3, 10, 30][rng.int(4)]!;
        out.push(d);
      }
    }
    out.push([s, s, s]);
  }
  return out;
}

describe.skipIf(sets.length === 0)('native kernels are bit-identical to the WebAssembly kernels', () => {
  afterAll(() => {
    addon?.select(sets[0]!); // the widest again, for whatever runs next in this worker
  });

  for (const set of sets) {
    describe(set, () => {
      const native = (): Backend => {
        expect(addon!.select(set)).toBe(true);
        return createNativeBackend(addon!);
      };

      it('gemm: every shape from 1, 3, 10, 30, 32, 100, 256, 785 in each role, every transpose/accumulate form, dense to all-zero rows', () => {
        const nb = native();
        const rng = new Rng(`gemm-${set}`);
        let n = 0;
        for (const [m, nn, k] of gemmCases(rng)) {
          const transA = n % 2 === 1, transB = n % 4 >= 2, accumulate = n % 3 === 0;
          const zeros = [0, 0.5, 0.8, 0.97][n % 4]!;
          const a = transA ? fill(rng, k, m, zeros, n % 5 === 0) : fill(rng, m, k, zeros, n % 5 === 0);
          const b = transB ? fill(rng, nn, k, 0.1) : fill(rng, k, nn, 0.1);
          const c0 = fill(rng, m, nn, 0);
          const opts: MatmulOptions = { transA, transB, accumulate };
          const w = wasmBackend.matmul(a, b, c0.clone(), opts);
          const g = nb.matmul(a, b, c0.clone(), opts);
          expect(bits(g.data), `${m}×${k}·${k}×${nn} ${JSON.stringify(opts)}`).toEqual(bits(w.data));
          n++;
        }
        expect(n).toBeGreaterThan(70);
      });

      it('gemm: Inf and NaN in B behind zeros of A propagate exactly where the wasm kernel lets them (the same zero-skipping blocks)', () => {
        const nb = native();
        const rng = new Rng(`gemm-inf-${set}`);
        for (const [m, n, k] of [[32, 100, 785], [100, 30, 256], [30, 10, 100], [3, 32, 10], [256, 256, 32], [10, 785, 30]] as const) {
          const a = fill(rng, m, k, 0.9, true);
          const b = fill(rng, k, n, 0);
          for (let t = 0; t < 8; t++) b.data[rng.int(b.size)] = [Infinity, -Infinity, NaN][t % 3]!;
          const w = wasmBackend.matmul(a, b, Matrix.zeros(m, n));
          const g = nb.matmul(a, b, Matrix.zeros(m, n));
          expect(bits(g.data), `${m}×${k}·${k}×${n}`).toEqual(bits(w.data));
        }
      });

      it('bias, sums, ReLU and sigmoid forward/backward on every size', () => {
        const nb = native();
        const rng = new Rng(`elementwise-${set}`);
        for (const rows of SIZES) {
          for (const pick of [SIZES[rng.int(SIZES.length)]!, SIZES[rng.int(SIZES.length)]!]) {
            const cols = rows * pick > 30_000 ? [1, 3, 10, 30][rng.int(4)]! : pick; // every size as rows and as cols, in bounded time
            const x = fill(rng, rows, cols, 0.2, false, 4), dy = fill(rng, rows, cols, 0.1), bias = fill(rng, 1, cols, 0);
            // Sigmoid's exp across its ranges: tiny, moderate, large, and past overflow.
            const big = fill(rng, rows, cols, 0, false, 1);
            for (let i = 0; i < big.size; i++) big.data[i] = big.data[i]! * [1e-9, 1, 30, 800][i % 4]!;
            const same = (f: (b: Backend) => Matrix | number, what: string) => {
              const wr = f(wasmBackend), nr = f(nb);
              if (typeof wr === 'number') expect(nr, what).toBe(wr);
              else expect(bits((nr as Matrix).data), what).toEqual(bits(wr.data));
            };
            same((b) => b.addBias(x, bias, x.zerosLike()), 'addBias');
            same((b) => b.sumRows(x, Matrix.zeros(1, cols)), 'sumRows');
            same((b) => b.sumRows(x, bias.clone(), true), 'sumRows accumulate');
            same((b) => b.relu!(x, x.zerosLike()), 'relu');
            same((b) => b.reluBackward!(x, dy, x.zerosLike()), 'reluBackward');
            same((b) => { const z = x.zerosLike(); b.addBiasRelu!(x, bias, z, x.zerosLike()); return z; }, 'addBiasRelu z');
            same((b) => b.addBiasRelu!(x, bias, x.zerosLike(), x.zerosLike()), 'addBiasRelu y');
            same((b) => b.sigmoid!(big, big.zerosLike()), 'sigmoid');
            same((b) => b.sigmoid!(x, x.zerosLike()), 'sigmoid');
            const y = wasmBackend.sigmoid!(x, x.zerosLike());
            same((b) => b.sigmoidBackward!(y, dy, x.zerosLike()), 'sigmoidBackward');
            const labels = Int32Array.from({ length: rows }, () => rng.int(cols));
            same((b) => b.softmaxCrossEntropy!(big, labels, big.zerosLike()), 'softmaxCrossEntropy loss');
            same((b) => { const g = x.zerosLike(); b.softmaxCrossEntropy!(x, labels, g); return g; }, 'softmaxCrossEntropy grad');
          }
        }
      });

      it('sigmoid on 200,000 inputs across every range of its exp (the vector path and the groups that fall back to scalar)', () => {
        const nb = native();
        const rng = new Rng(`sigmoid-${set}`);
        const x = Matrix.zeros(1, 200_000);
        for (let i = 0; i < x.size; i++) {
          const r = rng.uniform();
          x.data[i] = r < 0.001 ? [0, -0, Infinity, -Infinity, NaN, 1, -1][rng.int(7)]! : rng.normal() * 10 ** (rng.uniform() * 12 - 9);
        }
        expect(bits(nb.sigmoid!(x, x.zerosLike()).data)).toEqual(bits(wasmBackend.sigmoid!(x, x.zerosLike()).data));
      });

      it('SGD, momentum (classical and Nesterov) and Adam over several steps on every size', () => {
        const nb = native();
        const rng = new Rng(`optim-${set}`);
        for (const n of SIZES) {
          const start = () => ({ theta: fill(rng, 1, n, 0.1).data, m: new Float32Array(n), v: new Float32Array(n) });
          const grads = Array.from({ length: 4 }, () => fill(rng, 1, n, 0.3, false, 0.1).data);
          const run = (b: Backend, s: ReturnType<typeof start>, kind: string) => {
            const t = { theta: s.theta.slice(), m: s.m.slice(), v: s.v.slice() };
            grads.forEach((g, step) => {
              if (kind === 'sgd') b.sgdStep!(t.theta, g, 0.1);
              else if (kind === 'momentum') b.momentumStep!(t.theta, g, t.v, 0.05, 0.9, false);
              else if (kind === 'nesterov') b.momentumStep!(t.theta, g, t.v, 0.05, 0.9, true);
              else b.adamStep!(t.theta, g, t.m, t.v, 1e-3, 0.9, 0.999, 1e-8, step + 1);
            });
            return [...bits(t.theta), ...bits(t.m), ...bits(t.v)];
          };
          for (const kind of ['sgd', 'momentum', 'nesterov', 'adam']) {
            const s = start();
            expect(run(nb, s, kind), `${kind} n=${n}`).toEqual(run(wasmBackend, s, kind));
          }
        }
      });
    });
  }
});
