/**
 * The native side of the float32 backend choice, without side effects (the CLI
 * checks and records the choice before any kernels are installed; wasm/index.ts
 * installs them).
 */
import { jsBackend, type Backend } from '../kernels.js';
import { EnvError, requestedKernels } from '../wasm/choice.js';
import { createNativeBackend } from './backend.js';
import { loadNative } from './load.js';

let nativeInstance: Backend | null | undefined;
/** This thread's native backend, or null when the addon is not built or has no kernels for this CPU. */
export function nativeBackend(): Backend | null {
  if (nativeInstance === undefined) {
    const { addon } = loadNative();
    nativeInstance = addon ? createNativeBackend(addon) : null;
  }
  return nativeInstance;
}

/**
 * The kernel set NNLAB_BACKEND gives on this machine, as recorded in environment.json and
 * printed by `nnlab bench`: 'native-avx512' | 'native-avx2' | 'native-neon' | 'wasm-simd' | 'js'.
 * Does not install anything.
 */
export function kernelSet(env: NodeJS.ProcessEnv = process.env): string {
  const want = requestedKernels(env);
  if (want === 'js') return jsBackend.name;
  if (want !== 'wasm') {
    const n = nativeBackend();
    if (n) return n.name;
  }
  return 'wasm-simd';
}

/** NNLAB_BACKEND=native without the native kernels: an input error naming why and the fixes. */
export function checkNative(env: NodeJS.ProcessEnv = process.env): void {
  if (requestedKernels(env) === 'native' && !nativeBackend()) {
    throw new EnvError(`NNLAB_BACKEND=native: ${loadNative().why}; unset NNLAB_BACKEND to use the WebAssembly kernels (the same numbers)`);
  }
}
