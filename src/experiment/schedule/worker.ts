/**
 * A training worker thread: receives RunPlans, trains them with trainRun on
 * the shared dataset, streams epoch records back and returns the RunResult.
 * Reads the clock (performance.now) because trainRun needs one and this is
 * the edge where runs execute.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import type { Dataset } from '../../data/dataset.js';
import { fromShared } from '../../data/shared.js';
import { trainRun } from '../../train/trainer.js';
import { requireFloat32Backend } from '../../tensor/wasm/index.js'; // installs the float32 WebAssembly SIMD backend (NNLAB_BACKEND=js opts out)
import { trainOptionsOf } from '../plan/expand.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';
import { fileOptions } from './run-files.js';

// The hot loops run in WebAssembly; the JavaScript around them is glue. TurboFan
// inlining that glue cost 270-390 ms of compile CPU per worker (digits MLP,
// --trace-opt) for no steady-state speed, and with every core training, that CPU
// comes out of the runs: without it a 2-worker sweep was ~2.5% faster (bench/RESULTS.md).
// The flag is process-wide; reports and the JS reference backend run no slower.
setFlagsFromString('--no-turbo-inlining');
const port = parentPort;
if (!port) throw new Error('worker.ts must run as a worker thread');
const { stopFlag } = workerData as WorkerInit;
const datasets = new Map<string, Dataset>();

function send(m: FromWorker): void {
  port!.postMessage(m);
}

port.on('message', (m: ToWorker) => {
  if (m.type !== 'run') return;
  const runId = m.plan.id;
  try {
    requireFloat32Backend(); // never the JS kernels in place of missing WebAssembly ones: other numbers, same run id
    if (m.data !== undefined) datasets.set(m.dataKey, fromShared(m.data as Parameters<typeof fromShared>[0]));
    const data = datasets.get(m.dataKey);
    if (!data) throw new Error(`dataset ${m.dataKey} was never sent to this worker`);
    const result = trainRun(m.plan.config, data, {
      now: () => performance.now(),
      onEpoch: (record) => send({ type: 'epoch', runId, record }),
      shouldStop: () => Atomics.load(stopFlag, 0) === 1,
      ...trainOptionsOf(m.plan),
      ...(m.files ? fileOptions(m.files) : {}),
    });
    send({ type: 'done', runId, result });
  } catch (e) {
    send({ type: 'error', runId, message: e instanceof Error ? e.message : String(e) });
  }
});
