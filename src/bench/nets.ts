/** The benchmark networks (shared by the nnlab side and bench/numpy_ref.py). */
export interface BenchNet {
  name: string;
  hidden: number[];
  activation: 'relu' | 'sigmoid';
  batch: number;
  /** Output units (default 10, MNIST's classes; more are never the label but cost the same work). */
  outputs?: number;
}

export const NETS: BenchNet[] = [
  { name: 'A 784-100-200-10 relu b32', hidden: [100, 200], activation: 'relu', batch: 32 },
  { name: 'B 784-30-10 sigmoid b100', hidden: [30], activation: 'sigmoid', batch: 100 },
  { name: 'B32 784-32-10 sigmoid b100', hidden: [32], activation: 'sigmoid', batch: 100 },
  // Net B padded to widths 32 and 16 (hidden and output), the odd-width target's reference.
  { name: 'Bpad 784-32-16 sigmoid b100', hidden: [32], activation: 'sigmoid', batch: 100, outputs: 16 },
  { name: 'C 784-256x5-10 relu b64', hidden: [256, 256, 256, 256, 256], activation: 'relu', batch: 64 },
];

/** Minibatches per timed round: about the same work per round for every net. */
export function stepsFor(net: BenchNet, quick: boolean): number {
  const base = net.hidden.length > 2 ? 150 : net.batch === 32 ? 600 : 300;
  return quick ? Math.max(20, Math.round(base / 5)) : base;
}
