import { describe, expect, it } from 'vitest';
import type { RunPlan } from '../../../src/experiment/spec/spec.js';
import type { RunResult } from '../../../src/train/record.js';
import { Scheduler } from '../../../src/experiment/schedule/scheduler.js';

const FAULT_WORKER = new URL('../fixtures/fault-worker.mjs', import.meta.url);

function plan(seed: number, data = 'd'): RunPlan {
  return { id: `run${seed}`, variant: null, swept: {}, seed, config: { train: { epochs: 1 }, data: { dataset: data } } as unknown as RunPlan['config'] };
}

function schedule(plans: RunPlan[], workers: number, afterResult?: (s: Scheduler) => void) {
  const results = new Map<string, RunResult & { data?: string }>();
  const slotsSeen = new Set<number>();
  const epochs: string[] = [];
  const s = new Scheduler({
    workers,
    workerUrl: FAULT_WORKER,
    dataKey: (p) => (p.config.data as unknown as { dataset: string }).dataset,
    datasets: new Map([['d', { fake: true }], ['e', { fake: true }]]),
    onEpoch: (_slot, p, r) => epochs.push(`${p.id}:${r.epoch}`),
    onResult: (p, r, slot) => {
      expect(results.has(p.id)).toBe(false);
      results.set(p.id, r);
      slotsSeen.add(slot);
      afterResult?.(s);
    },
  });
  return { s, results, slotsSeen, epochs };
}

describe('Scheduler', () => {
  it('runs every plan once, streams epochs, and sends each dataset once per worker', async () => {
    const plans = [1, 2, 3, 4, 5, 6].map((k) => plan(k, k === 6 ? 'e' : 'd'));
    const { s, results, slotsSeen, epochs } = schedule(plans, 2);
    const out = await s.run(plans);
    expect(out).toEqual({ finished: 6, unfinished: [] });
    expect([...results.keys()].sort()).toEqual(plans.map((p) => p.id).sort());
    for (const p of plans) expect(results.get(p.id)!.val_accuracy).toBe(p.seed / 100);
    expect([...slotsSeen].sort()).toEqual([0, 1]);
    expect(epochs.sort()).toEqual(plans.map((p) => `${p.id}:1`).sort());
    // Per worker the first 'd' run carries the data, later ones reuse it; 'e' is sent when first needed.
    const sent = [...results.values()].filter((r) => r.data === 'sent').length;
    expect(sent).toBeGreaterThanOrEqual(2);
    expect(sent).toBeLessThanOrEqual(4);
  });

  it('records a crashed, a throwing and an erroring worker as failed, replaces it, and finishes the rest', async () => {
    const plans = [1, 13, 2, 14, 3, 15, 4].map((k) => plan(k));
    const { s, results } = schedule(plans, 2);
    const out = await s.run(plans);
    expect(out.finished).toBe(7);
    expect(results.get('run13')).toMatchObject({ status: 'failed', error: 'worker crashed: worker exited with code 3' });
    expect(results.get('run14')).toMatchObject({ status: 'failed', error: 'worker crashed: out of cheese' });
    expect(results.get('run15')).toMatchObject({ status: 'failed', error: 'bad batch', history: [] });
    expect(Number.isNaN(results.get('run13')!.val_accuracy)).toBe(true);
    for (const k of [1, 2, 3, 4]) expect(results.get(`run${k}`)).toMatchObject({ status: 'completed', val_accuracy: k / 100 });
  });

  it('with one worker, survives consecutive crashes', async () => {
    const plans = [13, 13, 1].map((k, i) => ({ ...plan(k), id: `p${i}` }));
    const { s, results } = schedule(plans, 1);
    await s.run(plans);
    expect([...results.values()].map((r) => r.status)).toEqual(['failed', 'failed', 'completed']);
  });

  it('stop() before the queue drains leaves the rest unfinished', async () => {
    const plans = [1, 2, 3, 4, 5, 6, 7, 8].map((k) => plan(k));
    const { s, results } = schedule(plans, 1, (sched) => sched.stop());
    const out = await s.run(plans);
    expect(out.finished).toBe(1);
    expect(results.size).toBe(1);
    expect(out.unfinished.map((p) => p.id)).toEqual(plans.slice(1).map((p) => p.id));
  });

  it('rejects a non-positive worker count', () => {
    expect(() => new Scheduler({ workers: 0, dataKey: () => '', datasets: new Map(), onResult: () => {} })).toThrow(/positive integer/);
  });
});
