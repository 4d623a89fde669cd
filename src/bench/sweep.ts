/**
 * Sweep throughput the way `nnlab run` gets it: the real Scheduler
 * (src/experiment/schedule/scheduler.ts) with long-lived worker threads, the dataset
 * loaded once and shared, on a small real sweep (8 runs of an MLP on the 8×8
 * digits). Wall time covers everything after the dataset is loaded: worker
 * start-up, handing each worker the shared dataset once, every run's training
 * and evaluation, epoch messages and worker shutdown. Nothing is written to disk.
 *
 * On a shared host the two CPUs of a VM are not always equal (one ran ~30%
 * slower than the other for minutes at a time here), so a 2-worker speed-up
 * over 1 worker depends on which CPU the 1 worker happened to get. Pinning
 * 1 worker to each CPU in turn (sweepInChild with cpus) measures what the two
 * CPUs do alone; 2 workers are then compared with their sum.
 */
import { parseSpec } from '../experiment/spec/parse.js';
import { expand } from '../experiment/plan/expand.js';
import { Scheduler } from '../experiment/schedule/scheduler.js';
import { datasetKey, loadDataset } from '../data/load.js';
import { toShared } from '../data/shared.js';
import type { RunPlan } from '../experiment/spec/spec.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { trained } from '../train/learned.js';

export const SWEEP_SPEC = `
name: bench-sweep
data: { dataset: digits, scale: unit }
model: { hidden: [256, 256], activation: relu, init: { weights: he_normal, biases: zeros } }
loss: softmax_cross_entropy
optimizer: { name: momentum, lr: 0.03, momentum: 0.9 }
train: { epochs: EPOCHS, batch_size: 32 }
seeds: 4
sweep:
  optimizer.lr: [0.01, 0.03]
`;

export interface SweepResult { workers: number; runs: number; seconds: number; runsPerS: number; meanRunSeconds: number }

export function sweepPlans(epochs: number): RunPlan[] {
  return expand(parseSpec(SWEEP_SPEC.replace('EPOCHS', String(epochs)), 'bench-sweep.yaml'));
}

export async function sweepThroughput(plans: readonly RunPlan[], workers: number): Promise<SweepResult> {
  const datasets = new Map<string, unknown>();
  for (const p of plans) {
    const key = datasetKey(p.config.data);
    if (!datasets.has(key)) datasets.set(key, toShared(loadDataset(p.config.data)));
  }
  let runSeconds = 0, failed = 0;
  const scheduler = new Scheduler({
    workers,
    datasets,
    dataKey: (p) => datasetKey(p.config.data),
    onResult: (_plan, result) => {
      // A run that failed to learn still trained every step: it is timed like any other.
      if (!trained(result.status)) failed++;
      runSeconds += result.seconds;
    },
  });
  const t0 = performance.now();
  await scheduler.run(plans);
  const seconds = (performance.now() - t0) / 1000;
  if (failed > 0) throw new Error(`bench sweep: ${failed} runs did not complete`);
  return { workers, runs: plans.length, seconds, runsPerS: plans.length / seconds, meanRunSeconds: runSeconds / plans.length };
}

/**
 * One sweepThroughput in a fresh child process (sweep-main.ts), pinned with
 * taskset to `cpus` (e.g. "0" or "0,1") when given. Null when pinning was asked
 * for and taskset is missing (not Linux); throws if the child fails otherwise.
 */
export function sweepInChild(workers: number, epochs: number, cpus?: string): SweepResult | null {
  const script = fileURLToPath(new URL('./sweep-main.js', import.meta.url));
  const args = [script, String(workers), String(epochs)];
  const r = cpus === undefined
    ? spawnSync(process.execPath, args, { encoding: 'utf8' })
    : spawnSync('taskset', ['-c', cpus, process.execPath, ...args], { encoding: 'utf8' });
  if (cpus !== undefined && r.error) return null; // taskset not found
  if (r.status !== 0) throw new Error(`bench sweep child failed: ${(r.stderr || String(r.error)).trim().split('\n')[0]}`);
  return JSON.parse(r.stdout.trim()) as SweepResult;
}
