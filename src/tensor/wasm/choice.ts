/**
 * Which float32 backend the environment asks for (NNLAB_BACKEND=js|wasm,
 * default wasm). A module of its own, without side effects, so the CLI can
 * refuse a bad value before a sweep starts without loading the kernels.
 */
export type BackendChoice = 'js' | 'wasm';

/** A bad NNLAB_BACKEND. Its name is one of the CLI's input errors, so it ends as one line with exit code 2. */
export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

export function requestedBackend(env: NodeJS.ProcessEnv = process.env): BackendChoice {
  const raw = env.NNLAB_BACKEND;
  // Empty counts as unset, as for NNLAB_MAX_PARAMETERS (`NNLAB_BACKEND= nnlab run …`).
  const v = (raw === undefined || raw.trim() === '' ? 'wasm' : raw.trim()).toLowerCase();
  if (v !== 'js' && v !== 'wasm') {
    throw new EnvError(`NNLAB_BACKEND must be "js" or "wasm", got "${raw}"; unset it for the WebAssembly kernels, or set NNLAB_BACKEND=js for the plain-JS reference`);
  }
  return v;
}
