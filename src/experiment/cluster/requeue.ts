/**
 * Slurm preemption and time limits, the submitit way: `nnlab slurm` asks for a warning signal
 * before the limit (`--signal=B:USR1@<seconds>`) and `--requeue`. On USR1 the sweep stops, every
 * running run checkpoints (mid-epoch, losing nothing), and the task requeues itself with
 * `scontrol requeue`; the requeued task runs the same `nnlab run --shard` and continues them.
 */
import { execFileSync } from 'node:child_process';

/** The job id `scontrol requeue` takes for this task (array tasks as <job>_<task>), or null outside Slurm. */
export function slurmJobOf(env: NodeJS.ProcessEnv): string | null {
  if (env.SLURM_ARRAY_JOB_ID && env.SLURM_ARRAY_TASK_ID) return `${env.SLURM_ARRAY_JOB_ID}_${env.SLURM_ARRAY_TASK_ID}`;
  return env.SLURM_JOB_ID || null;
}

/** Requeue this Slurm task; returns the line to log. */
export function requeueSlurmTask(env: NodeJS.ProcessEnv): string {
  const job = slurmJobOf(env);
  if (job === null) return 'SIGUSR1 outside a Slurm job: the running runs are checkpointed; run the same command again to continue them';
  try {
    execFileSync('scontrol', ['requeue', job], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    return `requeued Slurm job ${job}: the requeued task continues the checkpointed runs`;
  } catch (e) {
    const err = e as { stderr?: string; message?: string };
    return `could not requeue Slurm job ${job} (${String(err.stderr || err.message).trim().split('\n')[0]}); the runs are checkpointed: resubmit with nnlab slurm --submit to continue them`;
  }
}
