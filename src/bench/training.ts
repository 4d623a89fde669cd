/**
 * Whole-training throughput through the real layers, loss, optimizer and
 * batcher (what trainRun's inner loop does), in samples per second.
 */
import { buildModel } from '../nn/build.js';
import { makeLoss } from '../nn/losses.js';
import { SGD } from '../nn/optim/sgd.js';
import { zeroGrads } from '../nn/param.js';
import type { ModelSpec } from '../nn/spec.js';
import { Matrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { Batcher } from '../train/batcher.js';
import { withResidentMemory } from '../tensor/kernels.js';
import type { BenchNet } from './nets.js';

export function modelSpec(net: BenchNet): ModelSpec {
  return {
    hidden: net.hidden,
    activation: net.activation,
    leaky_slope: 0.01,
    init: { weights: 'normal(0.01)', biases: 'zeros' },
    dropout: 0,
    input_dropout: 0,
    batch_norm: false,
    bn_momentum: 0.9,
    bn_eps: 1e-5,
  };
}

/**
 * A ready-to-step trainer for one net: SGD lr 0.1, softmax cross-entropy.
 * Call it inside withResidentMemory, as trainRun does, to measure what a run gets.
 */
export function makeStepper(net: BenchNet, x: Matrix, y: Int32Array, seed = 1): (steps: number) => number {
  const rng = new Rng(seed);
  const loss = makeLoss('softmax_cross_entropy');
  const model = buildModel(modelSpec(net), x.cols, net.outputs ?? 10, rng.fork('model'));
  const params = model.params();
  const opt = new SGD({ lr: 0.1 });
  const batcher = new Batcher({ x, y }, net.batch);
  batcher.shuffle(rng.fork('shuffle'));
  let b = 0;
  let last = NaN;
  return (steps: number) => {
    for (let s = 0; s < steps; s++) {
      const batch = batcher.gather(b);
      b = (b + 1) % batcher.count;
      const out = model.forward(batch.x, true);
      last = loss.forward(out, batch.y);
      model.backward(loss.backward(), false);
      opt.step(params);
      zeroGrads(params);
    }
    return last;
  };
}

const WARMUP_MS = 300;

/**
 * Samples/s of `steps` minibatches after a warm-up, with memory placed as
 * trainRun places it. The warm-up lasts at least WARMUP_MS: V8 first runs wasm
 * through its baseline compiler and swaps in optimized code compiled on a
 * background thread, which on a loaded machine can take longer than a fixed
 * handful of steps — and a real run trains for minutes, at the optimized speed.
 */
export function trainThroughput(net: BenchNet, x: Matrix, y: Int32Array, steps: number): number {
  return withResidentMemory(() => {
    const step = makeStepper(net, x, y, 1);
    const w0 = performance.now();
    step(Math.max(5, Math.round(steps / 10)));
    while (performance.now() - w0 < WARMUP_MS) step(5);
    const t0 = performance.now();
    const l = step(steps);
    const s = (performance.now() - t0) / 1000;
    if (!Number.isFinite(l)) throw new Error(`bench: ${net.name} diverged (loss ${l})`);
    return (steps * net.batch) / s;
  });
}
