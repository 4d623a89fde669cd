/**
 * Loads the compiled kernel module synchronously (layers call kernels from
 * plain synchronous code, and each worker thread gets its own instance).
 * The .wasm sits next to the compiled JS in dist/; under vitest this file runs
 * from src/, so the dist copy produced by `npm run build` is the fallback.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvError } from './choice.js';

// Node's @types (v20) and lib ES2022 carry no WebAssembly typings; these are the few bits used.
export interface WasmMemory {
  /** Shared (the module is built with --sharedMemory) so grow() never detaches views; see arena.ts. */
  readonly buffer: SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export interface KernelExports {
  memory: WasmMemory;
  heapBase(): number;
  gemm(a: number, b: number, c: number, m: number, n: number, k: number, accumulate: number, lists: number): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  addBias(x: number, bias: number, out: number, rows: number, cols: number): void;
  sumRows(x: number, out: number, rows: number, cols: number, accumulate: number): void;
  relu(x: number, y: number, n: number): void;
  reluBackward(x: number, dy: number, dx: number, n: number): void;
  addBiasRelu(x: number, bias: number, z: number, y: number, rows: number, cols: number): void;
  zero(x: number, n: number): void;
  exp(x: number): number;
  sigmoid(x: number, y: number, n: number): void;
  sigmoidBackward(y: number, dy: number, dx: number, n: number): void;
  softmaxCE(s: number, labels: number, g: number, rows: number, cols: number, stats: number): void;
  sgd(theta: number, g: number, n: number, lr: number): void;
  momentum(theta: number, g: number, v: number, n: number, lr: number, mu: number, nesterov: number): void;
  adam(theta: number, g: number, m: number, v: number, n: number, lr: number, b1: number, omb1: number, b2: number, omb2: number, c1: number, c2: number, eps: number): void;
}

const WASM_FILE = 'kernels.wasm';

function candidates(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, WASM_FILE), join(here, '..', '..', '..', 'dist', 'tensor', 'wasm', WASM_FILE)];
}

function kernelFile(): string | null {
  return candidates().find((p) => existsSync(p)) ?? null;
}

export function wasmPath(): string {
  const found = kernelFile();
  if (!found) {
    throw new Error(`nnlab: ${WASM_FILE} not found (looked in ${candidates().join(', ')}); run \`npm run build\``);
  }
  return found;
}

/**
 * Throws unless the kernel file is there and compiles: checked by `nnlab run` before anything is
 * written, since falling back to the JS kernels would change the numbers (around the 8th digit)
 * under the same run ids. The message says both fixes.
 */
export function checkKernelFile(): void {
  const fix = 'run `npm run build`, or set NNLAB_BACKEND=js to train with the plain-JS kernels (whose numbers differ slightly)';
  const file = kernelFile();
  if (file === null) throw new EnvError(`the WebAssembly kernels ${WASM_FILE} are missing (looked in ${candidates().join(', ')}); ${fix}`);
  try {
    new WA.Module(readFileSync(file));
  } catch (e) {
    throw new EnvError(`the WebAssembly kernels ${file} cannot be loaded (${(e as Error).message}); ${fix}`);
  }
}

let cached: KernelExports | undefined;

export function loadKernels(): KernelExports {
  if (!cached) {
    const module = new WA.Module(readFileSync(wasmPath()));
    cached = new WA.Instance(module, {}).exports as KernelExports;
  }
  return cached;
}
