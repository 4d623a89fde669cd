/**
 * Seeded 2-D toy sets for watching decision boundaries form. Pure: the Rng
 * comes in, the points come out. Classes are balanced (sizes differ by at most
 * one) and rows are grouped by class; the split shuffles them.
 */
import { Rng } from '../tensor/rng.js';
import type { Dataset } from './dataset.js';
import { prepare, type Samples } from './prepare.js';
import type { DataSpec } from './spec.js';

/** Samples of class c when n are shared among k classes. */
function classSize(n: number, k: number, c: number): number {
  return Math.floor(n / k) + (c < n % k ? 1 : 0);
}

function make(n: number, k: number, point: (c: number, out: [number, number]) => void, noise: number, rng: Rng): Samples {
  const x = new Float64Array(2 * n);
  const y = new Int32Array(n);
  const p: [number, number] = [0, 0];
  let i = 0;
  for (let c = 0; c < k; c++) {
    for (let m = classSize(n, k, c); m > 0; m--, i++) {
      point(c, p);
      x[2 * i] = p[0] + rng.normal(0, noise);
      x[2 * i + 1] = p[1] + rng.normal(0, noise);
      y[i] = c;
    }
  }
  return { x, y, rows: n, features: 2 };
}

function check(what: string, ok: boolean, v: number, rule: string): void {
  if (!ok) throw new Error(`data.${what}: ${v} ${rule}`);
}

function checkCommon(n: number, noise: number, k: number): void {
  check('samples', Number.isInteger(n) && n >= 2 * k, n, `must be an integer of at least ${2 * k} (two per class)`);
  check('noise', noise >= 0 && Number.isFinite(noise), noise, 'must be a standard deviation >= 0, e.g. 0.1');
}

/** Two concentric circles: class 0 on radius 1, class 1 on radius `factor` (0 < factor < 1). */
export function circles(n: number, noise: number, factor: number, rng: Rng): Samples {
  checkCommon(n, noise, 2);
  check('factor', factor > 0 && factor < 1, factor, 'must be the inner/outer radius ratio in (0, 1), e.g. 0.5');
  return make(n, 2, (c, p) => {
    const t = rng.uniformRange(0, 2 * Math.PI);
    const r = c === 0 ? 1 : factor;
    p[0] = r * Math.cos(t);
    p[1] = r * Math.sin(t);
  }, noise, rng);
}

/** Two interleaving half circles: class 0 the upper arc, class 1 the lower arc shifted right and down. */
export function moons(n: number, noise: number, rng: Rng): Samples {
  checkCommon(n, noise, 2);
  return make(n, 2, (c, p) => {
    const t = rng.uniformRange(0, Math.PI);
    p[0] = c === 0 ? Math.cos(t) : 1 - Math.cos(t);
    p[1] = c === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
  }, noise, rng);
}

/** `arms` interleaved spirals: radius grows 0→1 over 1¼ turns, arm c starts at angle 2πc/arms. */
export function spirals(n: number, noise: number, arms: number, rng: Rng): Samples {
  check('arms', Number.isInteger(arms) && arms >= 2, arms, 'must be an integer >= 2 (one class per arm)');
  checkCommon(n, noise, arms);
  return make(n, arms, (c, p) => {
    const r = rng.uniform();
    const t = (2 * Math.PI * c) / arms + 2.5 * Math.PI * r;
    p[0] = r * Math.cos(t);
    p[1] = r * Math.sin(t);
  }, noise, rng);
}

export type SyntheticName = 'circles' | 'moons' | 'spirals';

/** Generate with the spec's data_seed (independent of the run seed) and prepare. */
export function loadSynthetic(name: SyntheticName, spec: DataSpec): Dataset {
  const rng = new Rng(spec.data_seed).fork(`synthetic/${name}`);
  const n = spec.samples;
  const pool =
    name === 'circles' ? circles(n, spec.noise, spec.factor, rng) : name === 'moons' ? moons(n, spec.noise, rng) : spirals(n, spec.noise, spec.arms, rng);
  const classes = name === 'spirals' ? spec.arms : 2;
  return prepare({ name, classes, imageShape: null, pool, test: null, defaultVal: null, unitDivisor: null }, spec);
}
