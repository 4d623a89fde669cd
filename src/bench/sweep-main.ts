/**
 * Child-process entry for one sweep measurement (sweep.ts, sweepInChild):
 * `node sweep-main.js <workers> <epochs>` prints the SweepResult as JSON. A
 * fresh process per measurement, so each starts alike and can be pinned to CPUs.
 */
import { sweepPlans, sweepThroughput } from './sweep.js';

const [workers, epochs] = process.argv.slice(2).map(Number);
const r = await sweepThroughput(sweepPlans(epochs!), workers!);
process.stdout.write(JSON.stringify(r) + '\n');
