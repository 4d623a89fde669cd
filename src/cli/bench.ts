/** `nnlab bench`: the benchmark lives in src/bench/; this only passes the flags on. */
import { runBench } from '../bench/index.js';

export async function benchCommand(opts: { quick: boolean; numpy: boolean; only?: 'lenet' }): Promise<number> {
  return runBench({ quick: opts.quick || undefined, noNumpy: !opts.numpy, only: opts.only });
}
