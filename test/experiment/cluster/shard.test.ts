import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseShard, shardPlans } from '../../../src/experiment/cluster/shard.js';
import { CIRCLES_SWEEP, nnlab, nnlabAsync, readTable, requireBuild, tmpDir, writeSpec } from '../../cli/helpers.js';

describe('parseShard', () => {
  it('reads i/n and auto/n, and rejects what a job array cannot mean', () => {
    expect(parseShard('2/5', {})).toEqual({ index: 2, count: 5 });
    expect(parseShard(' 0 / 1 ', {})).toEqual({ index: 0, count: 1 });
    expect(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '3' })).toEqual({ index: 3, count: 4 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '1' })).toEqual({ index: 1, count: 4 });
    expect(() => parseShard('4/4', {})).toThrow('--shard 4/4: index 4 is out of range 0..3 (shards are 0-based)');
    expect(() => parseShard('1/0', {})).toThrow(/n must be at least 1/);
    expect(() => parseShard('-1/3', {})).toThrow(/expected i\/n/);
    expect(() => parseShard('1', {})).toThrow(/expected i\/n/);
    expect(() => parseShard('auto/3', {})).toThrow(/auto needs \$SLURM_ARRAY_TASK_ID or \$JOB_COMPLETION_INDEX/);
    expect(() => parseShard('auto/3', { SLURM_ARRAY_TASK_ID: '3' })).toThrow(/\$SLURM_ARRAY_TASK_ID=3 is out of range 0..2/);
    expect(() => parseShard('auto/3', { SLURM_ARRAY_TASK_ID: 'x' })).toThrow(/not a non-negative integer/);
  });

  it('slices are disjoint, cover everything, keep expansion order and differ in size by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 9 }), (len, n) => {
        const items = Array.from({ length: len }, (_, i) => i);
        const slices = Array.from({ length: n }, (_, i) => shardPlans(items, { index: i, count: n }));
        expect(slices.flat().sort((a, b) => a - b)).toEqual(items);
        for (const s of slices) expect(s).toEqual([...s].sort((a, b) => a - b));
        const sizes = slices.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
    expect(shardPlans(['a', 'b', 'c', 'd', 'e'], { index: 1, count: 2 })).toEqual(['b', 'd']);
    expect(shardPlans(['a', 'b'], null)).toEqual(['a', 'b']);
  });
});

describe('nnlab run --shard', () => {
  beforeAll(requireBuild);

  it('three shards run concurrently into one folder; together they are the full sweep, once each', async () => {
    const dir = tmpDir('nnlab-shard-');
    writeSpec(dir, 'sh', CIRCLES_SWEEP);
    const ids = (out: string): string[] => out.trim().split('\n').slice(1).map((l) => l.split(' ')[0]!);
    const full = ids(nnlab(dir, ['run', 'sh.yaml', '--dry-run']).stdout);
    expect(full).toHaveLength(6);
    const slices = [0, 1, 2].map((i) => ids(nnlab(dir, ['run', 'sh.yaml', '--dry-run', '--shard', `${i}/3`]).stdout));
    expect(slices.flat().sort()).toEqual([...full].sort());
    expect(new Set(slices.flat()).size).toBe(6);
    // auto/n takes the index from the job array's environment.
    expect(ids(nnlab(dir, ['run', 'sh.yaml', '--dry-run', '--shard', 'auto/3'], { SLURM_ARRAY_TASK_ID: '1' }).stdout)).toEqual(slices[1]);

    const before = JSON.parse(nnlab(dir, ['status', 'sh.yaml', '--results-dir', 'res', '--json']).stdout);
    expect(before).toMatchObject({ total: 6, done: 0, pending: 6 });

    const children = [0, 1, 2].map((i) => {
      const c = nnlabAsync(dir, ['run', 'sh.yaml', '--shard', `${i}/3`, '--workers', '1', '--no-report', '--results-dir', 'res']);
      c.stdout!.resume();
      let err = '';
      c.stderr!.on('data', (d) => (err += d));
      return new Promise<{ code: number | null; err: string }>((r) => c.on('exit', (code) => r({ code, err })));
    });
    const exits = await Promise.all(children);
    const rows = readTable(path.join(dir, 'res', 'sh', 'runs.csv')).rows;
    // Name the reason first if a run failed, so a failure here is diagnosable.
    expect(rows.filter((r) => r.status !== 'completed').map((r) => `${r.run_id}: ${r.status} ${r.error}`)).toEqual([]);
    for (const r of exits) expect(r).toEqual({ code: 0, err: '' });

    expect(rows.map((r) => r.run_id).sort()).toEqual([...full].sort());
    const epochs = readTable(path.join(dir, 'res', 'sh', 'epochs.csv'));
    expect(epochs.warnings).toEqual([]);
    expect(epochs.rows).toHaveLength(6 * 3);

    const status = nnlab(dir, ['status', 'sh.yaml', '--results-dir', 'res', '--shards', '3']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('sh [res/sh]: 6 runs, complete — 6 done (6 completed, 0 diverged), 0 failed, 0 pending');
    for (const i of [0, 1, 2]) expect(status.stdout).toContain(`shard ${i}/3: 2 runs, complete — 2 done`);
    expect(nnlab(dir, ['run', 'sh.yaml', '--shard', '2/3', '--no-report', '--results-dir', 'res']).stdout).toContain('all 2 runs of sh (shard 2/3) are complete');
  });

  it('refuses --force with --shard, and a shard while the whole sweep runs', () => {
    const dir = tmpDir('nnlab-shard-');
    writeSpec(dir, 'sh', CIRCLES_SWEEP);
    const r = nnlab(dir, ['run', 'sh.yaml', '--shard', '0/2', '--force', '--results-dir', 'res']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--force cannot be combined with --shard/);
    // A live whole-sweep lock (this test process) keeps shards out, and the other way round.
    const out = path.join(dir, 'res', 'sh');
    fs.mkdirSync(out, { recursive: true });
    const holder = JSON.stringify({ pid: process.pid, host: os.hostname(), since: 'then' });
    fs.writeFileSync(path.join(out, '.lock'), holder);
    const shard = nnlab(dir, ['run', 'sh.yaml', '--shard', '1/2', '--no-report', '--results-dir', 'res']);
    expect(shard.code).toBe(1);
    expect(shard.stderr).toMatch(/^nnlab: res\/sh \(shard 1\/2\) is in use by nnlab pid \d+ on host .* since then; wait for it or remove \.lock/);
    expect(fs.existsSync(path.join(out, '.lock.shard-1-of-2'))).toBe(false);
    fs.renameSync(path.join(out, '.lock'), path.join(out, '.lock.shard-0-of-2'));
    const whole = nnlab(dir, ['run', 'sh.yaml', '--no-report', '--results-dir', 'res']);
    expect(whole.code).toBe(1);
    expect(whole.stderr).toMatch(/in use by nnlab pid/);
    expect(fs.existsSync(path.join(out, 'runs.csv'))).toBe(false);
  });
});
