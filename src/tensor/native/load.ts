/**
 * Loads the optional native addon (native/*.cc, built by `npm install` through
 * node-gyp into build/Release/). Absent — no compiler at install time, another
 * platform, a CPU without AVX2/AVX-512/NEON — it is simply not used: the
 * WebAssembly kernels compute the same bits. Each thread loads its own instance.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The addon's exports (native/addon.cc); float arrays are Float32Array unless said. */
export interface NativeAddon {
  /** The kernel set in use on this thread ('native-avx512', 'native-avx2', 'native-neon'), or null. */
  kernels(): string | null;
  /** Every kernel set this CPU can run, widest first. */
  available(): string[];
  /** Use that kernel set on this thread; false when the CPU lacks it. */
  select(name: string): boolean;
  gemm(a: Float32Array, b: Float32Array, c: Float32Array, m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean): void;
  addBias(x: Float32Array, bias: Float32Array, out: Float32Array, rows: number, cols: number): void;
  sumRows(x: Float32Array, out: Float32Array, rows: number, cols: number, accumulate: boolean): void;
  relu(x: Float32Array, y: Float32Array, n: number): void;
  reluBackward(x: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void;
  addBiasRelu(x: Float32Array, bias: Float32Array, z: Float32Array, y: Float32Array, rows: number, cols: number): void;
  sigmoid(x: Float32Array, y: Float32Array, n: number): void;
  sigmoidBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, n: number): void;
  softmaxCE(s: Float32Array, labels: Int32Array, g: Float32Array, rows: number, cols: number, stats: Float64Array): void;
  sgd(theta: Float32Array, g: Float32Array, n: number, lr: number): void;
  momentum(theta: Float32Array, g: Float32Array, v: Float32Array, n: number, lr: number, mu: number, nesterov: boolean): void;
  adam(theta: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, n: number, lr: number, b1: number, omb1: number, b2: number, omb2: number, c1: number, c2: number, eps: number): void;
}

const ADDON = join('build', 'Release', 'nnlab_native.node');

/** Where the addon is looked for: the package root, from src/tensor/native or dist/tensor/native. */
export function addonPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', ADDON);
}

let cached: { addon: NativeAddon | null; why: string } | undefined;

/** The addon with a kernel set for this CPU, or null and why not (one line). */
export function loadNative(): { addon: NativeAddon | null; why: string } {
  if (cached) return cached;
  const file = addonPath();
  if (!existsSync(file)) cached = { addon: null, why: `the native addon is not built (${ADDON} missing: no C++ compiler at npm install, or the build failed; \`npm run build:native\` retries)` };
  else {
    try {
      const addon = createRequire(import.meta.url)(file) as NativeAddon;
      cached = addon.kernels() === null ? { addon: null, why: `the native addon has no kernels for this CPU (${process.arch}; it needs AVX2, AVX-512 or NEON)` } : { addon, why: '' };
    } catch (e) {
      cached = { addon: null, why: `the native addon failed to load (${(e as Error).message.split('\n')[0]})` };
    }
  }
  return cached;
}
