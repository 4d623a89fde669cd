#!/usr/bin/env node
// TensorFlow.js peer for `nnlab bench`: the same MLP on TensorFlow.js (@tensorflow/tfjs, whose core
// ops come with their gradients; tfjs-core alone registers none) with the
// WebAssembly backend (@tensorflow/tfjs-backend-wasm, one thread), trained the tfjs way:
// variables, tf.losses.softmaxCrossEntropy and tf.train.sgd(...).minimize. Benchmark
// reference only (devDependencies; nnlab never loads it).
// Prints one JSON line: {"samples_per_s", "loss", "backend"}.
// usage: tfjs_ref.mjs --hidden 100,200 --activation relu --batch 32 --steps 600 [--outputs 10] [--mnist DIR]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs'; // the union package: tfjs-core's ops with their gradients registered
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const { values: a } = parseArgs({
  options: {
    hidden: { type: 'string' }, activation: { type: 'string' }, batch: { type: 'string' }, steps: { type: 'string' },
    outputs: { type: 'string', default: '10' }, mnist: { type: 'string' }, lr: { type: 'string', default: '0.1' },
  },
});
setThreadsCount(1);
await tf.setBackend('wasm');
await tf.ready();

const ROWS = 50_000, F = 784, B = Number(a.batch), steps = Number(a.steps);
const X = new Float32Array(ROWS * F), Y = new Int32Array(ROWS);
if (a.mnist) {
  const img = readFileSync(join(a.mnist, 'train-images-idx3-ubyte')), lab = readFileSync(join(a.mnist, 'train-labels-idx1-ubyte'));
  for (let i = 0; i < ROWS * F; i++) X[i] = img[16 + i] / 255;
  for (let i = 0; i < ROWS; i++) Y[i] = lab[8 + i];
} else {
  for (let i = 0; i < X.length; i++) X[i] = Math.random();
  for (let i = 0; i < ROWS; i++) Y[i] = Math.floor(Math.random() * 10);
}
const sizes = [F, ...a.hidden.split(',').map(Number), Number(a.outputs)];
const Ws = [], bs = [];
for (let i = 0; i + 1 < sizes.length; i++) {
  Ws.push(tf.variable(tf.randomNormal([sizes[i], sizes[i + 1]], 0, 0.01, 'float32', 1 + i)));
  bs.push(tf.variable(tf.zeros([sizes[i + 1]])));
}
const act = a.activation === 'relu' ? tf.relu : tf.sigmoid;
const opt = tf.train.sgd(Number(a.lr));
const xb = new Float32Array(B * F), yb = new Int32Array(B);
let pos = 0;
function step() {
  if (pos + B > ROWS) pos = 0;
  xb.set(X.subarray(pos * F, (pos + B) * F));
  yb.set(Y.subarray(pos, pos + B));
  pos += B;
  return tf.tidy(() => {
    const x = tf.tensor2d(xb, [B, F]), y = tf.oneHot(tf.tensor1d(yb, 'int32'), sizes.at(-1));
    const loss = opt.minimize(() => {
      let h = x;
      for (let i = 0; i < Ws.length; i++) {
        const z = tf.add(tf.matMul(h, Ws[i]), bs[i]);
        h = i + 1 < Ws.length ? act(z) : z;
      }
      return tf.losses.softmaxCrossEntropy(y, h);
    }, true);
    return loss.dataSync()[0];
  });
}
for (let i = 0; i < Math.max(5, Math.floor(steps / 10)); i++) step();
const t0 = performance.now();
let loss = NaN;
for (let i = 0; i < steps; i++) loss = step();
const s = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ samples_per_s: (steps * B) / s, loss, backend: `tfjs ${tf.version_core} ${tf.getBackend()}` }));
