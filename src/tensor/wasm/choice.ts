/**
 * Which float32 kernels the environment asks for (NNLAB_BACKEND=native|wasm|js;
 * unset: the native kernels when their addon is built and the CPU has them, else
 * WebAssembly). A module of its own, without side effects, so the CLI can refuse
 * a bad value before a sweep starts without loading any kernels.
 *
 * The native and WebAssembly kernels compute the same bits (native/kernels.inc),
 * so both belong to one numeric family, "wasm", which is what results folders
 * record and compare (requestedBackend); the JS reference is the other family.
 */
export type BackendChoice = 'js' | 'wasm';
/** What NNLAB_BACKEND names: 'auto' when unset (native if available, else wasm). */
export type KernelsChoice = 'js' | 'wasm' | 'native' | 'auto';

/** A bad NNLAB_BACKEND. Its name is one of the CLI's input errors, so it ends as one line with exit code 2. */
export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

export function requestedKernels(env: NodeJS.ProcessEnv = process.env): KernelsChoice {
  const raw = env.NNLAB_BACKEND;
  // Empty counts as unset, as for NNLAB_MAX_PARAMETERS (`NNLAB_BACKEND= nnlab run …`).
  if (raw === undefined || raw.trim() === '') return 'auto';
  const v = raw.trim().toLowerCase();
  if (v !== 'js' && v !== 'wasm' && v !== 'native') {
    throw new EnvError(`NNLAB_BACKEND must be "js", "wasm" or "native", got "${raw}"; unset it for the fastest SIMD kernels (native, else WebAssembly: the same numbers), or set NNLAB_BACKEND=js for the plain-JS reference`);
  }
  return v;
}

/** The numeric family of the requested kernels: "js", or "wasm" for the SIMD kernels (native or WebAssembly, the same bits). */
export function requestedBackend(env: NodeJS.ProcessEnv = process.env): BackendChoice {
  return requestedKernels(env) === 'js' ? 'js' : 'wasm';
}
