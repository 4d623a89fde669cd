/**
 * The one seeded random generator. Everything that draws takes an Rng
 * argument; nothing reaches for a global source, so the same seed gives the
 * same numbers on any machine and with any number of workers.
 */
import type seedrandom from 'seedrandom';
import alea from 'seedrandom/lib/alea.js';

/** Where a stream is: Alea's four numbers and the Box–Muller spare (for checkpoints). */
export interface RngState {
  seed: string;
  alea: { c: number; s0: number; s1: number; s2: number };
  spare: number | null;
}

type StatefulPrng = seedrandom.PRNG & { state(): RngState['alea'] };

export class Rng {
  readonly seed: string;
  private prng: StatefulPrng;
  private spare: number | null = null;
  /**
   * Streams forked from this one, in fork order: a checkpoint walks the tree (streams()) and so
   * captures every stream a run draws from — the layers' own (dropout, …) included — without a list.
   */
  private readonly children: Rng[] = [];

  constructor(seed: string | number) {
    this.seed = String(seed);
    // Alea: fast, well-distributed, and identical across platforms. `state: true` only adds state().
    this.prng = alea(this.seed, { state: true }) as StatefulPrng;
  }

  /** An independent stream derived from this seed and a label (e.g. 'init', 'shuffle'). */
  fork(label: string): Rng {
    const child = new Rng(`${this.seed}/${label}`);
    this.children.push(child);
    return child;
  }

  /** This stream and every stream forked from it (recursively), in a fixed order. */
  streams(): Rng[] {
    return [this, ...this.children.flatMap((c) => c.streams())];
  }

  /** The stream's position, as plain JSON-safe numbers. */
  state(): RngState {
    return { seed: this.seed, alea: this.prng.state(), spare: this.spare };
  }

  /** Continue from a saved position of the same stream (same seed). */
  setState(s: RngState): void {
    if (s.seed !== this.seed) throw new Error(`Rng.setState: the state is of stream '${s.seed}', not '${this.seed}'`);
    this.prng = alea('', { state: s.alea }) as StatefulPrng;
    this.spare = s.spare;
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.prng();
  }

  /** Uniform in [lo, hi). */
  uniformRange(lo: number, hi: number): number {
    return lo + (hi - lo) * this.prng();
  }

  /** Normal(mean, std) by Box–Muller; the second value of each pair is kept for the next call. */
  normal(mean = 0, std = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.prng(); // log(0) guard
    const v = this.prng();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    if (!(n > 0) || !Number.isInteger(n)) throw new Error(`Rng.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.prng() * n);
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: any }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** n draws of Bernoulli(pOne): 1 with probability pOne, else 0. */
  bernoulliMask(n: number, pOne: number): Uint8Array {
    const m = new Uint8Array(n);
    for (let i = 0; i < n; i++) m[i] = this.prng() < pOne ? 1 : 0;
    return m;
  }
}
