/**
 * `nnlab slurm <spec>`: write (and optionally submit) a Slurm job array whose
 * task k runs `nnlab run <spec> --shard k/N`. Only shards with pending runs
 * are in the array, so resubmitting after failures runs just what is missing.
 * The script text comes from src/experiment/cluster/slurm.ts; this is the IO around it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sbatchScript } from '../experiment/cluster/slurm.js';
import { shardPlans } from '../experiment/cluster/shard.js';
import { readRuns, writeAtomically } from '../experiment/store/store.js';
import { isStaged } from '../experiment/plan/expand.js';
import { loadExperiment, type Overrides } from './plan.js';
import { RuntimeError, UsageError } from './errors.js';
import { count } from '../report/words.js';

export interface SlurmArgs {
  spec: string;
  overrides: Overrides;
  resultsDir: string;
  tasks?: number;
  parallel?: number;
  partition?: string;
  time?: string;
  cpusPerTask: number;
  mem?: string;
  /** Seconds of warning before the time limit (USR1); default 120. */
  signalSeconds?: number;
  /** --checkpoint-every for each task's `nnlab run` (checked here, so a bad value fails before sbatch, not in every task). */
  checkpointEvery?: number;
  submit: boolean;
  wait: boolean;
}

/** Default number of array tasks: one per run, capped so a big sweep does not flood the queue. */
export const MAX_DEFAULT_TASKS = 100;

function positive(flag: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new UsageError(`${flag} ${v}: must be a whole number >= 1`);
}

function overrideArgs(o: Overrides): string[] {
  return [...o.set.flatMap((s) => ['--set', s]), ...(o.seeds !== undefined ? ['--seeds', o.seeds] : []), ...(o.epochs !== undefined ? ['--epochs', o.epochs] : [])];
}

export function slurmCommand(a: SlurmArgs, out: (l: string) => void): number {
  positive('--tasks', a.tasks);
  positive('--parallel', a.parallel);
  positive('--cpus-per-task', a.cpusPerTask);
  positive('--signal-seconds', a.signalSeconds);
  if (a.wait && !a.submit) throw new UsageError('--wait only makes sense with --submit');
  const { spec, plans } = loadExperiment(a.spec, a.overrides);
  if (isStaged(spec)) {
    throw new UsageError(`${a.spec}: ${spec.protocol ? 'a tune-then-test protocol' : 'successive halving'} plans each stage from the results of the one before, which an array of independent tasks cannot share; run it with nnlab run on one node (e.g. inside one sbatch job), or drop ${spec.protocol ? 'protocol' : 'search.halving'}`);
  }
  const tasks = a.tasks ?? Math.min(plans.length, MAX_DEFAULT_TASKS);
  if (tasks > plans.length) throw new UsageError(`--tasks ${tasks}: the sweep has only ${count(plans.length, 'run')}; use at most ${count(plans.length, 'task')}`);
  const resultsDir = path.resolve(a.resultsDir);
  const dir = path.join(resultsDir, spec.name);
  const stored = new Map(readRuns(dir).rows.map((r) => [r.run_id!, r.status ?? '']));
  const pendingOf = (i: number): number => shardPlans(plans, { index: i, count: tasks }).filter((p) => !stored.has(p.id) || stored.get(p.id) === 'failed').length;
  const indices = Array.from({ length: tasks }, (_, i) => i).filter((i) => pendingOf(i) > 0);
  if (indices.length === 0) {
    out(`${plans.length === 1 ? 'the 1 run' : `all ${plans.length} runs`} of ${spec.name} ${plans.length === 1 ? 'is' : 'are'} complete — nothing to submit`);
    return 0;
  }
  const logDir = path.join(dir, 'slurm');
  const script = sbatchScript({
    name: spec.name,
    tasks,
    indices,
    parallel: a.parallel ?? null,
    partition: a.partition ?? null,
    time: a.time ?? null,
    cpusPerTask: a.cpusPerTask,
    mem: a.mem ?? null,
    signalSeconds: a.signalSeconds ?? 120,
    node: process.execPath,
    cli: fileURLToPath(new URL('./main.js', import.meta.url)),
    spec: path.resolve(a.spec),
    cwd: process.cwd(),
    resultsDir,
    logDir,
    runArgs: [...overrideArgs(a.overrides), ...(a.checkpointEvery !== undefined ? ['--checkpoint-every', String(a.checkpointEvery)] : [])],
  });
  fs.mkdirSync(logDir, { recursive: true });
  const file = path.join(logDir, `${spec.name}.sbatch`);
  writeAtomically(file, script);
  const pending = indices.reduce((s, i) => s + pendingOf(i), 0);
  out(`${file}: ${indices.length} of ${count(tasks, 'array task')} (${pending} pending ${pending === 1 ? 'run' : 'runs'} of ${plans.length})`);
  if (!a.submit) {
    out(`submit with: sbatch ${file}`);
    return 0;
  }
  let jobId: string;
  try {
    jobId = execFileSync('sbatch', ['--parsable', ...(a.wait ? ['--wait'] : []), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string; status?: number };
    if (err.code === 'ENOENT') throw new RuntimeError(`sbatch not found: this machine is not a Slurm login node; copy ${file} to one and run sbatch there`);
    throw new RuntimeError(`sbatch ${file} failed${err.status !== undefined ? ` (exit ${err.status})` : ''}: ${String(err.stderr ?? err.message).trim().split('\n')[0]}`);
  }
  out(`submitted job ${jobId.split(';')[0]}${a.wait ? ' (finished)' : ''}; follow it with: nnlab status ${a.spec}`);
  return 0;
}
