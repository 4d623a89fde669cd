/**
 * Parallel scaling: the same total work on 1 and on 2 worker threads sharing
 * one SharedArrayBuffer dataset. Throughput = all samples / wall time.
 */
import { Worker } from 'node:worker_threads';
import type { BenchData } from './data.js';
import type { BenchNet } from './nets.js';

export interface ParallelResult { workers: number; samplesPerS: number; seconds: number }

export async function parallelThroughput(data: BenchData, net: BenchNet, workers: number, stepsPerRun: number, runs: number): Promise<ParallelResult> {
  const url = new URL('./worker.js', import.meta.url);
  const t0 = performance.now();
  let next = 0, samples = 0;
  // A tiny scheduler: each worker slot takes the next run until all are done.
  const slot = async (): Promise<void> => {
    while (next < runs) {
      const seed = ++next;
      const done = await new Promise<{ samples: number }>((resolve, reject) => {
        const w = new Worker(url, {
          workerData: { net, steps: stepsPerRun, x: data.x.data, rows: data.x.rows, cols: data.x.cols, y: data.y, seed },
        });
        w.once('message', resolve);
        w.once('error', reject);
      });
      samples += done.samples;
    }
  };
  await Promise.all(Array.from({ length: workers }, slot));
  const seconds = (performance.now() - t0) / 1000;
  return { workers, samplesPerS: samples / seconds, seconds };
}
