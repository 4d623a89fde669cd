/**
 * Splitting a sweep into n deterministic slices so a job array (Slurm,
 * Kubernetes Indexed Jobs) can fan it out. Slice i takes runs i, i+n, i+2n, …
 * of the expansion order: round-robin spreads each sweep axis across shards,
 * so slices take about equally long even when later runs are bigger.
 */

export interface Shard {
  index: number;
  count: number;
}

export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

/** Environment variables holding a job array's index, in the order they are tried. */
export const SHARD_ENV_VARS = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX'] as const;

/** Parse `i/n` (0-based i) or `auto/n` (i from $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX). */
export function parseShard(text: string, env: Record<string, string | undefined>): Shard {
  const m = /^\s*(auto|\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ShardError(`--shard ${text}: expected i/n with 0 <= i < n (e.g. --shard 0/4), or auto/n`);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(count) || count < 1) throw new ShardError(`--shard ${text}: n must be at least 1`);
  let index: number;
  if (m[1] === 'auto') {
    const name = SHARD_ENV_VARS.find((v) => env[v] !== undefined && env[v] !== '');
    if (!name) {
      throw new ShardError(`--shard ${text}: auto needs $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX to be set; or pass the index, e.g. --shard 0/${count}`);
    }
    const raw = env[name]!;
    if (!/^\d+$/.test(raw.trim())) throw new ShardError(`--shard ${text}: $${name}=${raw} is not a non-negative integer`);
    index = Number(raw.trim());
    if (index >= count) {
      throw new ShardError(`--shard ${text}: $${name}=${index} is out of range 0..${count - 1}; make the job array size match n`);
    }
  } else {
    index = Number(m[1]);
    if (index >= count) throw new ShardError(`--shard ${text}: index ${index} is out of range 0..${count - 1} (shards are 0-based)`);
  }
  return { index, count };
}

/** The runs of one shard, in expansion order. */
export function shardPlans<T>(plans: readonly T[], shard: Shard | null): T[] {
  if (!shard) return [...plans];
  return plans.filter((_, i) => i % shard.count === shard.index);
}

export function shardLabel(shard: Shard): string {
  return `shard ${shard.index}/${shard.count}`;
}

/** Suffix of a shard's lock file name. */
export function shardTag(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}`;
}
