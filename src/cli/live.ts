/**
 * The live view of a running sweep: its report is rewritten while it runs, with
 * a banner and a self-reload, so a user can watch a long study in a browser.
 * It is rewritten after a run finishes and on a timer (every NNLAB_LIVE_SECONDS,
 * default 30, for runs that take long), but never more often than keeps its
 * cost under 5% of the sweep's time: the gap before the next render is at least
 * 20 times what the last one took. One render at a time; a failure turns the
 * live view off with one warning (the sweep and its results are unaffected).
 */
import type { LiveStatus } from '../report/html.js';

/** The share of the sweep's time the live view may spend rendering. */
const BUDGET = 0.05;

export interface LiveOptions {
  total: number;
  startedAt: Date;
  refreshSeconds: number;
  /** Writes the report with the given status (writeReport with live set). */
  render: (status: LiveStatus) => Promise<unknown>;
  warn: (message: string) => void;
  now?: () => number;
}

/** The refresh interval: NNLAB_LIVE_SECONDS when it is a positive number, else 30. */
export function liveSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.NNLAB_LIVE_SECONDS);
  return Number.isFinite(v) && v > 0 ? v : 30;
}

export class LiveReport {
  private done = 0;
  /** True once a live page was written (so an interrupted sweep rewrites it without the reload). */
  wrote = false;
  private lastEnd = 0;
  private lastCost = 0;
  private rendering: Promise<void> | null = null;
  private off = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly o: LiveOptions) {
    this.now = o.now ?? Date.now;
    this.timer = setInterval(() => this.maybe(), o.refreshSeconds * 1000);
    this.timer.unref(); // never keeps the process alive
  }

  /** A run was recorded. */
  runFinished(): void {
    this.done++;
    this.maybe();
  }

  private maybe(): void {
    if (this.off || this.rendering) return;
    const t = this.now();
    if (this.lastEnd > 0 && t - this.lastEnd < this.lastCost / BUDGET) return;
    const elapsed = (t - this.o.startedAt.getTime()) / 1000;
    const status: LiveStatus = {
      done: this.done, total: this.o.total, startedAt: this.o.startedAt.toISOString().replace(/\.\d+Z$/, 'Z'),
      etaSeconds: this.done > 0 ? (elapsed / this.done) * (this.o.total - this.done) : null, refreshSeconds: this.o.refreshSeconds,
    };
    this.rendering = this.o.render(status).then(
      () => { this.lastCost = this.now() - t; this.lastEnd = this.now(); this.wrote = true; },
      (e: unknown) => { this.off = true; this.o.warn(`the live report is off for this sweep: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`); },
    ).finally(() => { this.rendering = null; });
  }

  /** Stop the timer and wait for a render in flight (the final report must not be overwritten by a live one). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.off = true;
    await this.rendering;
  }
}
