/**
 * `nnlab run`: spec → validate → expand → (shard) → skip what is done →
 * schedule on workers → record each run as it finishes → report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunPlan } from '../experiment/spec/spec.js';
import type { RunResult } from '../train/record.js';
import { datasetKey } from '../data/load.js';
import { toShared } from '../data/shared.js';
import { ResultsStore, backupResults, maxDenseOf } from '../experiment/store/store.js';
import { acquireRunLock, LockedError, type RunLock } from '../experiment/store/lock.js';
import { parseShard, shardLabel, shardPlans, shardTag, type Shard } from '../experiment/cluster/shard.js';
import { Scheduler } from '../experiment/schedule/scheduler.js';
import { isStaged, sweptColumns } from '../experiment/plan/expand.js';
import { plannedRunCount, planRuns } from '../experiment/plan/stages.js';
import { describeEnvironment } from '../experiment/store/environment.js';
import { checkCsvSizes, loadData } from './datacheck.js';
import { loadExperiment, type Overrides } from './plan.js';
import { barProgress, plainProgress, type Progress } from './progress.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_RUNTIME, UsageError } from './errors.js';
import { gitCommit, nnlabVersion, unwritableFolder } from './fsutil.js';
import { describePlan } from './dryrun.js';
import { LiveReport, liveSeconds } from './live.js';
import { requestedBackend, type BackendChoice } from '../tensor/wasm/choice.js';
import { checkKernelFile } from '../tensor/wasm/load.js';
import { checkNative, kernelSet } from '../tensor/native/select.js';
import { isRegressionSpec } from '../experiment/spec/regression.js';
import { checkpointedRuns, checkpointFile, modelFile, removeCheckpoint, resumePoint, type ResumePoint } from '../experiment/store/checkpoints.js';
// fileError lives in protocol.ts, not run-files.ts: run must not load the model and kernel modules just to start (or to refuse a spec).
import { fileError, type RunFiles } from '../experiment/schedule/protocol.js';
import { requeueSlurmTask } from '../experiment/cluster/requeue.js';
import { returnUsr1, takeUsr1 } from './usr1.js';
import { count } from '../report/words.js';

/** The most training a kill can lose, whatever --checkpoint-every says. */
const CHECKPOINT_FLOOR_MS = 5 * 60 * 1000;

export interface RunArgs {
  spec: string;
  /** As typed on the command line (or a number when called from code). */
  workers?: string | number;
  overrides: Overrides;
  shard?: string;
  force: boolean;
  dryRun: boolean;
  resultsDir: string;
  reportsDir: string;
  report: boolean;
  /** The command line, recorded in spec.yaml. */
  commandLine: string;
  /** Checkpoint every this many epochs (default 1; a 5-minute floor applies too). */
  checkpointEvery?: number;
}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  tty: boolean;
}

/** Key of a dataset: runs whose data sections shape the same numbers share one loaded copy. */
export function dataKey(plan: RunPlan): string {
  return datasetKey(plan.config.data);
}

export function lockFileFor(dir: string, shard: Shard | null): string {
  return path.join(dir, shard ? `.lock.${shardTag(shard)}` : '.lock');
}

/**
 * Locks that conflict with ours: an unsharded run conflicts with every shard, a shard with an
 * unsharded run and with every shard of another count (0/2 and 0/3 both take run 0, and their lock
 * names differ, so only this check keeps them from running it twice). Shards of one count never share a run.
 */
function conflictingLocks(dir: string, shard: Shard | null): string[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((n) => /^\.lock\.shard-\d+-of-\d+$/.test(n));
  } catch {
    names = [];
  }
  if (shard) names = names.filter((n) => !n.endsWith(`-of-${shard.count}`)).concat('.lock');
  return names.map((n) => path.join(dir, n));
}

function takeRunLock(dir: string, shard: Shard | null, label: string, now: Date, io: Io): RunLock {
  try {
    return acquireRunLock(lockFileFor(dir, shard), { now, label, others: () => conflictingLocks(dir, shard), warn: (m) => io.err(`nnlab: ${m}`) });
  } catch (e) {
    const other = e instanceof LockedError ? /\.lock\.shard-\d+-of-(\d+)/.exec(e.message) : null;
    if (shard && other && Number(other[1]) !== shard.count) {
      throw new LockedError(`${e instanceof Error ? e.message : ''}; shards of another count (${other[1]}) would run some of the same runs: give every shard of a folder the same n`);
    }
    throw e;
  }
}

/** A folder flag that names an existing file (or a path through one) is bad input, said before anything is written. */
function checkFolderFlag(flag: string, dir: string): void {
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    if (fs.existsSync(p)) {
      if (!fs.statSync(p).isDirectory()) throw new UsageError(`${flag} ${dir}: ${p === path.resolve(dir) ? 'is a file' : `${path.relative(process.cwd(), p) || p} is a file`}, not a folder; pass a folder (it is created if missing)`);
      return;
    }
    if (path.dirname(p) === p) return;
  }
}

/** --checkpoint-every N: a whole number of epochs >= 1. */
export function checkpointEvery(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw);
  // Digits only: Number() would also take 0x3, 1e2 and ' 2'.
  if (text === '') throw new UsageError('--checkpoint-every needs a value: a whole number of epochs >= 1 (default 1: after every epoch)');
  const n = /^[0-9]{1,6}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--checkpoint-every ${text}: must be a whole number of epochs from 1 to 999999 (default 1: after every epoch)`);
  return n;
}

function checkWorkers(raw: string | number | undefined): number {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  if (raw === undefined) return Math.max(1, cores);
  const w = typeof raw === 'number' ? raw : String(raw).trim() === '' ? NaN : Number(raw);
  if (!Number.isInteger(w) || w < 1) throw new UsageError(`--workers ${raw}: must be a whole number >= 1 (default: ${cores}, the number of cores)`);
  return w;
}

export async function runCommand(args: RunArgs, io: Io): Promise<number> {
  const workers = checkWorkers(args.workers);
  // Every worker reads NNLAB_BACKEND as it loads its kernels; a bad value would fail every run, so refuse it before anything is written.
  const backend = requestedBackend(process.env);
  // Missing WebAssembly kernels are an error, not a silent switch to the JS ones (other numbers, same run ids).
  if (backend === 'wasm' && !args.dryRun) checkKernelFile();
  if (!args.dryRun) checkNative(process.env); // NNLAB_BACKEND=native insists on the addon
  const shard = args.shard !== undefined ? parseShard(args.shard, process.env) : null;
  if (shard && args.force) {
    throw new UsageError(`--force cannot be combined with --shard (a shard would move aside the other shards' results); run once with --force and no --shard, or use another --results-dir`);
  }
  const exp = loadExperiment(args.spec, args.overrides);
  const { spec, plans } = exp;
  if (shard && isStaged(spec)) {
    throw new UsageError(`--shard: ${spec.protocol ? 'a tune-then-test protocol' : 'successive halving'} plans each stage from the results of the one before, which shards running side by side cannot share; run it without --shard (every core of one machine), or drop ${spec.protocol ? 'protocol' : 'search.halving'}`);
  }
  const mine = shardPlans(plans, shard);
  const where = shard ? `${spec.name} (${shardLabel(shard)})` : spec.name;

  if (args.dryRun) {
    io.out(`${where}: ${mine.length} of ${count(plans.length, 'run')} (dry run, nothing written)${isStaged(spec) ? `; this is the first stage of ${plannedRunCount(spec)} runs in all, the rest chosen from its results` : ''}`);
    for (const p of mine) io.out(describePlan(p));
    return EXIT_OK;
  }

  checkFolderFlag('--results-dir', args.resultsDir);
  if (args.report) checkFolderFlag('--reports-dir', args.reportsDir);
  for (const [flag, folder] of [['--results-dir', path.join(args.resultsDir, spec.name)], ...(args.report ? [['--reports-dir', args.reportsDir]] : [])] as const) {
    const why = unwritableFolder(folder);
    if (why !== null) throw new UsageError(`${flag} ${flag === '--results-dir' ? args.resultsDir : folder}: ${why}; pass a folder you can write to`);
  }
  const dir = path.join(args.resultsDir, spec.name);
  const label = path.join(args.resultsDir, spec.name) + (shard ? ` (${shardLabel(shard)})` : '');
  // A fresh folder (or --force) runs everything: a missing or malformed data file, or a model too large
  // for the data's input width (csv), must stop us before anything is created or moved aside.
  if (args.force || !fs.existsSync(dir)) for (const p of mine) loadData(args.spec, p);
  checkCsvSizes(args.spec, exp);
  fs.mkdirSync(dir, { recursive: true });
  const startedAt = new Date();
  const lock = takeRunLock(dir, shard, label, startedAt, io);
  // Backstop for every way out (errors, process.exit): never leave our lock behind.
  const releaseOnExit = (): void => lock.release();
  process.on('exit', releaseOnExit);
  // From here on a signal must not kill us mid-write: it only asks the sweep to stop.
  const interrupt: Interrupt = { signal: null, stop: null };
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupt.signal) {
      // A second Ctrl-C: do not wait for the workers. Safe, since recording a run is synchronous and cannot be cut by this handler.
      io.err(`nnlab: ${sig} again: exiting now; finished runs are recorded, run the same command again to resume`);
      lock.release();
      process.exit(EXIT_INTERRUPTED);
    }
    interrupt.signal = sig;
    interrupt.stop?.(sig);
  };
  // SIGHUP: the terminal was closed (an ssh session dropped); it stops the sweep like Ctrl-C, instead of killing us with the lock left behind.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  // SIGUSR1: Slurm's warning before a time limit or preemption (nnlab slurm asks for it): checkpoint, stop, requeue.
  // One that came while the data loaded was held (usr1.ts): the limit is near, so the sweep stops at once.
  if (takeUsr1(onSignal)) onSignal('SIGUSR1');
  try {
    return await runLocked(args, io, { exp, mine, shard, dir, where, workers, backend, startedAt, lock, interrupt });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    returnUsr1(onSignal);
    lock.release();
    process.off('exit', releaseOnExit);
  }
}

/** A Ctrl-C/SIGTERM/SIGHUP seen so far, and what to do when one arrives while training. */
interface Interrupt {
  signal: NodeJS.Signals | null;
  stop: ((sig: NodeJS.Signals) => void) | null;
}

interface Ctx {
  exp: ReturnType<typeof loadExperiment>;
  mine: RunPlan[];
  shard: Shard | null;
  dir: string;
  where: string;
  workers: number;
  backend: BackendChoice;
  startedAt: Date;
  lock: RunLock;
  interrupt: Interrupt;
}

async function runLocked(args: RunArgs, io: Io, c: Ctx): Promise<number> {
  const { spec, plans, text } = c.exp;
  const warn = (m: string): void => io.err(`nnlab: warning: ${m}`);
  if (args.force) {
    const backup = backupResults(c.dir, c.startedAt);
    if (backup) io.err(`nnlab: --force: moved the previous results to ${backup}`);
  }
  const store = ResultsStore.open(c.dir, { sweepKeys: sweptColumns(spec), maxDense: maxDenseOf(plans), warn, regression: isRegressionSpec(spec), inProgress: checkpointedRuns(c.dir) });
  const stored = store.runs();
  // A run recorded just before a kill may still have its checkpoint: it is done, the file goes.
  for (const id of checkpointedRuns(c.dir)) if (stored.has(id) && stored.get(id)!.status !== 'failed') removeCheckpoint(c.dir, id);
  // A staged search (halving, protocol) plans its next stage from what is recorded: resume where it stopped.
  const staged = isStaged(spec) ? planRuns(spec, stored) : null;
  if (staged) {
    c.mine = staged.plans;
    c.where = `${spec.name}, ${staged.stage}`;
  }
  const failedBefore = new Set(c.mine.filter((p) => stored.get(p.id)?.status === 'failed').map((p) => p.id));
  const pending = c.mine.filter((p) => !stored.has(p.id) || failedBefore.has(p.id));

  if (pending.length === 0) {
    io.out(`${c.mine.length === 1 ? 'the 1 run' : `all ${c.mine.length} runs`} of ${c.where} ${c.mine.length === 1 ? 'is' : 'are'} complete — nothing to do`);
    // The spec may have been edited only where run ids do not look (description, report): the report follows it.
    const changed = store.refreshSpec(text, overridesRecord(args.overrides), args.commandLine);
    if (changed.length > 0) io.out(`${path.join(c.dir, 'spec.yaml')}: ${changed.join(' and ')} updated from ${args.spec} (no run changes)`);
    return await maybeReport(args, io, c, store);
  }
  const recorded = stored.size > 0 ? store.recordedBackend() : null;
  if (recorded !== null && recorded !== c.backend) {
    throw new UsageError(
      `${c.dir}: its ${count(stored.size, 'recorded run')} ${stored.size === 1 ? 'was' : 'were'} trained with the ${recorded} kernels (environment.json), this run would use ${c.backend}; ` +
        `the two kernels' numbers differ slightly under the same run ids, so they are not mixed: set NNLAB_BACKEND=${recorded} to resume, or ${c.shard ? 'run once without --shard and with --force' : 'pass --force'} to move the old results aside`,
    );
  }
  // Data first: a missing or malformed data file stops us before anything is rewritten.
  const datasets = new Map<string, unknown>();
  for (const p of pending) {
    const key = dataKey(p);
    const data = loadData(args.spec, p); // memoized: one load per dataset, one size check per run
    if (!datasets.has(key)) datasets.set(key, toShared(data));
  }

  // Killed runs continue from their checkpoints; one written by another nnlab, backend or run is refused.
  const version = nnlabVersion();
  const identityOf = (p: RunPlan): Record<string, string> => ({ nnlab: version, backend: c.backend, run_id: p.id });
  const resumes = new Map<string, ResumePoint>();
  for (const p of pending) {
    if (failedBefore.has(p.id)) continue;
    const point = resumePoint(c.dir, p.id, identityOf(p));
    if (point === null) continue;
    if ('refused' in point) {
      throw new UsageError(`${point.refused}; it is not mixed into this run: delete it to retrain that run from the start, or ${c.shard ? 'run once without --shard and with --force' : 'pass --force'} to move the old results aside`);
    }
    if ('damaged' in point) {
      warn(`${point.damaged}; run ${p.id} starts afresh`);
      removeCheckpoint(c.dir, p.id);
      continue;
    }
    resumes.set(p.id, point);
  }
  store.writeSpec(text, overridesRecord(args.overrides), args.commandLine);
  // Failed runs are retried: their old rows go, so each run appears once.
  store.dropRuns(failedBefore);
  for (const id of failedBefore) removeCheckpoint(c.dir, id);
  // Each resumed run's epoch rows become its checkpoint's history (rows written after the checkpoint go); a fresh run's go.
  store.resumeEpochs(new Map(pending.map((p) => [p.id, resumes.get(p.id)?.history ?? []])));
  const every = args.checkpointEvery ?? 1;
  const filesOf = (p: RunPlan): RunFiles => ({
    checkpoint: checkpointFile(c.dir, p.id),
    model: modelFile(c.dir, p.id, 'final'),
    bestModel: modelFile(c.dir, p.id, 'best'),
    identity: identityOf(p),
    resume: resumes.has(p.id),
    every,
    floorMs: CHECKPOINT_FLOOR_MS,
    metadata: { run_id: p.id, config: JSON.stringify(p.config), nnlab_version: version, backend: c.backend },
  });
  const done = c.mine.length - pending.length;
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  if (c.workers > cores) {
    warn(
      `--workers ${c.workers} is more than the ${cores} cores of this machine: each worker is a thread training one run with its own model and buffers, ` +
        `so workers past the core count only add memory and make each run slower; --workers ${cores} is as fast`,
    );
  }
  const threads = Math.min(c.workers, pending.length);
  io.out(
    `${c.where}: ${pending.length} of ${count(c.mine.length, 'run')} to do` +
      (done > 0 ? ` (${done} already recorded` + (failedBefore.size > 0 ? `, retrying ${failedBefore.size} failed` : '') + ')' : failedBefore.size > 0 ? ` (retrying ${failedBefore.size} failed)` : '') +
      ` on ${count(threads, 'worker')}${threads < c.workers ? ` (one per run to do; --workers ${c.workers})` : ''} → ${c.dir}`,
  );
  for (const [id, at] of resumes) {
    io.out(
      `${id}: continuing from its checkpoint: epochs 0-${at.epoch} are kept, not retrained; ` +
        (at.batch > 0 ? `epoch ${at.epoch + 1} goes on from minibatch ${at.batch + 1}` : `training starts at epoch ${at.epoch + 1}`),
    );
  }

  const env = describeEnvironment({ version: nnlabVersion(), gitCommit: gitCommit(), workers: c.workers, backend: c.backend, kernels: kernelSet(process.env), startedAt: c.startedAt });
  store.writeEnvironment(env, false);

  const progress: Progress = io.tty
    ? barProgress(pending.length, Math.min(c.workers, pending.length), process.stdout)
    : plainProgress(pending.length, io.out);
  const counts: Record<string, number> = { completed: 0, failed_to_learn: 0, stopped: 0, diverged: 0, failed: 0 };
  const scheduler = new Scheduler({
    workers: c.workers,
    datasets,
    dataKey,
    filesOf,
    onStart: (slot, plan) => progress.runStarted(slot, plan),
    onEpoch: (slot, plan, rec) => {
      store.appendEpoch(plan.id, rec);
      progress.epoch(slot, plan, rec);
    },
    onResult: (plan: RunPlan, result: RunResult) => {
      // A checkpoint or model the disk had no room for: stop the sweep with that one line (the run re-runs).
      const full = result.status === 'failed' ? fileError(result.error) : null;
      if (full) throw full;
      store.record(plan, result, true);
      removeCheckpoint(c.dir, plan.id);
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      progress.runFinished(plan, result);
      live?.runFinished();
    },
  });
  // The live view: the report rewritten while the sweep runs (a shard's report waits for the whole sweep).
  const { writeReport } = await import('./report.js');
  const live = args.report && !c.shard
    ? new LiveReport({
        total: pending.length, startedAt: c.startedAt, refreshSeconds: liveSeconds(),
        render: (status) => writeReport(c.dir, args.reportsDir, undefined, true, {}, status),
        warn: (m) => progress.log(`nnlab: warning: ${m}`),
      })
    : null;
  c.interrupt.stop = (sig) => {
    progress.log(`nnlab: ${sig}: stopping the workers; finished runs are kept`);
    scheduler.stop();
  };
  // A signal that came while the data was loading: stop before the first run starts.
  if (c.interrupt.signal) scheduler.stop();
  let outcome;
  let failed = false;
  try {
    outcome = await scheduler.run(pending);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    c.interrupt.stop = null;
    await live?.stop();
    progress.stop();
    try {
      store.writeEnvironment({ ...env, finished_at: new Date().toISOString() }, true);
    } catch (e) {
      if (!failed) throw e; // else the sweep's own error (e.g. the disk filled while recording a run) is the one to report
    }
  }

  const summary = `${c.where}: ${counts.stopped ? `${counts.stopped} stopped at the rung's budget, ` : ''}${counts.completed} completed, ${counts.failed_to_learn ? `${counts.failed_to_learn} failed to learn (final training loss above the untrained one), ` : ''}${counts.diverged} diverged, ${counts.failed} failed`;
  if (c.interrupt.signal) {
    // The live page must stop reloading: rewrite it as a plain report of what was recorded.
    if (live?.wrote) await writeReport(c.dir, args.reportsDir, undefined, true).catch(() => undefined);
    io.err(
      `nnlab: interrupted — ${count(outcome.finished, 'run')} recorded this session${staged ? ' in this stage' : ''}, ${outcome.unfinished.length} left${staged ? ' in it' : ''}; ` +
        `run the same command again to resume (${summary})`,
    );
    // Running runs were checkpointed as they stopped (mid-epoch): a requeued Slurm task continues them.
    if (c.interrupt.signal === 'SIGUSR1') io.err(`nnlab: ${requeueSlurmTask(process.env)}`);
    return EXIT_INTERRUPTED;
  }
  io.out(`${summary} → ${path.join(c.dir, 'runs.csv')}`);
  if (staged && counts.failed === 0) {
    // The stage is recorded: plan the next one (promotions, final runs) from it and go on.
    const next = planRuns(spec, store.runs());
    if (!next.complete) return runLocked({ ...args, force: false }, io, { ...c, where: spec.name });
  }
  const code = await maybeReport(args, io, c, store);
  if (counts.failed! > 0) {
    io.err(`nnlab: ${count(counts.failed, 'run')} failed (see the error column of runs.csv); run the same command again to retry them`);
    return EXIT_RUNTIME;
  }
  return code;
}

/** overrides.json: the Overrides shape of src/experiment/spec/overrides.ts, absent flags left out (the report re-applies it). */
function overridesRecord(o: Overrides): Record<string, unknown> {
  return {
    set: o.set,
    ...(o.sweep !== undefined && o.sweep.length > 0 ? { sweep: o.sweep } : {}),
    ...(o.trials !== undefined ? { trials: o.trials } : {}),
    ...(o.seeds !== undefined ? { seeds: o.seeds } : {}),
    ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
  };
}

/** Write the report unless --no-report; a shard writes it only once the whole sweep is recorded (the last shard to finish). */
async function maybeReport(args: RunArgs, io: Io, c: Ctx, store: ResultsStore): Promise<number> {
  if (!args.report) return EXIT_OK;
  if (c.shard) {
    const stored = store.runs();
    const missing = c.exp.plans.filter((p) => !stored.has(p.id)).length;
    if (missing > 0) {
      io.out(`report skipped: ${count(missing, 'run')} of other shards ${missing === 1 ? 'is' : 'are'} still missing (nnlab report ${c.dir} once they finish)`);
      return EXIT_OK;
    }
  }
  const { writeReport } = await import('./report.js');
  const html = await writeReport(c.dir, args.reportsDir, (w) => io.err(`nnlab: warning: ${w}`), true);
  io.out(`report: ${html}`);
  return EXIT_OK;
}
