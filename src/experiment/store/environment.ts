/**
 * environment.json: where and with what a results folder was produced, so a
 * number in a report can be traced to code, machine and time. Pure: the CLI
 * gathers the facts (git, clock), the store writes the file.
 */
import os from 'node:os';

export interface Environment {
  nnlab_version: string;
  /** Commit of the nnlab checkout that ran, or null outside a git checkout. */
  git_commit: string | null;
  node_version: string;
  platform: string;
  arch: string;
  cpu_model: string;
  cpu_count: number;
  workers: number;
  /**
   * The float32 kernels that trained the runs (NNLAB_BACKEND): "wasm" or "js". Their sums differ
   * around the 8th digit under the same run ids, so a folder is never resumed under the other one.
   * Absent in folders written before nnlab recorded it. The native kernels give the WebAssembly
   * kernels' bits, so they are "wasm" here; `kernels` says which ran.
   */
  backend: string;
  /**
   * The kernel set that trained the runs: "native-avx512", "native-avx2", "native-neon" (the
   * optional addon), "wasm-simd" or "js". Absent in folders written before nnlab recorded it.
   */
  kernels?: string;
  /** ISO times of the first session's start and the latest session's end (null while running). */
  started_at: string;
  finished_at: string | null;
  /** Sum of every recorded run's training seconds (across resumes and shards). */
  compute_seconds: number;
  /** Number of `nnlab run` sessions (resumes, shards) that wrote into this folder. */
  sessions: number;
}

export interface EnvironmentFacts {
  version: string;
  gitCommit: string | null;
  workers: number;
  backend: string;
  kernels?: string;
  startedAt: Date;
}

export function describeEnvironment(f: EnvironmentFacts): Environment {
  const cpus = os.cpus();
  return {
    nnlab_version: f.version,
    git_commit: f.gitCommit,
    node_version: process.version,
    platform: process.platform,
    arch: process.arch,
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    cpu_count: cpus.length,
    workers: f.workers,
    backend: f.backend,
    ...(f.kernels !== undefined ? { kernels: f.kernels } : {}),
    started_at: f.startedAt.toISOString(),
    finished_at: null,
    compute_seconds: 0,
    sessions: 1,
  };
}

/** Fold a new session into an existing record: keep the earliest start, count the session. */
export function mergeEnvironment(previous: Partial<Environment> | null, current: Environment): Environment {
  if (!previous || typeof previous.started_at !== 'string') return current;
  return {
    ...current,
    started_at: previous.started_at < current.started_at ? previous.started_at : current.started_at,
    sessions: (typeof previous.sessions === 'number' ? previous.sessions : 1) + 1,
  };
}
