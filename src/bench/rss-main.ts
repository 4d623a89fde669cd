/**
 * Child-process entry for the memory figure: loads MNIST into shared memory,
 * trains net A on 2 worker threads, prints this process's peak RSS as JSON.
 * A fresh process, so earlier benchmark phases do not inflate the peak.
 */
import { benchData } from './data.js';
import { NETS } from './nets.js';
import { parallelThroughput } from './workers.js';

const data = benchData();
const r = await parallelThroughput(data, NETS[0]!, 2, Number(process.argv[2] ?? 300), 2);
process.stdout.write(JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024, source: data.source, samplesPerS: r.samplesPerS }) + '\n');
