/**
 * The LeNet-like CNN of issue #21 in the benchmark: nnlab's training step
 * (im2col onto the SIMD GEMM) against bench/lenet_ref.py's numpy im2col and
 * PyTorch, one thread each, alternating in rounds. Same net, batch, data,
 * loss and optimizer on every side (see lenet_ref.py).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel } from '../nn/build.js';
import { makeLoss } from '../nn/losses.js';
import { SGD } from '../nn/optim/sgd.js';
import { zeroGrads } from '../nn/param.js';
import type { Matrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { pythonEnv } from './peers.js';
import { withResidentMemory } from '../tensor/kernels.js';
import { Batcher } from '../train/batcher.js';
import { modelSpec } from './training.js';
import { fmt, row } from './timing.js';

export const LENET = ['conv2d(16, 5)', 'relu', 'maxpool(2)', 'conv2d(32, 5)', 'relu', 'maxpool(2)', 'flatten', 'dense(128)', 'relu', 'dense(10)'];
const BATCH = 64;
const LR = 0.05;
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'lenet_ref.py');

/** nnlab's samples/s for `steps` LeNet training steps after a warm-up, memory placed as trainRun places it. */
export function lenetThroughput(x: Matrix, y: Int32Array, steps: number): number {
  return withResidentMemory(() => {
    const rng = new Rng(1);
    const spec = { ...modelSpec({ name: 'lenet', hidden: [], activation: 'relu', batch: BATCH }), init: { weights: 'he_normal', biases: 'zeros' }, layers: LENET };
    const model = buildModel(spec, 784, 10, rng.fork('model'), 'float32', { imageShape: [28, 28] });
    const loss = makeLoss('softmax_cross_entropy');
    const params = model.params();
    const opt = new SGD({ lr: LR });
    const batcher = new Batcher({ x, y }, BATCH);
    batcher.shuffle(rng.fork('shuffle'));
    let b = 0, last = NaN;
    const go = (n: number): void => {
      for (let s = 0; s < n; s++) {
        const batch = batcher.gather(b);
        b = (b + 1) % batcher.count;
        last = loss.forward(model.forward(batch.x, true), batch.y);
        model.backward(loss.backward(), false);
        opt.step(params);
        zeroGrads(params);
      }
    };
    const w0 = performance.now();
    while (performance.now() - w0 < 500) go(5);
    const t0 = performance.now();
    go(steps);
    const s = (performance.now() - t0) / 1000;
    if (!Number.isFinite(last)) throw new Error(`bench: the LeNet-like net diverged (loss ${last})`);
    return (steps * BATCH) / s;
  });
}

/** Whether python3 can run the peer (numpy always; torch when installed). */
function peerAvailable(python: string, module: string): boolean {
  if (!existsSync(SCRIPT)) return false;
  return spawnSync(python, ['-c', `import ${module}`], { encoding: 'utf8' }).status === 0;
}


function peerThroughput(python: string, impl: 'numpy' | 'torch', steps: number, mnistDir: string | null): number {
  const args = [SCRIPT, '--impl', impl, '--steps', String(steps), '--batch', String(BATCH), ...(mnistDir ? ['--mnist', mnistDir] : [])];
  const r = spawnSync(python, args, { encoding: 'utf8', env: pythonEnv() });
  if (r.status !== 0) throw new Error(`lenet_ref.py --impl ${impl} failed: ${r.stderr.trim().split('\n').pop()}`);
  return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { samples_per_s: number }).samples_per_s;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** Prints the LeNet table: best samples/s of each side and the median of same-round ratios. */
export function benchLenet(log: (line: string) => void, x: Matrix, y: Int32Array, mnistDir: string | null, quick: boolean, noPython = false): void {
  const rounds = quick ? 1 : 5, steps = quick ? 40 : 200;
  // PyTorch may live in Debian's python3 (python3-torch) rather than the first python3 on PATH.
  const numpyPy = !noPython && peerAvailable('python3', 'numpy') ? 'python3' : null;
  const torchPy = noPython ? null : ['python3', '/usr/bin/python3'].find((p) => peerAvailable(p, 'torch')) ?? null;
  log(`LeNet-like CNN, training samples/s, one thread each (${LENET.join(', ')}; batch ${BATCH}, SGD lr ${LR}, softmax CE; ${rounds} alternating rounds of ${steps} steps)`);
  if (!numpyPy) log('(numpy peer skipped: python3 with numpy not found)');
  if (!torchPy) log('(PyTorch peer skipped: no python3 with torch; Debian: apt-get install python3-torch)');
  const best = { nnlab: 0, numpy: 0, torch: 0 };
  const vsNumpy: number[] = [], vsTorch: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const o = lenetThroughput(x, y, steps);
    best.nnlab = Math.max(best.nnlab, o);
    if (numpyPy) {
      const n = peerThroughput(numpyPy, 'numpy', steps, mnistDir);
      best.numpy = Math.max(best.numpy, n);
      vsNumpy.push(o / n);
    }
    if (torchPy) {
      const t = peerThroughput(torchPy, 'torch', steps, mnistDir);
      best.torch = Math.max(best.torch, t);
      vsTorch.push(o / t);
    }
  }
  const w = [12, 12, 30];
  log(row(['side', 'samples/s', 'nnlab ÷ side (median of rounds; rounds)'], w));
  log(row(['nnlab', fmt(best.nnlab, 0), ''], w));
  if (numpyPy) log(row(['numpy f32', fmt(best.numpy, 0), `${fmt(median(vsNumpy))}× (${vsNumpy.map((v) => fmt(v)).join(' / ')})`], w));
  if (torchPy) log(row(['PyTorch', fmt(best.torch, 0), `${fmt(median(vsTorch))}× (${vsTorch.map((v) => fmt(v)).join(' / ')})`], w));
}
