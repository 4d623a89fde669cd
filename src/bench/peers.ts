/**
 * The fair comparison (issue #17): nnlab and the systems a user would pick instead, each in its
 * own process, pinned to one CPU with one thread, each at its best, alternated within every
 * round (the order reverses each round) so load on a shared machine hits all alike. Figures are
 * medians over rounds, and ratios are medians of same-round ratios to nnlab.
 *
 * - nnlab with the kernels NNLAB_BACKEND gives (native when built), and with WebAssembly.
 * - numpy float32 and float64 (bench/numpy_ref.py) without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE,
 *   which these machines set for old OpenBLAS builds and which hold a current one to older
 *   kernels, and with glibc malloc told to keep freed memory (fresh pages cost ~12 µs each here).
 * - PyTorch CPU, idiomatic (bench/torch_ref.py) under /usr/bin/python3 (Debian's python3-torch),
 *   same environment; flagged when it runs on the reference BLAS.
 * - TensorFlow.js with its WebAssembly backend, one thread (bench/tfjs_ref.mjs).
 * A peer that is not installed is skipped with one line. Benchmark-only: nnlab never needs them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NETS, type BenchNet } from './nets.js';
import { fmt, row } from './timing.js';

// src/bench and dist/bench are both two levels below the repository root.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BENCH = join(ROOT, 'bench');

const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
/** glibc malloc keeps what numpy frees (no fresh, page-faulting memory every step). */
const MALLOC = { MALLOC_MMAP_THRESHOLD_: '268435456', MALLOC_TRIM_THRESHOLD_: '1073741824', MALLOC_TOP_PAD_: '268435456' };

/** The environment of a Python peer: ours without the two OpenBLAS variables, one thread, the malloc settings. */
export function pythonEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { OPENBLAS_CORETYPE: _c, OPENBLAS_L2_SIZE: _l, ...rest } = base;
  return { ...rest, ...ONE_THREAD, ...MALLOC };
}

export interface Measurement { samplesPerS: number; note?: string }

export interface Peer {
  name: string;
  /** Null when it can run, else the one line saying why it is skipped. */
  skip: string | null;
  run(net: BenchNet, steps: number, mnist: string | null): Measurement;
}

let pinCpu: string | null | undefined;
/** The CPU every measurement is pinned to (the last one), or null without taskset. */
function cpu(): string | null {
  if (pinCpu === undefined) {
    const ok = process.platform === 'linux' && spawnSync('taskset', ['-c', '0', 'true']).status === 0;
    pinCpu = ok ? String(cpus().length - 1) : null;
  }
  return pinCpu;
}

function spawnPinned(cmd: string, args: string[], env: NodeJS.ProcessEnv): { stdout: string } {
  const c = cpu();
  const r = c === null ? spawnSync(cmd, args, { encoding: 'utf8', env }) : spawnSync('taskset', ['-c', c, cmd, ...args], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${cmd} ${args[0]} failed: ${(r.stderr || String(r.error)).trim().split('\n').slice(-1)[0]}`);
  return { stdout: r.stdout };
}

function lastJson<T>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop()!) as T;
}

function netArgs(net: BenchNet, steps: number, mnist: string | null): string[] {
  const a = ['--hidden', net.hidden.join(','), '--activation', net.activation, '--batch', String(net.batch), '--steps', String(steps), '--outputs', String(net.outputs ?? 10)];
  return mnist ? [...a, '--mnist', mnist] : a;
}

function nnlabPeer(name: string, backend: string | undefined): Peer {
  const script = fileURLToPath(new URL('./train-main.js', import.meta.url));
  return {
    name,
    skip: null,
    run(net, steps) {
      const env = { ...process.env };
      if (backend !== undefined) env.NNLAB_BACKEND = backend;
      const out = lastJson<{ samples_per_s: number; kernels: string }>(spawnPinned(process.execPath, [script, String(NETS.indexOf(net)), String(steps)], env).stdout);
      return { samplesPerS: out.samples_per_s, note: out.kernels };
    },
  };
}

function probe(cmd: string, code: string): string | null {
  const r = spawnSync(cmd, ['-c', code], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function numpyPeer(dtype: 'float32' | 'float64'): Peer {
  const v = probe('python3', 'import numpy; print(numpy.__version__)');
  return {
    name: `numpy ${v ?? ''} ${dtype}, fair`.replace('  ', ' '),
    skip: v === null ? `numpy ${dtype} skipped: python3 with numpy not found` : null,
    run(net, steps, mnist) {
      const out = lastJson<{ samples_per_s: number; blas: string }>(
        spawnPinned('python3', [join(BENCH, 'numpy_ref.py'), ...netArgs(net, steps, mnist), '--dtype', dtype], pythonEnv()).stdout);
      return { samplesPerS: out.samples_per_s, note: out.blas };
    },
  };
}

const SYSTEM_PYTHON = '/usr/bin/python3';

function torchPeer(): Peer {
  const v = existsSync(SYSTEM_PYTHON) ? probe(SYSTEM_PYTHON, 'import torch; print(torch.__version__)') : null;
  return {
    name: `PyTorch ${v ?? ''} idiomatic`,
    skip: v === null ? `PyTorch skipped: ${SYSTEM_PYTHON} cannot import torch (Debian: apt-get install python3-torch libopenblas0-pthread)` : null,
    run(net, steps, mnist) {
      const out = lastJson<{ samples_per_s: number; blas: string; reference_blas: boolean }>(
        spawnPinned(SYSTEM_PYTHON, [join(BENCH, 'torch_ref.py'), ...netArgs(net, steps, mnist)], pythonEnv()).stdout);
      const note = out.reference_blas
        ? `WARNING: reference BLAS (${out.blas}): ~10× below PyTorch's best; install libopenblas0-pthread`
        : out.blas;
      return { samplesPerS: out.samples_per_s, note };
    },
  };
}

function tfjsPeer(): Peer {
  const found = ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'].every((p) => existsSync(join(ROOT, 'node_modules', ...p.split('/'), 'package.json')));
  return {
    name: 'TensorFlow.js wasm',
    skip: found ? null : 'TensorFlow.js skipped: @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm are not installed (npm install installs them as devDependencies)',
    run(net, steps, mnist) {
      const out = lastJson<{ samples_per_s: number; backend: string }>(
        spawnPinned(process.execPath, [join(BENCH, 'tfjs_ref.mjs'), ...netArgs(net, steps, mnist)], process.env).stdout);
      return { samplesPerS: out.samples_per_s, note: out.backend };
    },
  };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Steps per measurement: about a second of nnlab's training (peers that are slower take longer). */
function stepsOf(net: BenchNet, quick: boolean, slow: boolean): number {
  const base = net.hidden.length > 2 ? 300 : net.batch === 32 ? 1500 : 800;
  const s = quick ? Math.round(base / 5) : base;
  return slow ? Math.max(20, Math.round(s / 15)) : s; // tfjs-wasm runs ~10-20× slower
}

export function fairComparison(log: (line: string) => void, nets: BenchNet[], mnist: string | null, rounds: number, quick: boolean): void {
  const peers: Peer[] = [nnlabPeer('nnlab', undefined), nnlabPeer('nnlab, wasm kernels', 'wasm'), numpyPeer('float32'), numpyPeer('float64'), torchPeer(), tfjsPeer()];
  const live = peers.filter((p) => p.skip === null);
  for (const p of peers) if (p.skip !== null) log(`(${p.skip})`);
  log(`Fair comparison, samples/s (${mnist ? 'MNIST' : 'random data of MNIST shape'}; SGD lr 0.1, softmax CE, N(0, 0.01) weights): ` +
    `each system in its own process${cpu() !== null ? `, pinned to CPU ${cpu()}` : ' (not pinned: no taskset)'}, one thread, ${rounds} rounds alternating every system ` +
    `(order reversed each round); median samples/s, and in brackets the median of same-round ratios to nnlab (above 1: faster than nnlab)`);
  log('Python peers run without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE and with MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 MALLOC_TOP_PAD_=268435456');
  const w = [34, ...nets.map(() => 22)];
  log(row(['system', ...nets.map((n) => n.name.split(' ').slice(0, 2).join(' '))], w));
  const samples = new Map<string, number[][]>(), notes = new Map<string, Set<string>>();
  for (const p of live) { samples.set(p.name, nets.map(() => [])); notes.set(p.name, new Set()); }
  const perRound: string[] = [];
  nets.forEach((net, ni) => {
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? live : [...live].reverse();
      for (const p of order) {
        try {
          const m = p.run(net, stepsOf(net, quick, p.name.startsWith('TensorFlow')), mnist);
          samples.get(p.name)![ni]!.push(m.samplesPerS);
          if (m.note) notes.get(p.name)!.add(m.note);
        } catch (e) {
          samples.get(p.name)![ni]!.push(NaN);
          notes.get(p.name)!.add(`failed: ${(e as Error).message}`);
        }
      }
    }
  });
  const ours = samples.get('nnlab')!;
  for (const p of live) {
    const cells = nets.map((_, ni) => {
      const s = samples.get(p.name)![ni]!;
      const ratios = s.map((v, r) => v / ours[ni]![r]!).filter(Number.isFinite);
      if (p.name !== 'nnlab') perRound.push(`${p.name} ${nets[ni]!.name.split(' ')[0]}: ${ratios.map((x) => fmt(x)).join(' / ')}`);
      return p.name === 'nnlab' ? fmt(median(s.filter(Number.isFinite)), 0) : `${fmt(median(s.filter(Number.isFinite)), 0)} (${fmt(median(ratios))})`;
    });
    log(row([p.name, ...cells], w));
  }
  for (const p of live) for (const n of notes.get(p.name)!) log(`  ${p.name}: ${n}`);
  log('Same-round ratios to nnlab, round by round:');
  for (const l of perRound) log(`  ${l}`);
}
