/**
 * Search beyond the grid, end to end through the built CLI: random search plans the same trials
 * everywhere and keeps them as trials grow; successive halving trains the documented epochs and
 * resumes after kill -9 to the uninterrupted bits; --sweep and --trials with errors that name the fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { epochsById, nnlab, nnlabAsync, readTable, requireBuild, runsById, tmpDir, writeSpec } from './helpers.js';

beforeAll(requireBuild);

const RANDOM = `data: { dataset: digits }
model: { hidden: [8] }
train: { epochs: 1, batch_size: 64, diagnostics: false }
sweep:
  optimizer.lr: loguniform(0.001, 1)
search: { method: random, trials: 8, seed: 0 }
`;

const lrsOf = (file: string) => readTable(file).rows.map((r) => Number(r['optimizer.lr']));

describe('random search', () => {
  it('plans 8 distinct learning rates in [0.001, 1], the same with 1 and 2 workers; 16 trials keep the first 8 and train only the new ones', () => {
    const a = tmpDir(), b = tmpDir();
    const fa = writeSpec(a, 'rs', RANDOM), fb = writeSpec(b, 'rs', RANDOM);
    const r1 = nnlab(a, ['run', fa, '--workers', '1', '--no-report']);
    expect(r1.code, r1.stderr).toBe(0);
    const r2 = nnlab(b, ['run', fb, '--workers', '2', '--no-report']);
    expect(r2.code, r2.stderr).toBe(0);
    const runsA = runsById(path.join(a, 'results/rs/runs.csv')), runsB = runsById(path.join(b, 'results/rs/runs.csv'));
    expect(runsA.size).toBe(8);
    expect(new Map([...runsB].sort())).toEqual(new Map([...runsA].sort()));
    const lrs = lrsOf(path.join(a, 'results/rs/runs.csv'));
    expect(new Set(lrs).size).toBe(8);
    for (const lr of lrs) expect(lr >= 0.001 && lr <= 1).toBe(true);
    expect(readTable(path.join(a, 'results/rs/runs.csv')).columns).toContain('trial');

    fs.writeFileSync(fa, fs.readFileSync(fa, 'utf8').replace('trials: 8', 'trials: 16'));
    const r3 = nnlab(a, ['run', fa, '--workers', '2', '--no-report']);
    expect(r3.code, r3.stderr).toBe(0);
    expect(r3.stdout).toContain('8 of 16 runs to do (8 already recorded)');
    const grown = runsById(path.join(a, 'results/rs/runs.csv'));
    expect(grown.size).toBe(16);
    for (const [id, row] of runsA) expect(grown.get(id)).toEqual(row);
  });
});

// hidden [64] at batch 16: a 3-epoch run of rung 2 takes ~30 ms here, so the seven left after a kill's
// trigger take ~0.2 s and the kill lands mid-rung even when the test process is slow to read stdout
// (at hidden [8], batch 128 they took 8 ms each).
const HALVING = `data: { dataset: digits }
model: { hidden: [64] }
train: { epochs: 9, batch_size: 16, diagnostics: false }
sweep:
  optimizer.lr: loguniform(0.001, 1)
search: { method: random, trials: 27, seed: 0, halving: { min_epochs: 1, eta: 3 } }
`;

describe('successive halving', () => {
  it('trains 27×1 + 9×3 + 3×9 epochs, and a kill -9 mid-rung resumes to the same bits', async () => {
    const clean = tmpDir(), killed = tmpDir();
    const fc = writeSpec(clean, 'sh', HALVING), fk = writeSpec(killed, 'sh', HALVING);
    const r = nnlab(clean, ['run', fc, '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rung 1 of 3 \(27 configurations, 1 epoch\)/);
    expect(r.stdout).toMatch(/rung 3 of 3 \(3 configurations, 9 epochs\)/);
    const runs = readTable(path.join(clean, 'results/sh/runs.csv')).rows;
    expect(runs).toHaveLength(27 + 9 + 3);
    expect(runs.reduce((s, x) => s + Number(x.epochs), 0)).toBe(27 * 1 + 9 * 3 + 3 * 9);
    expect(runs.filter((x) => x.status === 'stopped')).toHaveLength(36);
    // The report counts stopped runs as such and compares only the last rung.
    const md = fs.readFileSync(path.join(clean, 'reports/sh/report.md'), 'utf8');
    expect(md).toContain('## Search');
    expect(md).toMatch(/Successive halving: rungs of 1, 3, 9 epochs with 27, 9, 3 configurations/);
    expect(md).not.toMatch(/Partial results/);

    // Kill -9 once the second rung has started, then resume.
    const child = nnlabAsync(killed, ['run', fk, '--workers', '2', '--no-report']);
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/rung 2 of 3[\s\S]*\[1\/9\]/.test(out)) { child.kill('SIGKILL'); }
      });
      child.on('exit', () => resolve());
    });
    expect(out).toMatch(/rung 2 of 3/);
    // Mid-sweep, compare shows the furthest rung reached (one budget), not "no runs".
    const cmp = nnlab(killed, ['compare', 'results/sh']);
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(cmp.stdout).toMatch(/^trial /m);
    expect(cmp.stdout).toMatch(/#\d+ lr=/);
    const resumed = nnlab(killed, ['run', fk, '--workers', '1', '--no-report']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/rung 2 of 3 \(9 configurations, 3 epochs\): \d of 36 runs to do \(\d+ already recorded\)/);
    expect(runsById(path.join(killed, 'results/sh/runs.csv'))).toEqual(runsById(path.join(clean, 'results/sh/runs.csv')));
    expect(epochsById(path.join(killed, 'results/sh/epochs.csv'))).toEqual(epochsById(path.join(clean, 'results/sh/epochs.csv')));
  }, 240_000);

  it('on one worker, a kill -9 mid-rung and a resume leave runs.csv and epochs.csv the same bytes, in the same order, as an uninterrupted sweep (but for seconds)', async () => {
    // With two workers rows follow completion order (docs/cli.md); with one, the order is the plan's, so whole files compare.
    const clean = tmpDir(), killed = tmpDir();
    const fc = writeSpec(clean, 'sh', HALVING), fk = writeSpec(killed, 'sh', HALVING);
    expect(nnlab(clean, ['run', fc, '--workers', '1', '--no-report']).code).toBe(0);
    const child = nnlabAsync(killed, ['run', fk, '--workers', '1', '--no-report']);
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/rung 2 of 3[\s\S]*\[2\/9\]/.test(out)) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    const resumed = nnlab(killed, ['run', fk, '--workers', '1', '--no-report']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/rung 2 of 3 \(9 configurations, 3 epochs\): \d of 36 runs to do \(\d+ already recorded\)/); // the kill came mid-rung
    // Whole lines in file order, with the seconds column cut out.
    const lines = (dir: string, file: string): string[] => {
      const t = readTable(path.join(dir, 'results/sh', file));
      return t.rows.map((r) => t.columns.filter((c) => c !== 'seconds').map((c) => r[c]).join(','));
    };
    for (const file of ['runs.csv', 'epochs.csv']) expect(lines(killed, file), file).toEqual(lines(clean, file));
    expect(lines(clean, 'runs.csv')).toHaveLength(39);
  }, 240_000);

  it('is refused with --shard, in one line naming the fix', () => {
    const d = tmpDir();
    const f = writeSpec(d, 'sh', HALVING);
    const r = nnlab(d, ['run', f, '--shard', '0/2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/successive halving plans each stage from the results of the one before.*run it without --shard/);
  });
});

const GRID = `data: { dataset: digits }
model: { hidden: [8] }
train: { epochs: 1, batch_size: 64, diagnostics: false }
`;

describe('--sweep and --trials', () => {
  it('adds a grid axis, replaces one, and draws a distribution with --trials', () => {
    const d = tmpDir();
    const f = writeSpec(d, 'sw', GRID + 'sweep:\n  optimizer.lr: [0.1]\n');
    const grid = nnlab(d, ['run', f, '--dry-run', '--sweep', 'optimizer.lr=0.01,0.1,1', '--sweep', 'model.hidden=[8],[8, 8]']);
    expect(grid.code, grid.stderr).toBe(0);
    expect(grid.stdout).toMatch(/6 of 6 runs/);
    const rand = nnlab(d, ['run', f, '--dry-run', '--sweep', 'optimizer.lr=loguniform(1e-3,1)', '--trials', '5']);
    expect(rand.code, rand.stderr).toBe(0);
    expect(rand.stdout).toMatch(/5 of 5 runs/);
    // Recorded with the run, so status and the report plan the same runs.
    const run = nnlab(d, ['run', f, '--workers', '2', '--sweep', 'optimizer.lr=loguniform(1e-3,1)', '--trials', '3']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(d, 'results/sw/overrides.json'), 'utf8'))).toMatchObject({ sweep: ['optimizer.lr=loguniform(1e-3,1)'], trials: '3' });
    const st = nnlab(d, ['status', f]);
    expect(st.stdout).toMatch(/3 runs, complete/);
  });

  it('names the fix for each mistake, in one line, exit 2', () => {
    const d = tmpDir();
    const f = writeSpec(d, 'sw', GRID);
    const cases: [string[], RegExp][] = [
      [['--sweep', 'optimizer.lr=loguniform(1e-3,1)'], /a distribution needs a random search: add --trials N/],
      [['--sweep', 'optimizer.lrr=0.1,1'], /unknown key "optimizer\.lrr".*did you mean "optimizer\.lr"/],
      [['--sweep', 'optimizer.lr'], /must look like key=v1,v2/],
      [['--sweep', 'optimizer.lr=0.1,-1'], /optimizer\.lr must be a positive number, got -1/],
      [['--sweep', 'optimizer.lr=0.1,0.1'], /0\.1 is listed twice/],
      [['--sweep', 'optimizer.lr=logunifrom(1e-3,1)', '--trials', '4'], /unknown distribution "logunifrom"/],
      [['--trials', '4'], /needs a distribution to draw from/],
      [['--trials', '0', '--sweep', 'optimizer.lr=loguniform(1e-3,1)'], /trials must be a count from 1/],
    ];
    for (const [args, want] of cases) {
      const r = nnlab(d, ['run', f, '--dry-run', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(want);
    }
  });
});

const PROTOCOL = `data: { dataset: digits }
model: { hidden: [8] }
train: { epochs: 2, batch_size: 64, diagnostics: false }
seeds: 2
sweep:
  optimizer.name: [momentum, adam]
  optimizer.lr: loguniform(0.0003, 1)
protocol: { compare: optimizer.name, tune: [optimizer.lr], budget: 5, final_seeds: 3 }
`;

describe('tune-then-test', () => {
  it('tunes each arm on validation, tests only the chosen configurations on fresh seeds, and reports choices, intervals and budget curves', () => {
    const d = tmpDir();
    const f = writeSpec(d, 'pt', PROTOCOL);
    const r = nnlab(d, ['run', f, '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/pt, tuning runs: 20 of 20 runs to do/);
    expect(r.stdout).toMatch(/pt, final runs: 6 of 26 runs to do \(20 already recorded\)/);
    const rows = readTable(path.join(d, 'results/pt/runs.csv')).rows;
    const tune = rows.filter((x) => x.stage === 'tune'), final = rows.filter((x) => x.stage === 'final');
    expect(tune).toHaveLength(2 * 5 * 2);
    expect(final).toHaveLength(2 * 3);
    // Tuning runs never looked at the test split; the final seeds are not tuning seeds.
    expect(tune.every((x) => x.test_accuracy === '' || x.test_accuracy === 'NaN')).toBe(true);
    expect(final.every((x) => Number(x.test_accuracy) > 0)).toBe(true);
    const tuneSeeds = new Set(tune.map((x) => x.seed));
    expect(final.some((x) => tuneSeeds.has(x.seed!))).toBe(false);
    // Each arm's final configuration is its best tuning trial by mean validation accuracy.
    for (const arm of ['momentum', 'adam']) {
      const byLr = new Map<string, number[]>();
      for (const x of tune.filter((t) => t['optimizer.name'] === arm)) byLr.set(x['optimizer.lr']!, [...(byLr.get(x['optimizer.lr']!) ?? []), Number(x.val_accuracy)]);
      const best = [...byLr].map(([lr, v]) => [lr, v.reduce((a, b) => a + b, 0) / v.length] as const).sort((a, b) => b[1] - a[1])[0]![0];
      expect(new Set(final.filter((x) => x['optimizer.name'] === arm).map((x) => x['optimizer.lr']))).toEqual(new Set([best]));
    }
    const md = fs.readFileSync(path.join(d, 'reports/pt/report.md'), 'utf8');
    expect(md).toContain("### Each arm's choice and its test");
    expect(md).toMatch(/## Summary: test\\_accuracy/);
    expect(md).toMatch(/\| adam \| #\d+ lr=[\d.e-]+ \| 5 \|/);
    expect(md).toMatch(/\d\.\d{4} \\\[\d\.\d{4}, \d\.\d{4}\\\]/); // a test mean with its 95% interval
    expect(fs.existsSync(path.join(d, 'reports/pt/charts/budget_curve.svg'))).toBe(true);
    // Outcomes are counted over every run of the search, and any claim about failures says what it covers.
    expect(md).toMatch(/Outcomes of all 26 runs of the search: \d+ completed/);
    expect(md).not.toMatch(/Every run trained to its end with a lower training loss than it started with: none/);
    // verify retrains a tuning run (no test split) and a final run to the same bits.
    const v = nnlab(d, ['verify', 'results/pt', '--runs', '3']);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    expect(v.stdout).not.toMatch(/DIFFERS|not planned/);
  }, 120_000);
});
