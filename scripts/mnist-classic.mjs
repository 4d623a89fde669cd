#!/usr/bin/env node
/**
 * The classic MNIST baseline, run by hand through the public API (dist/ — run
 * `npm run build` first): 784-100-200-10 ReLU, weights normal(0.01), zero
 * biases, softmax cross-entropy, plain SGD lr 0.1, batch 32, 10 epochs.
 * Prints one markdown table row per epoch, then the final result; the table in
 * docs/mnist.md is this script's output. experiments/mnist-classic.yaml is the
 * same run for `npx nnlab run`.
 *
 *   node scripts/mnist-classic.mjs [--epochs N] [--seed S] [--train-size N]
 *   NNLAB_BACKEND=js node scripts/mnist-classic.mjs   # the plain-JS kernels instead of WebAssembly SIMD
 */
import { performance } from 'node:perf_hooks';
import { kernels, loadDataset, Matrix, trainRun } from '../dist/index.js';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const epochs = arg('epochs', 10);
const seed = arg('seed', 0); // the first seed of the spec's seed list, so the numbers match `npx nnlab run`
const trainSize = arg('train-size', null);

/** @type {import('../dist/index.js').RunConfig} */
const config = {
  data: {
    dataset: 'mnist', train_size: trainSize, val_size: 10000, test_fraction: 0.2, split: 'last', data_seed: 0,
    scale: 'unit', samples: 1000, noise: 0.1, factor: 0.5, arms: 3, path: null, label: null, header: true,
    augment: { shift: 0, rotate: 0 },
  },
  model: {
    hidden: [100, 200], activation: 'relu', leaky_slope: 0.01,
    init: { weights: 'normal(0.01)', biases: 'zeros' },
    dropout: 0, input_dropout: 0, batch_norm: false, bn_momentum: 0.1, bn_eps: 1e-5,
  },
  loss: 'softmax_cross_entropy',
  regularization: { l2: 0, l2_biases: false },
  optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 /* unused by sgd; the spec default */, beta1: 0.9, beta2: 0.999, rho: 0.9, eps: 1e-8, weight_decay: 0 },
  schedule: { name: 'constant', step_size: 10, gamma: 0.1, min_lr: 0 },
  train: { epochs, batch_size: 32, patience: null, diagnostics: false, probe_size: 256 },
  seed,
};

const t0 = performance.now();
const data = loadDataset(config.data);
const loadSeconds = (performance.now() - t0) / 1000;
console.log(`# MNIST classic: ${data.train.x.rows} train / ${data.val.x.rows} val / ${data.test.x.rows} test, loaded in ${loadSeconds.toFixed(1)} s, seed ${seed}, ` +
  `float32 kernels: ${kernels.backendFor(Matrix.zeros(1, 1)).name}`);
console.log('| epoch | train loss | train acc | val loss | val acc | seconds | epoch seconds |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
let prev = 0;
const pct = (a) => (100 * a).toFixed(2) + '%';
const result = trainRun(config, data, {
  now: () => performance.now(),
  onEpoch: (r) => {
    console.log(`| ${r.epoch} | ${r.train_loss.toFixed(4)} | ${pct(r.train_accuracy)} | ${r.val_loss.toFixed(4)} | ${pct(r.val_accuracy)} | ${r.seconds.toFixed(1)} | ${(r.seconds - prev).toFixed(1)} |`);
    prev = r.seconds;
  },
});
console.log(`\nstatus ${result.status}${result.error ? ` (${result.error})` : ''}; epochs ${result.epochs}; ` +
  `best val ${pct(result.best_val_accuracy)}; test accuracy ${pct(result.test_accuracy)}; ${result.seconds.toFixed(1)} s total`);
if (result.status !== 'completed') process.exitCode = 1;
