/**
 * Benchmark worker: trains one net on the shared dataset for a fixed number of
 * minibatches and reports its samples/s and peak RSS. Uses the same backend
 * setup as the training workers (importing the wasm module installs it).
 */
import { parentPort, workerData } from 'node:worker_threads';
import '../tensor/wasm/index.js';
import { Matrix } from '../tensor/matrix.js';
import { withResidentMemory } from '../tensor/kernels.js';
import type { BenchNet } from './nets.js';
import { makeStepper } from './training.js';

interface Job { net: BenchNet; steps: number; x: Float32Array; rows: number; cols: number; y: Int32Array; seed: number }

const job = workerData as Job;
// Resident memory as in trainRun (see tensor/wasm/arena.ts).
const seconds = withResidentMemory(() => {
  const step = makeStepper(job.net, new Matrix(job.rows, job.cols, job.x), job.y, job.seed);
  step(5);
  const t0 = performance.now();
  step(job.steps);
  return (performance.now() - t0) / 1000;
});
parentPort!.postMessage({ samples: job.steps * job.net.batch, seconds });
