/**
 * One nnlab training-throughput measurement in its own process (so the benchmark can pin it to
 * one CPU like every peer): argv = net index into NETS, steps, MNIST folder or "-". The kernels
 * are NNLAB_BACKEND's. Prints {"samples_per_s", "kernels"} as one JSON line.
 */
import { backendFor } from '../tensor/kernels.js';
import { Matrix } from '../tensor/matrix.js';
import '../tensor/wasm/index.js';
import { benchData } from './data.js';
import { NETS } from './nets.js';
import { trainThroughput } from './training.js';

const [netIndex, steps] = process.argv.slice(2).map(Number);
const data = benchData();
const samples = trainThroughput(NETS[netIndex!]!, data.x, data.y, steps!);
console.log(JSON.stringify({ samples_per_s: samples, kernels: backendFor(Matrix.zeros(1, 1)).name }));
