/**
 * Sweep progress. On a terminal: a cli-progress multibar (runs done/total with
 * ETA, and one line per worker with its run, epoch and latest val accuracy).
 * Otherwise (logs, CI, Slurm): one plain line per finished run.
 */
import cliProgress from 'cli-progress';
import type { RunPlan } from '../experiment/spec/spec.js';
import type { EpochRecord, RunResult } from '../train/record.js';

export interface Progress {
  runStarted(slot: number, plan: RunPlan): void;
  epoch(slot: number, plan: RunPlan, record: EpochRecord): void;
  runFinished(plan: RunPlan, result: RunResult): void;
  /** A message that must not tear the bars. */
  log(line: string): void;
  stop(): void;
}

function acc(v: number): string {
  return Number.isFinite(v) ? v.toFixed(4) : String(v);
}

/** A run's time: milliseconds under a second (small sweeps' runs take 40–100 ms), else seconds. */
function runTime(s: number): string {
  const ms = Math.round(s * 1000);
  return ms < 1000 ? `${ms}ms` : `${s.toFixed(1)}s`;
}

/** What tells runs apart for a reader (the id is a hash): `variant=wide optimizer.lr=0.1 seed=2`. */
export function planValues(plan: Pick<RunPlan, 'variant' | 'swept' | 'seed'>): string {
  const parts: string[] = [];
  if (plan.variant !== null && plan.variant !== undefined) parts.push(`variant=${plan.variant}`);
  for (const [k, v] of Object.entries(plan.swept ?? {})) parts.push(`${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  if (plan.seed !== undefined) parts.push(`seed=${plan.seed}`);
  return parts.join(' ');
}

/** The one number a progress line shows: validation accuracy, or a regression run's validation R². */
function headline(r: { val_accuracy: number; metrics?: Record<string, number> }): string {
  const r2 = r.metrics?.['val_r2'];
  return r2 !== undefined ? `val_r2=${acc(r2)}` : `val_acc=${acc(r.val_accuracy)}`;
}

/** `[3/8] a1b2c3d4e5f6 completed val_acc=0.9612 12.3s (optimizer.lr=0.1 seed=2)`; a failed run has no accuracy to show, only its error. */
export function finishedLine(done: number, total: number, plan: RunPlan, r: RunResult): string {
  const parts = [`[${done}/${total}]`, plan.id, r.status, ...(r.status === 'failed' ? [] : [headline(r)]), runTime(r.seconds)];
  const values = planValues(plan);
  if (values) parts.push(`(${values})`);
  if (r.status === 'diverged') parts.push(`(diverged at epoch ${r.diverged_epoch})`);
  if (r.status === 'failed_to_learn') parts.push(`(train loss ${acc(r.train_loss)}, above its untrained value)`);
  if (r.error) parts.push(`error: ${r.error.replace(/\s*\n\s*/g, ' ')}`);
  return parts.join(' ');
}

export function plainProgress(total: number, write: (line: string) => void): Progress {
  let done = 0;
  return {
    runStarted: () => {},
    epoch: () => {},
    runFinished: (plan, r) => write(finishedLine(++done, total, plan, r)),
    log: write,
    stop: () => {},
  };
}

export function barProgress(total: number, workers: number, stream: NodeJS.WriteStream): Progress {
  const multi = new cliProgress.MultiBar(
    { stream, hideCursor: true, clearOnComplete: false, stopOnComplete: false, etaBuffer: 8, forceRedraw: false, format: '{label} |{bar}| {value}/{total} {info}' },
    cliProgress.Presets.shades_classic,
  );
  // ETA is computed here from finished runs: cli-progress's own is per bar and would average epochs of different runs.
  const runs = multi.create(total, 0, { label: 'runs     ', info: '' });
  const slots: cliProgress.SingleBar[] = [];
  for (let i = 0; i < workers; i++) slots.push(multi.create(1, 0, { label: `worker ${String(i + 1).padEnd(2)}`, info: 'idle' }));
  let done = 0;
  const started = Date.now();
  return {
    runStarted(slot, plan) {
      slots[slot]?.setTotal(plan.config.train.epochs);
      slots[slot]?.update(0, { info: `${plan.id} epoch 0/${plan.config.train.epochs} (${planValues(plan)})` });
    },
    epoch(slot, plan, rec) {
      slots[slot]?.update(rec.epoch, { info: `${plan.id} epoch ${rec.epoch}/${plan.config.train.epochs} ${headline(rec)} (${planValues(plan)})` });
    },
    runFinished(plan, r) {
      done++;
      const elapsed = (Date.now() - started) / 1000;
      const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
      runs.update(done, { info: `ETA ${formatSeconds(eta)}  last: ${plan.id} ${r.status} ${headline(r)}` });
      if (r.status !== 'completed') multi.log(finishedLine(done, total, plan, r) + '\n');
    },
    log: (line) => multi.log(line + '\n'),
    stop: () => multi.stop(),
  };
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
