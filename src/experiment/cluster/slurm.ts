/**
 * `nnlab slurm`: a sweep as one Slurm job array, the way Hydra's submitit
 * launcher does it — task k runs `nnlab run <spec> --shard k/N`, so Slurm does
 * the scheduling and nnlab only slices the sweep. Pure: text in, text out.
 */

export interface SlurmOptions {
  /** Experiment name (job name and log file names). */
  name: string;
  /** Number of shards N; array task k runs shard k/N. */
  tasks: number;
  /** Array indices to submit: only shards that still have pending runs. */
  indices: number[];
  /** At most this many tasks at once (`%P`); null = no throttle. */
  parallel: number | null;
  partition: string | null;
  time: string | null;
  cpusPerTask: number;
  mem: string | null;
  /** Seconds before the time limit at which Slurm sends USR1 (nnlab checkpoints, stops and requeues the task). */
  signalSeconds: number;
  /** Absolute paths: node, the nnlab CLI, the spec, the working directory, results and reports dirs, log dir. */
  node: string;
  cli: string;
  spec: string;
  cwd: string;
  resultsDir: string;
  logDir: string;
  /** Extra `nnlab run` arguments carried over from the command line (--set, --seeds, --epochs, --checkpoint-every). */
  runArgs: string[];
}

/** Single-quote for POSIX sh: safe for any path, including spaces and quotes. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Compress sorted indices to Slurm's array syntax: [0,1,2,5,7,8] → "0-2,5,7-8". */
export function arraySpec(indices: number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function sbatchScript(o: SlurmOptions): string {
  if (o.indices.length === 0) throw new Error('sbatchScript: no shard has pending runs');
  const q = shellQuote;
  const array = arraySpec(o.indices) + (o.parallel ? `%${o.parallel}` : '');
  const directives = [
    `--job-name=nnlab-${o.name}`,
    `--array=${array}`,
    `--cpus-per-task=${o.cpusPerTask}`,
    // %A = array job id, %a = task index: one log per task.
    `--output=${o.logDir}/${o.name}-%A_%a.out`,
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.time ? [`--time=${o.time}`] : []),
    ...(o.mem ? [`--mem=${o.mem}`] : []),
    // Preemption and time limits: USR1 this long before the end (B: to the batch shell, which exec makes nnlab),
    // so the running runs checkpoint and the task requeues itself; the requeued task appends to the same log.
    `--signal=B:USR1@${o.signalSeconds}`,
    '--requeue',
    '--open-mode=append',
  ];
  const run = [
    q(o.node), q(o.cli), 'run', q(o.spec),
    '--shard', `"$SLURM_ARRAY_TASK_ID/${o.tasks}"`,
    '--workers', String(o.cpusPerTask),
    '--results-dir', q(o.resultsDir),
    '--no-report',
    ...o.runArgs.map(q),
  ].join(' ');
  return [
    '#!/bin/bash',
    `# nnlab sweep "${o.name}" as a Slurm job array: task k runs shard k/${o.tasks}.`,
    '# Written by `nnlab slurm`; resubmitting with `nnlab slurm --submit` runs only what is missing.',
    ...directives.map((d) => `#SBATCH ${d}`),
    'set -euo pipefail',
    `cd ${q(o.cwd)}`,
    `exec ${run}`,
    '',
  ].join('\n');
}
