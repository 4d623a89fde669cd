/**
 * Runs bench/numpy_ref.py (a benchmark reference only; nnlab never needs
 * Python) with one BLAS thread, returning samples/s or null when python3 with
 * numpy is unavailable.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchNet } from './nets.js';

// src/bench and dist/bench are both two levels below the repository root.
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'numpy_ref.py');

const ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

export function numpyAvailable(): string | null {
  if (!existsSync(SCRIPT)) return null;
  const r = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function numpyThroughput(net: BenchNet, dtype: 'float32' | 'float64', steps: number, mnistDir: string | null): number {
  const args = [SCRIPT, '--hidden', net.hidden.join(','), '--activation', net.activation, '--batch', String(net.batch),
    '--dtype', dtype, '--steps', String(steps), '--outputs', String(net.outputs ?? 10)];
  if (mnistDir) args.push('--mnist', mnistDir);
  const r = spawnSync('python3', args, { encoding: 'utf8', env: { ...process.env, ...ONE_THREAD } });
  if (r.status !== 0) throw new Error(`numpy_ref.py failed: ${r.stderr.trim()}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { samples_per_s: number };
  return out.samples_per_s;
}
