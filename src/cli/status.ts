/** `nnlab status <spec>`: how much of a sweep is recorded, overall and per shard. */
import fs from 'node:fs';
import path from 'node:path';
import type { RunPlan } from '../experiment/spec/spec.js';
import { columnMismatch, EPOCHS_FILE, OVERRIDES_FILE, readRuns } from '../experiment/store/store.js';
import { parseCsv } from '../experiment/store/results.js';
import { checkpointedRuns } from '../experiment/store/checkpoints.js';
import { liveLocks } from '../experiment/store/lock.js';
import { shardPlans } from '../experiment/cluster/shard.js';
import { isStaged, sweptColumns } from '../experiment/plan/expand.js';
import { plannedRunCount, planRuns } from '../experiment/plan/stages.js';
import { loadExperiment, type Overrides } from './plan.js';
import { UsageError } from './errors.js';
import { isRegressionSpec } from '../experiment/spec/regression.js';
import { count } from '../report/words.js';

export interface StatusCounts {
  total: number;
  /** Recorded completed or diverged: nothing left to do. */
  done: number;
  completed: number;
  /** Trained to the end with a final training loss above the untrained one. */
  failedToLearn: number;
  /** Successive halving ended them at their rung's budget (done, not failed). */
  stopped: number;
  diverged: number;
  failed: number;
  pending: number;
}

export function countStatus(plans: readonly RunPlan[], stored: ReadonlyMap<string, string>): StatusCounts {
  const c: StatusCounts = { total: plans.length, done: 0, completed: 0, failedToLearn: 0, stopped: 0, diverged: 0, failed: 0, pending: 0 };
  for (const p of plans) {
    const s = stored.get(p.id);
    if (s === undefined) c.pending++;
    else if (s === 'failed') c.failed++;
    else {
      c.done++;
      if (s === 'diverged') c.diverged++;
      else if (s === 'failed_to_learn') c.failedToLearn++;
      else if (s === 'stopped') c.stopped++;
      else c.completed++;
    }
  }
  return c;
}

export function formatCounts(label: string, c: StatusCounts, started = 0): string {
  // Failed runs were started (and will be retried), so a sweep whose runs all failed is not "not started";
  // nor is one whose runs are in progress (`started`: checkpointed, not yet recorded).
  const state = c.done === c.total ? 'complete' : c.pending === c.total && started === 0 ? 'not started' : 'incomplete';
  const retry = c.failed > 0 ? ' (the next nnlab run retries them)' : '';
  return `${label}: ${count(c.total, 'run')}, ${state} — ${c.done} done (${c.stopped ? `${c.stopped} stopped by halving, ` : ''}${c.completed} completed, ${c.failedToLearn ? `${c.failedToLearn} failed to learn, ` : ''}${c.diverged} diverged), ${c.failed} failed${retry}, ${c.pending} pending`;
}

export interface StatusArgs {
  spec: string;
  overrides: Overrides;
  resultsDir: string;
  shards?: number;
  json: boolean;
}

export function statusCommand(a: StatusArgs, out: (l: string) => void, err: (l: string) => void): number {
  if (a.shards !== undefined && (!Number.isInteger(a.shards) || a.shards < 1)) throw new UsageError(`--shards ${a.shards}: must be a whole number >= 1`);
  let { spec, plans } = loadExperiment(a.spec, a.overrides);
  const dir = path.join(a.resultsDir, spec.name);
  // Without flags, the question is "how far is the sweep I ran?": use that run's flags (overrides.json).
  const noFlags = a.overrides.set.length === 0 && !a.overrides.sweep?.length && a.overrides.trials === undefined && a.overrides.seeds === undefined && a.overrides.epochs === undefined;
  const last = noFlags ? lastOverrides(dir) : null;
  if (last) {
    ({ spec, plans } = loadExperiment(a.spec, last));
    (a.json ? err : out)(`${dir}: counting the runs of the last nnlab run's flags (${OVERRIDES_FILE}: ${describeOverrides(last)}); pass flags to count other settings`);
  }
  const runs = readRuns(dir);
  runs.warnings.forEach((w) => err(`nnlab: warning: ${w}`));
  // The check nnlab run makes before it appends: a folder of another sweep is not "all pending", it is refused.
  const mismatch = runs.columns.length > 0 ? columnMismatch(path.join(dir, 'runs.csv'), runs.columns, sweptColumns(spec), isRegressionSpec(spec)) : null;
  if (mismatch) throw mismatch;
  // A staged search knows its later stages only from results: count what is planned so far, and say which stage it is at.
  const staged = isStaged(spec) ? planRuns(spec, new Map(runs.rows.map((r) => [r.run_id!, r]))) : null;
  if (staged) {
    plans = staged.plans;
    if (!a.json) out(`${spec.name}: ${staged.complete ? 'every stage done' : `at ${staged.stage}`}; ${plannedRunCount(spec)} runs when every stage has run`);
  }
  const stored = new Map(runs.rows.map((r) => [r.run_id!, r.status ?? '']));
  const overall = countStatus(plans, stored);
  const planned = new Set(plans.map((p) => p.id));
  const extra = runs.rows.filter((r) => !planned.has(r.run_id!)).length;
  const shards = a.shards
    ? Array.from({ length: a.shards }, (_, i) => ({ index: i, ...countStatus(shardPlans(plans, { index: i, count: a.shards! }), stored) }))
    : [];
  const running = activeLocks(dir);
  const inProgress = inProgressRuns(dir, plans, stored);
  if (a.json) {
    out(JSON.stringify({ name: spec.name, dir, ...overall, extra, shards, running, in_progress: inProgress }));
    return 0;
  }
  out(formatCounts(`${spec.name} [${dir}]`, overall, inProgress.length));
  if (extra > 0) out(`  (${dir}/runs.csv also holds ${count(extra, 'run')} that this spec no longer plans)`);
  for (const s of shards) out('  ' + formatCounts(`shard ${s.index}/${a.shards}`, s));
  for (const r of running) out(`  running: ${r}`);
  for (const r of inProgress) out(`  in progress: ${r.run_id}, epoch ${r.epoch} of ${r.epochs} recorded (it continues from its checkpoint)`);
  return 0;
}

/** Pending runs with a checkpoint (store/checkpoints.ts): started, killed or still training; their last recorded epoch. */
function inProgressRuns(dir: string, plans: readonly RunPlan[], stored: ReadonlyMap<string, string>): { run_id: string; epoch: number; epochs: number }[] {
  const ids = checkpointedRuns(dir);
  const mine = plans.filter((p) => ids.has(p.id) && !stored.has(p.id));
  if (mine.length === 0) return [];
  const last = new Map<string, number>();
  const file = path.join(dir, EPOCHS_FILE);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  for (const r of parseCsv(text, file).rows) last.set(r.run_id!, Math.max(last.get(r.run_id!) ?? 0, Number(r.epoch)));
  return mine.map((p) => ({ run_id: p.id, epoch: last.get(p.id) ?? 0, epochs: p.stopAt ?? p.config.train.epochs }));
}

/** The flags of the folder's last nnlab run (overrides.json), or null when it has none or names no flag. */
export function lastOverrides(dir: string): Overrides | null {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dir, OVERRIDES_FILE), 'utf8'));
  } catch {
    return null; // missing or unreadable: the spec as it stands
  }
  if (raw === null || typeof raw !== 'object') return null;
  const o = raw as { set?: unknown; sweep?: unknown; trials?: unknown; seeds?: unknown; epochs?: unknown };
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const text = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
  const set = strings(o.set), sweep = strings(o.sweep);
  const trials = text(o.trials), seeds = text(o.seeds), epochs = text(o.epochs);
  if (set.length === 0 && sweep.length === 0 && trials === undefined && seeds === undefined && epochs === undefined) return null;
  return { set, ...(sweep.length ? { sweep } : {}), ...(trials !== undefined ? { trials } : {}), ...(seeds !== undefined ? { seeds } : {}), ...(epochs !== undefined ? { epochs } : {}) };
}

function describeOverrides(o: Overrides): string {
  return [...o.set.map((x) => `--set ${x}`), ...(o.sweep ?? []).map((x) => `--sweep ${x}`), ...(o.trials !== undefined ? [`--trials ${o.trials}`] : []), ...(o.seeds !== undefined ? [`--seeds ${o.seeds}`] : []), ...(o.epochs !== undefined ? [`--epochs ${o.epochs}`] : [])].join(' ');
}

/** Live run locks in the folder, described for humans. */
function activeLocks(dir: string): string[] {
  return liveLocks(dir).map(({ name, info }) => `${name === '.lock' ? 'the whole sweep' : name.slice('.lock.'.length)} by pid ${info.pid} on ${info.host} since ${info.since}`);
}
