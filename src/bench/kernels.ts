/**
 * Kernel-level benchmark: GFLOP/s of the three matmul forms training uses,
 * wasm SIMD with operands copied in and out (plain JS-heap matrices) vs
 * resident in wasm memory (as inside a training run) vs the JS reference.
 * Operands are dense random values, except the two "data" rows, whose A is a
 * real batch of inputs: there gemm skips the zeros (MNIST is ~80% zeros) and
 * GFLOP/s counts the dense work, so they show what skipping gains.
 */
import { jsBackend, withResidentMemory, type MatmulOptions } from '../tensor/kernels.js';
import { Matrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { nativeBackend, wasmBackend } from '../tensor/wasm/index.js';
import { readFileSync } from 'node:fs';
import { fmt, row, timeIt } from './timing.js';

interface Case { label: string; m: number; n: number; k: number; opts: MatmulOptions }

const CASES: Case[] = [
  { label: 'X·W      32×784·784×100', m: 32, n: 100, k: 784, opts: {} },
  { label: 'Xᵀ·G     784×32·32×100', m: 784, n: 100, k: 32, opts: { transA: true, accumulate: true } },
  { label: 'G·Wᵀ     32×100·100×784', m: 32, n: 784, k: 100, opts: { transB: true } },
  { label: 'X·W      100×784·784×30', m: 100, n: 30, k: 784, opts: {} },
  { label: 'X·W      100×784·784×32', m: 100, n: 32, k: 784, opts: {} },
  { label: 'X·W      64×256·256×256', m: 64, n: 256, k: 256, opts: {} },
  { label: 'Xᵀ·G     256×64·64×256', m: 256, n: 256, k: 64, opts: { transA: true, accumulate: true } },
  { label: 'G·Wᵀ     64×256·256×256', m: 64, n: 256, k: 256, opts: { transB: true } },
];

function operands(rng: Rng, c: Case, x?: Matrix) {
  const fill = (r: number, k: number) => {
    const m = Matrix.zeros(r, k);
    for (let i = 0; i < m.size; i++) m.data[i] = rng.normal();
    return m;
  };
  const a = x ? x.sliceRows(0, c.opts.transA ? c.k : c.m).clone() : c.opts.transA ? fill(c.k, c.m) : fill(c.m, c.k);
  const b = c.opts.transB ? fill(c.n, c.k) : fill(c.k, c.n);
  return { a, b, out: Matrix.zeros(c.m, c.n) };
}

/** The same product on copies of the operands resident in wasm memory, as training runs it (no copies in or out). */
function resident(a: Matrix, b: Matrix, out: Matrix, opts: MatmulOptions, minMs: number): number {
  return withResidentMemory(() => {
    const ra = a.to('float32'), rb = b.to('float32'), rout = out.to('float32');
    return timeIt(() => wasmBackend.matmul(ra, rb, rout, opts), minMs);
  });
}

/** The elementwise kernels' operands at net A's sizes. */
function elementwiseOperands(rng: Rng) {
  const n = 784 * 100 + 100 + 100 * 200 + 200 + 200 * 10 + 10; // net A's parameter count
  // Filled in place (not .map, which would copy to the JS heap) so allocate() decides where they live.
  const vec = (scale: number) => mat(1, n, scale).data;
  function mat(r: number, c: number, scale: number): Matrix {
    const out = Matrix.zeros(r, c);
    for (let i = 0; i < out.size; i++) out.data[i] = rng.normal() * scale;
    return out;
  }
  return {
    n, theta: vec(1), g: vec(1e-3), v: vec(0), m: vec(0), s: vec(0),
    x: mat(32, 200, 1), dy: mat(32, 200, 1), out: mat(32, 200, 0), z: mat(32, 200, 0), bias: mat(1, 200, 1),
    logits: mat(32, 10, 3), grad: mat(32, 10, 0), labels: Int32Array.from({ length: 32 }, () => rng.int(10)),
    h: mat(100, 30, 2), hy: mat(100, 30, 0), hd: mat(100, 30, 1), hx: mat(100, 30, 0),
  };
}

/**
 * Elementwise kernels over net A's sizes, µs per call: the JS reference on
 * heap arrays, wasm with copies (heap arrays), and wasm on resident arrays
 * (as inside a training run).
 */
function benchElementwise(log: (line: string) => void, rng: Rng, minMs: number): void {
  const heap = elementwiseOperands(rng);
  const nb = nativeBackend();
  const w = [34, 10, 12, 14, 10, 12];
  log(row(['elementwise (µs per call)', 'js', 'wasm copies', 'wasm resident', 'native', 'js/resident'], w));
  type Ops = ReturnType<typeof elementwiseOperands>;
  const cases: [string, (b: typeof jsBackend, o: Ops) => void][] = [
    [`sgdStep ${heap.n} params`, (b, o) => b.sgdStep!(o.theta, o.g, 1e-9)],
    [`momentumStep ${heap.n} params`, (b, o) => b.momentumStep!(o.theta, o.g, o.v, 1e-9, 0.9, false)],
    [`adamStep ${heap.n} params`, (b, o) => b.adamStep!(o.theta, o.g, o.m, o.s, 1e-9, 0.9, 0.999, 1e-8, 10)],
    ['relu 32×200', (b, o) => b.relu!(o.x, o.out)],
    ['reluBackward 32×200', (b, o) => b.reluBackward!(o.x, o.dy, o.out)],
    ['addBias 32×200', (b, o) => b.addBias(o.x, o.bias, o.out)],
    ['addBiasRelu 32×200', (b, o) => b.addBiasRelu!(o.x, o.bias, o.z, o.out)],
    ['softmaxCrossEntropy 32×10', (b, o) => b.softmaxCrossEntropy!(o.logits, o.labels, o.grad)],
    ['sigmoid 100×30', (b, o) => b.sigmoid!(o.h, o.hy)],
    ['sigmoidBackward 100×30', (b, o) => b.sigmoidBackward!(o.hy, o.hd, o.hx)],
  ];
  withResidentMemory(() => {
    // The same values, copied into wasm memory (allocate places them there inside this scope).
    const res = elementwiseOperands(new Rng('unused'));
    for (const k of ['theta', 'g', 'v', 'm', 's'] as const) res[k].set(heap[k]);
    for (const k of ['x', 'dy', 'out', 'z', 'bias', 'logits', 'grad', 'h', 'hy', 'hd', 'hx'] as const) res[k].data.set(heap[k].data);
    res.labels.set(heap.labels);
    for (const [label, f] of cases) {
      const tj = timeIt(() => f(jsBackend, heap), minMs);
      const tw = timeIt(() => f(wasmBackend, heap), minMs);
      const tr = timeIt(() => f(wasmBackend, res), minMs);
      const tn = nb ? timeIt(() => f(nb, heap), minMs) : NaN;
      log(row([label, fmt(tj * 1000, 1), fmt(tw * 1000, 1), fmt(tr * 1000, 1), nb ? fmt(tn * 1000, 1) : '-', fmt(tj / tr, 1) + '×'], w));
    }
  });
}

/**
 * The core's float32 peak without FMA, for the native kernel set: lanes × 4 (two multiplies and
 * two adds per cycle, as on Zen 4/5 and recent Intel cores) × the clock /proc/cpuinfo reports.
 * Null off Linux or without a native kernel set.
 */
function peak(kernels: string): { gflops: number; how: string } | null {
  const lanes = kernels === 'native-avx512' ? 16 : kernels === 'native-avx2' ? 8 : kernels === 'native-neon' ? 4 : 0;
  if (!lanes) return null;
  try {
    const mhz = Number(/cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]);
    if (!Number.isFinite(mhz) || mhz <= 0) return null;
    return { gflops: (lanes * 4 * mhz) / 1000, how: `${lanes} lanes × 4 ops/cycle (2 mul + 2 add) × ${fmt(mhz / 1000)} GHz (the clock /proc/cpuinfo reports; boost clocks make the true peak higher)` };
  } catch {
    return null;
  }
}

/** x: the benchmark's input data (its first 32 rows make the "data" rows). */
export function benchKernels(log: (line: string) => void, x: Matrix, quick = false): void {
  const minMs = quick ? 40 : 200;
  const rng = new Rng('bench-kernels');
  const nb = nativeBackend();
  const w = [26, 12, 14, 10, 12, 10];
  log(`Kernel GFLOP/s (float32, one thread; best of 3 rounds; native: ${nb ? nb.name : 'not available'})`);
  log(row(['matmul', 'wasm copies', 'wasm resident', 'native', 'native/wasm', 'js'], w));
  const dataCases = CASES.slice(0, 2).map((c) => ({ ...c, label: c.label.replace(/\s{2,}/, ' data ') }));
  let target: string | null = null;
  for (const c of [...CASES, ...dataCases]) {
    const { a, b, out } = operands(rng, c, dataCases.includes(c) ? x : undefined);
    const flop = 2 * c.m * c.n * c.k;
    const g = (ms: number) => flop / ms / 1e6;
    const tw = timeIt(() => wasmBackend.matmul(a, b, out, c.opts), minMs);
    const tc = resident(a, b, out, c.opts, minMs);
    const tn = nb ? timeIt(() => nb.matmul(a, b, out, c.opts), minMs) : NaN;
    const tj = timeIt(() => jsBackend.matmul(a, b, out, c.opts), minMs);
    log(row([c.label, fmt(g(tw), 1), fmt(g(tc), 1), nb ? fmt(g(tn), 1) : '-', nb ? fmt(tc / tn) + '×' : '-', fmt(g(tj), 2)], w));
    if (nb && c.label.startsWith('X·W      64×256·256×256')) {
      const p = peak(nb.name);
      target = `64×256·256×256: native ${fmt(g(tn), 1)} GFLOP/s = ${fmt(tc / tn)}× the wasm kernel's ${fmt(g(tc), 1)} (target ≥ 2×)` +
        (p ? `; ${fmt((100 * g(tn)) / p.gflops, 0)}% of the core's non-FMA peak ${fmt(p.gflops, 0)} GFLOP/s = ${p.how}` : '');
    }
  }
  if (target) log(target);
  log('');
  benchElementwise(log, rng, minMs);
}
