/**
 * Friedman #1 (Friedman 1991, "Multivariate adaptive regression splines"), the
 * standard synthetic regression benchmark: ten features x_j ~ U(0, 1), of
 * which only the first five matter,
 *   y = 10·sin(π·x1·x2) + 20·(x3 − 0.5)² + 10·x4 + 5·x5 + ε,   ε ~ N(0, noise²).
 * Var(y) without noise is about 24, so noise 1 leaves an attainable R² of about 0.96.
 * Pure: made from data_seed alone, so every run sees the same samples.
 */
import { Rng } from '../tensor/rng.js';
import type { Dataset } from './dataset.js';
import { prepare, type Samples } from './prepare.js';
import type { DataSpec } from './spec.js';

export const FRIEDMAN_FEATURES = 10;

export function friedman1(n: number, noise: number, rng: Rng): Samples {
  if (!Number.isInteger(n) || n < 10) throw new Error(`data.samples: ${n} must be an integer of at least 10`);
  if (!(noise >= 0 && Number.isFinite(noise))) throw new Error(`data.noise: ${noise} must be a standard deviation >= 0, e.g. 1`);
  const x = new Float64Array(n * FRIEDMAN_FEATURES);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = x.subarray(i * FRIEDMAN_FEATURES, (i + 1) * FRIEDMAN_FEATURES);
    for (let j = 0; j < FRIEDMAN_FEATURES; j++) r[j] = rng.uniform();
    t[i] = 10 * Math.sin(Math.PI * r[0]! * r[1]!) + 20 * (r[2]! - 0.5) ** 2 + 10 * r[3]! + 5 * r[4]! + rng.normal(0, noise);
  }
  return { x, y: new Int32Array(n), rows: n, features: FRIEDMAN_FEATURES, t, targets: ['y'] };
}

export function loadFriedman(spec: DataSpec): Dataset {
  const pool = friedman1(spec.samples, spec.noise, new Rng(spec.data_seed).fork('friedman1'));
  return prepare({ name: 'friedman', classes: 0, imageShape: null, pool, test: null, defaultVal: null, unitDivisor: null }, spec);
}
