/**
 * WebAssembly SIMD kernels for float32 (sources in ./assembly, compiled by
 * `npm run build`), and the choice of the float32 backend. Importing this module
 * installs the fastest one NNLAB_BACKEND allows: the native kernels (the optional
 * addon, src/tensor/native/) when built for this CPU, else these; the native
 * ones compute the same bits. NNLAB_BACKEND=wasm keeps WebAssembly, =js the
 * plain-JS reference.
 */
import { jsBackend, setFloat32Backend, type Backend } from '../kernels.js';
import { loadNative } from '../native/load.js';
import { checkNative, kernelSet, nativeBackend } from '../native/select.js';
import { createWasmBackend } from './backend.js';
import { requestedKernels } from './choice.js';

export { createWasmBackend } from './backend.js';
export { checkKernelFile, wasmPath } from './load.js';
export { requestedBackend, requestedKernels, EnvError } from './choice.js';
export { createNativeBackend } from '../native/backend.js';
export { loadNative } from '../native/load.js';
export { checkNative, kernelSet, nativeBackend } from '../native/select.js';

let instance: Backend | undefined;
// Instantiated on first call, so NNLAB_BACKEND=js never needs the .wasm file.
const impl = (): Backend => (instance ??= createWasmBackend());

/** The WebAssembly SIMD backend of this thread (each worker has its own instance). */
export const wasmBackend: Backend = {
  name: 'wasm-simd',
  matmul: (a, b, out, opts) => impl().matmul(a, b, out, opts),
  addBias: (x, bias, out) => impl().addBias(x, bias, out),
  sumRows: (x, out, accumulate) => impl().sumRows(x, out, accumulate),
  relu: (x, out) => impl().relu!(x, out),
  reluBackward: (x, dy, dx) => impl().reluBackward!(x, dy, dx),
  addBiasRelu: (x, bias, z, out) => impl().addBiasRelu!(x, bias, z, out),
  softmaxCrossEntropy: (x, labels, grad) => impl().softmaxCrossEntropy!(x, labels, grad),
  sigmoid: (x, out) => impl().sigmoid!(x, out),
  sigmoidBackward: (y, dy, dx) => impl().sigmoidBackward!(y, dy, dx),
  withResidentMemory: (f) => impl().withResidentMemory!(f),
  zero: (a) => impl().zero!(a),
  sgdStep: (theta, g, lr) => impl().sgdStep!(theta, g, lr),
  momentumStep: (theta, g, v, lr, mu, nesterov) => impl().momentumStep!(theta, g, v, lr, mu, nesterov),
  adamStep: (theta, g, m, v, lr, b1, b2, eps, t) => impl().adamStep!(theta, g, m, v, lr, b1, b2, eps, t),
};

/**
 * Install the float32 backend named by NNLAB_BACKEND (idempotent); returns it.
 * If the compiled .wasm is missing (sources run before `npm run build`), float32
 * stays on the JS reference with a warning rather than failing every caller.
 */
export function enableFloat32Backend(env: NodeJS.ProcessEnv = process.env): Backend {
  let b: Backend = jsBackend;
  const want = requestedKernels(env);
  const native = want === 'native' || want === 'auto' ? nativeBackend() : null;
  if (native) b = native;
  else if (want !== 'js') {
    if (want === 'native') process.emitWarning(`nnlab: NNLAB_BACKEND=native: ${loadNative().why}; using the WebAssembly kernels (the same numbers)`);
    try {
      impl();
      b = wasmBackend;
    } catch (e) {
      process.emitWarning(`nnlab: WebAssembly kernels unavailable, using the JS reference: ${(e as Error).message}`);
    }
  }
  setFloat32Backend(b);
  return b;
}

/**
 * The backend NNLAB_BACKEND names, or an error: for training workers, where a silent fallback to
 * the JS kernels would record other numbers under the same run ids. (Native kernels that are
 * not there fall back to WebAssembly, the same numbers, unless NNLAB_BACKEND=native insists.)
 */
export function requireFloat32Backend(env: NodeJS.ProcessEnv = process.env): Backend {
  checkNative(env);
  if (kernelSet(env) === 'wasm-simd') impl();
  return enableFloat32Backend(env);
}

enableFloat32Backend();
