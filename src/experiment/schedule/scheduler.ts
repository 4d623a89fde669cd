/**
 * Runs RunPlans in parallel on worker_threads. Each worker takes the next
 * plan as soon as it is free; results are handed to onResult in completion
 * order (the caller records them). Numbers do not depend on the worker count
 * because each run is seeded by its own config alone.
 *
 * A run that throws or diverges comes back as a RunResult with that status.
 * A worker that dies (process.exit, OOM, an uncaught error) is replaced and
 * its run reported as failed with the reason; the sweep goes on.
 */
import { Worker } from 'node:worker_threads';
import type { RunPlan } from '../spec/spec.js';
import type { EpochRecord, RunResult } from '../../train/record.js';
import { failedResult, type FromWorker, type RunFiles, type ToWorker, type WorkerInit } from './protocol.js';

export interface SchedulerOptions {
  workers: number;
  /** Dataset key of a plan (one per distinct DataSpec). */
  dataKey: (plan: RunPlan) => string;
  /** Shared datasets by key (the output of toShared). */
  datasets: ReadonlyMap<string, unknown>;
  onStart?: (slot: number, plan: RunPlan) => void;
  onEpoch?: (slot: number, plan: RunPlan, record: EpochRecord) => void;
  /** A finished run (completed, diverged or failed). Not called for runs cut short by stop(). */
  onResult: (plan: RunPlan, result: RunResult, slot: number) => void;
  /** Compiled worker script; defaults to worker.js next to this module. */
  workerUrl?: URL;
  /** After stop(), workers still busy this long are terminated. */
  stopGraceMs?: number;
  /** A plan's checkpoint and model files; without it runs keep neither. */
  filesOf?: (plan: RunPlan) => RunFiles | undefined;
}

export interface ScheduleOutcome {
  /** Plans that finished and went to onResult. */
  finished: number;
  /** Plans not finished because stop() was called. */
  unfinished: RunPlan[];
}

/** The compiled worker next to this module; from TypeScript sources (tests) use the build in dist/. */
export function defaultWorkerUrl(): URL {
  const here = new URL(import.meta.url);
  return here.pathname.endsWith('.ts') ? new URL('../../../dist/experiment/schedule/worker.js', here) : new URL('./worker.js', here);
}

interface Slot {
  index: number;
  worker: Worker;
  /** Dataset keys this worker already holds. */
  keys: Set<string>;
  plan: RunPlan | null;
  /** Set once the current plan's outcome was handled, so 'error' then 'exit' count once. */
  settled: boolean;
}

export class Scheduler {
  private readonly opts: SchedulerOptions;
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(opts: SchedulerOptions) {
    if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new Error(`workers must be a positive integer, got ${opts.workers}`);
    this.opts = opts;
  }

  /** Ask every worker to stop after its current minibatch; no new run starts. */
  stop(): void {
    this.stopping = true;
    Atomics.store(this.stopFlag, 0, 1);
    this.wake?.();
  }

  get stopped(): boolean {
    return this.stopping;
  }

  run(plans: readonly RunPlan[]): Promise<ScheduleOutcome> {
    const queue = [...plans];
    const unfinished: RunPlan[] = [];
    let finished = 0;
    const slots: Slot[] = [];
    const url = this.opts.workerUrl ?? defaultWorkerUrl();
    const init: WorkerInit = { stopFlag: this.stopFlag };

    return new Promise<ScheduleOutcome>((resolve, reject) => {
      let done = false;
      let graceTimer: NodeJS.Timeout | null = null;
      const finish = (): void => {
        if (done) return;
        done = true;
        if (graceTimer) clearTimeout(graceTimer);
        this.wake = null;
        Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0))).then(
          () => resolve({ finished, unfinished: [...unfinished, ...queue] }),
          reject,
        );
      };
      const idle = (): boolean => slots.every((s) => s.plan === null);
      const maybeFinish = (): void => {
        if ((queue.length === 0 || this.stopping) && idle()) finish();
      };

      const settle = (slot: Slot, result: RunResult | null): void => {
        const plan = slot.plan;
        if (!plan || slot.settled) return;
        slot.settled = true;
        slot.plan = null;
        if (result === null || (this.stopping && result.error === 'interrupted')) unfinished.push(plan);
        else {
          finished++;
          try {
            this.opts.onResult(plan, result, slot.index);
          } catch (e) {
            // Recording failed (disk full, …): stop the sweep and surface the error.
            this.stop();
            done = true;
            Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0))).then(() => reject(e), () => reject(e));
            return;
          }
        }
        dispatch(slot);
      };

      const spawn = (index: number): Slot => {
        const worker = new Worker(url, { workerData: init });
        const slot: Slot = { index, worker, keys: new Set(), plan: null, settled: true };
        worker.on('message', (m: FromWorker) => {
          if (done || !slot.plan || m.runId !== slot.plan.id) return;
          if (m.type === 'epoch') {
            try {
              this.opts.onEpoch?.(index, slot.plan, m.record);
            } catch (e) {
              // Recording the epoch failed (disk full, …): stop the sweep and surface the error.
              this.stop();
              done = true;
              Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0))).then(() => reject(e), () => reject(e));
            }
          }
          else if (m.type === 'done') settle(slot, m.result);
          else settle(slot, failedResult(m.message));
        });
        const crashed = (reason: string): void => {
          if (done) return;
          const plan = slot.plan;
          const replace = (): void => {
            const fresh = spawn(index);
            slots[index] = fresh;
            dispatch(fresh);
          };
          if (plan && !slot.settled) {
            slot.settled = true;
            slot.plan = null;
            if (this.stopping) unfinished.push(plan);
            else {
              finished++;
              try {
                this.opts.onResult(plan, failedResult(`worker crashed: ${reason}`), index);
              } catch (e) {
                this.stop();
                done = true;
                reject(e);
                return;
              }
            }
          }
          if (this.stopping) maybeFinish();
          else replace();
        };
        worker.on('error', (e) => {
          crashed(e instanceof Error ? e.message : String(e));
          worker.terminate().catch(() => 0);
        });
        worker.on('exit', (code) => {
          if (slots[index] === slot && slot.plan) crashed(`worker exited with code ${code}`);
        });
        return slot;
      };

      const dispatch = (slot: Slot): void => {
        if (done) return;
        if (this.stopping || queue.length === 0) {
          maybeFinish();
          return;
        }
        const plan = queue.shift()!;
        const key = this.opts.dataKey(plan);
        const files = this.opts.filesOf?.(plan);
        const msg: ToWorker = { type: 'run', plan, dataKey: key, ...(files ? { files } : {}) };
        if (!slot.keys.has(key)) {
          if (!this.opts.datasets.has(key)) {
            slot.plan = plan;
            slot.settled = false;
            settle(slot, failedResult(`no dataset loaded for key ${key}`));
            return;
          }
          msg.data = this.opts.datasets.get(key);
          slot.keys.add(key);
        }
        slot.plan = plan;
        slot.settled = false;
        this.opts.onStart?.(slot.index, plan);
        slot.worker.postMessage(msg);
      };

      this.wake = () => {
        maybeFinish();
        // Workers that ignore the stop flag (stuck outside trainRun) are cut off after a grace period.
        if (!done && !graceTimer) {
          graceTimer = setTimeout(() => {
            for (const s of slots) {
              if (s.plan && !s.settled) {
                s.settled = true;
                unfinished.push(s.plan);
                s.plan = null;
              }
            }
            finish();
          }, this.opts.stopGraceMs ?? 10_000);
          graceTimer.unref();
        }
      };

      const n = Math.min(this.opts.workers, queue.length);
      if (n === 0) {
        finish();
        return;
      }
      for (let i = 0; i < n; i++) slots.push(spawn(i));
      for (const s of slots) dispatch(s);
    });
  }
}
