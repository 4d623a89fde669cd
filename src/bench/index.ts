/**
 * `nnlab bench`: kernel GFLOP/s, whole-training samples/s against numpy
 * (alternating runs in one invocation), odd vs padded widths, 1- vs 2-worker
 * throughput and peak memory. Reports only; it never fails on a slow number.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { backendFor } from '../tensor/kernels.js';
import { Matrix } from '../tensor/matrix.js';
import '../tensor/wasm/index.js';
import { benchData } from './data.js';
import { benchKernels } from './kernels.js';
import { NETS, stepsFor, type BenchNet } from './nets.js';
import { fairComparison } from './peers.js';
import { fmt, row } from './timing.js';
import { trainThroughput } from './training.js';
import { benchLenet } from './lenet.js';
import { parallelThroughput } from './workers.js';
import { sweepInChild, sweepPlans, type SweepResult } from './sweep.js';

export interface BenchOptions {
  /** Fewer steps and rounds (a smoke run, ~1 minute). */
  quick?: boolean;
  /** Where lines go (default console.log). */
  log?: (line: string) => void;
  /** Skip the comparison with the peers (numpy, PyTorch, TensorFlow.js) even when they are present. */
  noNumpy?: boolean;
  /** Run one section only: 'lenet' (the CNN against numpy and PyTorch). */
  only?: 'lenet';
}

/** opts may be the CLI's parsed arguments; NNLAB_BENCH_QUICK=1 also selects the quick run. */
export async function runBench(opts: BenchOptions = {}): Promise<number> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const quick = opts.quick ?? process.env.NNLAB_BENCH_QUICK === '1';
  const rounds = quick ? 1 : 5;
  log(`nnlab bench — ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} logical CPUs, Node ${process.version}`);
  log(`kernel set: ${backendFor(Matrix.zeros(1, 1)).name} (NNLAB_BACKEND=native|wasm|js; unset: native when the addon is built, else wasm)`);
  log('');
  const data = benchData();
  if (opts.only === 'lenet') {
    benchLenet(log, data.x, data.y, data.dir, quick, opts.noNumpy);
    return 0;
  }
  benchKernels(log, data.x, quick);
  log('');

  // The fair comparison with every peer (nets A, B and C).
  const fair = [NETS[0]!, NETS[1]!, NETS[4]!];
  if (opts.noNumpy) log('(peers skipped: --no-numpy)');
  else fairComparison(log, fair, data.dir, quick ? 1 : rounds, quick);
  log('');

  // Odd widths against padded ones: nnlab alone, in this process, best of alternating rounds.
  const best = new Map<string, number>();
  for (let r = 0; r < rounds; r++) {
    for (const net of NETS.slice(1, 4)) best.set(net.name, Math.max(best.get(net.name) ?? 0, trainThroughput(net, data.x, data.y, stepsFor(net, quick))));
  }
  const odd = best.get(NETS[1]!.name)!;
  log(`odd widths (B, 30 and 10) vs padded: ÷B32 (32 and 10) ${fmt(odd / best.get(NETS[2]!.name)!)}×, ÷Bpad (32 and 16) ${fmt(odd / best.get(NETS[3]!.name)!)}× (samples/s ratio, best of ${rounds}; target ≥ 0.85×)`);
  log('');

  benchLenet(log, data.x, data.y, data.dir, quick, opts.noNumpy);
  log('');

  sweepScaling(log, quick);
  await scaling(log, data, NETS[1]!, quick);
  rss(log, quick);
  return 0;
}

/**
 * The scaling target: a small real sweep through the real scheduler (see
 * sweep.ts), each measurement in a fresh process. Per round: 1 worker, 2
 * workers, and 1 worker pinned to CPU 0 and to CPU 1, which says what the two
 * CPUs deliver alone at that moment, so the 2-worker figure can be read
 * against them when the host makes them unequal.
 */
function sweepScaling(log: (line: string) => void, quick: boolean): void {
  const epochs = quick ? 5 : 40, rounds = quick ? 1 : 5;
  log(`Sweep throughput through the scheduler (nnlab run's Scheduler, long-lived workers, dataset shared once): ` +
    `${sweepPlans(epochs).length} runs of a digits MLP 64-256-256-10, ${epochs} epochs each, each measurement in a fresh process; ` +
    `best of ${rounds} rounds; wall time includes worker start-up, data hand-over, training, evaluation and shutdown`);
  let one: SweepResult | null = null, two: SweepResult | null = null;
  const pairs: string[] = [], shares: string[] = [];
  let pinned = cpus().length >= 2;
  for (let r = 0; r < rounds; r++) {
    // Alternate the order so a host that speeds up or slows down hits every phase alike.
    const phases = ['one', 'two', 'cpu0', 'cpu1'] as const;
    const got: Partial<Record<(typeof phases)[number], SweepResult | null>> = {};
    for (const phase of r % 2 === 0 ? phases : [...phases].reverse()) {
      if (phase === 'one') got.one = sweepInChild(1, epochs);
      else if (phase === 'two') got.two = (pinned ? sweepInChild(2, epochs, '0,1') : null) ?? sweepInChild(2, epochs);
      else if (pinned) got[phase] = sweepInChild(1, epochs, phase === 'cpu0' ? '0' : '1');
    }
    const a = got.one!, b = got.two!, c0 = got.cpu0, c1 = got.cpu1;
    if (!one || a.runsPerS > one.runsPerS) one = a;
    if (!two || b.runsPerS > two.runsPerS) two = b;
    pairs.push(fmt(b.runsPerS / a.runsPerS));
    let line = `  round ${r + 1}: 1 worker ${fmt(a.seconds)} s, 2 workers ${fmt(b.seconds)} s, 2 ÷ 1 = ${fmt(b.runsPerS / a.runsPerS)}×`;
    if (c0 && c1) {
      const share = b.runsPerS / (c0.runsPerS + c1.runsPerS);
      shares.push(fmt(share));
      line += `; 1 worker pinned to CPU 0 ${fmt(c0.seconds)} s, to CPU 1 ${fmt(c1.seconds)} s; 2 workers ÷ (CPU 0 + CPU 1 alone) = ${fmt(share)}`;
    } else pinned = false;
    log(line);
  }
  log(`1 worker: ${fmt(one!.runsPerS, 3)} runs/s (${fmt(one!.seconds)} s, mean run ${fmt(one!.meanRunSeconds)} s); ` +
    `2 workers: ${fmt(two!.runsPerS, 3)} runs/s (${fmt(two!.seconds)} s, mean run ${fmt(two!.meanRunSeconds)} s); ` +
    `speed-up ${fmt(two!.runsPerS / one!.runsPerS)}× (target ≥ 1.8×)`);
  if (rounds > 1) log(`2 ÷ 1 worker in each round (same-round pairs): ${pairs.join(' / ')}`);
  if (!pinned) log('(pinned runs skipped: they need Linux with taskset)');
  else log(`2 workers ÷ the sum of each CPU alone (1.0 = perfect scaling; 0.90 is the 1.8× target on two equal CPUs): ${shares.join(' / ')}`);
}

async function scaling(log: (line: string) => void, data: ReturnType<typeof benchData>, net: BenchNet, quick: boolean): Promise<void> {
  const runs = 4, steps = quick ? 60 : 300;
  log(`Start-up-dominated scaling: ${runs} tiny runs of ${steps} minibatches of net ${net.name.split(' ')[0]}, a fresh worker thread per run`);
  const one = await parallelThroughput(data, net, 1, steps, runs);
  const two = await parallelThroughput(data, net, 2, steps, runs);
  log(`1 worker: ${fmt(one.samplesPerS, 0)} samples/s; 2 workers: ${fmt(two.samplesPerS, 0)} samples/s; speed-up ${fmt(two.samplesPerS / one.samplesPerS)}×`);
}

function rss(log: (line: string) => void, quick: boolean): void {
  const script = fileURLToPath(new URL('./rss-main.js', import.meta.url));
  const r = spawnSync(process.execPath, [script, String(quick ? 50 : 300)], { encoding: 'utf8' });
  if (r.status !== 0) {
    log(`Peak RSS: measurement failed (${r.stderr.trim().split('\n')[0]})`);
    return;
  }
  const out = JSON.parse(r.stdout.trim()) as { maxRssMB: number; source: string };
  log(`Peak RSS of a 2-worker ${out.source} run (net A, one process): ${fmt(out.maxRssMB, 0)} MB`);
}
