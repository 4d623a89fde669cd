import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { compareCommand, type CompareArgs } from '../../src/cli/compare.js';
import { formatCounts } from '../../src/cli/status.js';
import { writeResults, XAVIER_SPEC, xavierRuns } from '../report/fixtures.js';
import { CIRCLES_SWEEP, nnlab, readTable, requireBuild, ROOT, tmpDir, writeSpec } from './helpers.js';

beforeAll(requireBuild);

describe('nnlab run experiments/quick.yaml (with its report), status, compare, report', () => {
  let dir: string;
  beforeAll(() => {
    dir = tmpDir();
    const r = nnlab(dir, ['run', path.join(ROOT, 'experiments', 'quick.yaml'), '--epochs', '1', '--results-dir', 'res', '--reports-dir', 'rep']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`report: ${path.join('rep', 'quick', 'index.html')}`);
  });

  it('wrote the results and the report', () => {
    expect(readTable(path.join(dir, 'res', 'quick', 'runs.csv')).rows).toHaveLength(8);
    const html = fs.readFileSync(path.join(dir, 'rep', 'quick', 'index.html'), 'utf8');
    expect(html).toMatch(/<html/i);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'res', 'quick', 'overrides.json'), 'utf8'))).toEqual({ set: [], epochs: '1' });
  });

  it('status counts the recorded runs; with other overrides the runs are different ones', () => {
    const spec = path.join(ROOT, 'experiments', 'quick.yaml');
    const s = nnlab(dir, ['status', spec, '--epochs', '1', '--results-dir', 'res', '--json']);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.stdout)).toMatchObject({ name: 'quick', total: 8, done: 8, completed: 8, failed: 0, pending: 0, extra: 0 });
    // Without flags, status counts the sweep as last run (overrides.json: --epochs 1), and says so.
    const last = nnlab(dir, ['status', spec, '--results-dir', 'res', '--json']);
    expect(JSON.parse(last.stdout)).toMatchObject({ total: 8, done: 8, pending: 0, extra: 0 });
    expect(last.stderr).toBe(`${path.join('res', 'quick')}: counting the runs of the last nnlab run's flags (overrides.json: --epochs 1); pass flags to count other settings\n`);
    const other = JSON.parse(nnlab(dir, ['status', spec, '--epochs', '3', '--results-dir', 'res', '--json']).stdout);
    expect(other).toMatchObject({ total: 8, done: 0, pending: 8, extra: 8 });
    // A spec of the same name sweeping another key: status refuses it as nnlab run would, not "8 pending".
    const text = fs.readFileSync(spec, 'utf8').replace('optimizer.lr: [0.01, 0.1]', 'train.batch_size: [16, 32]').replace(/columns: optimizer\.lr/, 'columns: train.batch_size');
    fs.writeFileSync(path.join(dir, 'quick2.yaml'), text);
    const refused = nnlab(dir, ['status', 'quick2.yaml', '--results-dir', 'res']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^nnlab: res\/quick\/runs\.csv has columns \(run_id, variant, model\.init\.weights, optimizer\.lr, .*\) but this sweep needs \(run_id, variant, model\.init\.weights, train\.batch_size, .*\); rerun with --force to move the old results aside, or give the experiment another name\n$/);
    const run = nnlab(dir, ['run', 'quick2.yaml', '--results-dir', 'res', '--no-report']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(refused.stderr);
  });

  it('compare prints mean ± std best first, as a list or a grid', () => {
    const runs = readTable(path.join(dir, 'res', 'quick', 'runs.csv')).rows;
    const c = nnlab(dir, ['compare', path.join('res', 'quick'), '--rows', 'optimizer.lr']);
    expect(c.code).toBe(0);
    const lines = c.stdout.trim().split('\n');
    expect(lines[0]).toBe('quick: val_accuracy (mean ± std over every seed, diverged and failed ones at their untrained level; higher is better)');
    // Rows by lr alone pool the initializers: said, not silent.
    expect(lines[1]).toBe('Note: each row pools 2 combinations of model.init.weights; pass --columns model.init.weights (or leave out --rows) to see them apart.');
    const body = lines.slice(4);
    expect(body).toHaveLength(2);
    // The numbers are the mean and sample std of the 4 runs per lr.
    const means = body.map((l) => {
      const lr = l.split(/\s+/)[0]!;
      const xs = runs.filter((r) => r['optimizer.lr'] === lr).map((r) => Number(r.val_accuracy));
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      expect(l).toContain(`${mean.toFixed(4)} ± ${sd.toFixed(4)} (n=4)`);
      return mean;
    });
    expect(means[0]).toBeGreaterThanOrEqual(means[1]!);
    const loss = nnlab(dir, ['compare', path.join('res', 'quick'), '--metric', 'val_loss']).stdout.trim().split('\n').slice(3);
    const vals = loss.map((l) => Number(/ (\d\.\d{4}) ±/.exec(l)![1]));
    expect(vals).toEqual([...vals].sort((a, b) => a - b)); // lower loss first
    const grid = nnlab(dir, ['compare', path.join('res', 'quick'), '--rows', 'model.init.weights', '--columns', 'optimizer.lr']);
    expect(grid.stdout.split('\n')[1]).toMatch(/^model\.init\.weights \\ optimizer\.lr +0\.\d+ +0\.\d+ +overall$/);
    const bad = nnlab(dir, ['compare', path.join('res', 'quick'), '--rows', 'optimizer.lrr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('nnlab: --rows optimizer.lrr: not a swept key of res/quick — did you mean "optimizer.lr"?; use one of model.init.weights, optimizer.lr');
    const same = nnlab(dir, ['compare', path.join('res', 'quick'), '--rows', 'optimizer.lr', '--columns', 'optimizer.lr']);
    expect(same.code).toBe(2);
    expect(same.stderr).toBe('nnlab: --rows and --columns are both optimizer.lr; give them two different keys\n');
    // A folder whose runs.csv is not nnlab's: bad input for compare and report alike.
    fs.mkdirSync(path.join(dir, 'odd'));
    fs.writeFileSync(path.join(dir, 'odd', 'runs.csv'), 'run_id,foo\nx,1\n');
    const want = `nnlab: ${path.join('odd', 'runs.csv')}: not a runs table (no "status" column); pass a folder written by nnlab run\n`;
    for (const cmd of ['compare', 'report']) {
      const odd = nnlab(dir, [cmd, 'odd', '--reports-dir', 'rep-odd'].slice(0, cmd === 'report' ? 4 : 2));
      expect(odd.code, cmd).toBe(2);
      expect(odd.stderr, cmd).toBe(want);
    }
    expect(fs.existsSync(path.join(dir, 'rep-odd'))).toBe(false);
    const csv = nnlab(dir, ['compare', path.join('res', 'quick', 'runs.csv')]);
    expect(csv.code).toBe(2);
    expect(csv.stderr).toBe(`nnlab: ${path.join('res', 'quick', 'runs.csv')}: a file; pass the results folder that holds it (${path.join('res', 'quick')})\n`);
  });

  it('report --rows/--columns re-cuts a finished sweep without retraining: the table is transposed', () => {
    const r = nnlab(dir, ['report', path.join('res', 'quick'), '--reports-dir', 'recut', '--rows', 'optimizer.lr', '--columns', 'model.init.weights']);
    expect(r.code).toBe(0);
    const html = fs.readFileSync(path.join(dir, 'recut', 'quick', 'index.html'), 'utf8');
    const summary = html.slice(html.indexOf('id="summary"'));
    // The corner names rows \ columns; the column heads are the initializers, the row heads the learning rates.
    expect(summary).toContain('<th class="corner">optimizer.lr \\ model.init.weights</th>');
    const head = summary.slice(summary.indexOf('<thead>'), summary.indexOf('</thead>'));
    expect(head).toMatch(/<th>he_normal<\/th>/);
    expect(head).not.toMatch(/<th>0\.1<\/th>/);
    // Nothing was retrained: runs.csv is untouched.
    expect(readTable(path.join(dir, 'res', 'quick', 'runs.csv')).rows).toHaveLength(8);
    const bad = nnlab(dir, ['report', path.join('res', 'quick'), '--reports-dir', 'recut', '--rows', 'optimizer.lrr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^nnlab: --rows optimizer\.lrr: not a swept key of res\/quick — did you mean "optimizer\.lr"\?; use one of .*\n$/);
    const metric = nnlab(dir, ['report', path.join('res', 'quick'), '--reports-dir', 'recut', '--metric', 'test_acc']);
    expect(metric.code).toBe(2);
    expect(metric.stderr).toMatch(/did you mean "test_accuracy"/);
  });

  it('a changed description or report: is taken from the spec as it is now; spec.yaml follows, and the change is said', () => {
    const text = fs.readFileSync(path.join(ROOT, 'experiments', 'quick.yaml'), 'utf8')
      .replace(/^description: .*$/m, 'description: A question asked another way?');
    fs.writeFileSync(path.join(dir, 'quick.yaml'), text);
    const r = nnlab(dir, ['run', 'quick.yaml', '--epochs', '1', '--results-dir', 'res', '--reports-dir', 'rep']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing to do');
    expect(r.stdout).toContain(`${path.join('res', 'quick', 'spec.yaml')}: description updated from quick.yaml (no run changes)`);
    expect(fs.readFileSync(path.join(dir, 'res', 'quick', 'spec.yaml'), 'utf8')).toContain('description: A question asked another way?');
    expect(fs.readFileSync(path.join(dir, 'rep', 'quick', 'index.html'), 'utf8')).toContain('A question asked another way?');
    // Run again unchanged: nothing to say.
    expect(nnlab(dir, ['run', 'quick.yaml', '--epochs', '1', '--results-dir', 'res', '--no-report']).stdout).not.toContain('updated from');
  });

  it('report rewrites the report of a results folder; a non-results folder exits 2', () => {
    fs.rmSync(path.join(dir, 'rep'), { recursive: true });
    const r = nnlab(dir, ['report', path.join('res', 'quick'), '--reports-dir', 'rep']);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'rep', 'quick', 'index.html'))).toBe(true);
    const bad = nnlab(dir, ['report', 'rep']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^nnlab: rep: not a results folder \(no runs\.csv\)/);
  });
});

describe('status line', () => {
  it('a sweep whose runs all failed is incomplete, not "not started", and says the next run retries them', () => {
    const c = { total: 8, done: 0, completed: 0, failedToLearn: 0, stopped: 0, diverged: 0, failed: 8, pending: 0 };
    expect(formatCounts('q [res/q]', c)).toBe('q [res/q]: 8 runs, incomplete — 0 done (0 completed, 0 diverged), 8 failed (the next nnlab run retries them), 0 pending');
    expect(formatCounts('q', { ...c, failed: 0, pending: 8 })).toBe('q: 8 runs, not started — 0 done (0 completed, 0 diverged), 0 failed, 8 pending');
    // A run in progress (checkpointed, not yet recorded) means the sweep has started.
    expect(formatCounts('q', { ...c, failed: 0, pending: 8 }, 1)).toBe('q: 8 runs, incomplete — 0 done (0 completed, 0 diverged), 0 failed, 8 pending');
    expect(formatCounts('q', { ...c, failed: 0, done: 8, completed: 7, diverged: 1 })).toBe('q: 8 runs, complete — 8 done (7 completed, 1 diverged), 0 failed, 0 pending');
    expect(formatCounts('h', { ...c, failed: 0, done: 8, completed: 2, stopped: 6 })).toBe('h: 8 runs, complete — 8 done (6 stopped by halving, 2 completed, 0 diverged), 0 failed, 0 pending');
  });
});

describe('a folder that also holds the runs of other overrides', () => {
  it('compare and report use only the runs the spec as last run plans, and say how many they left out', () => {
    const dir = tmpDir();
    const spec = path.join(ROOT, 'experiments', 'quick.yaml');
    const base = ['run', spec, '--epochs', '1', '--results-dir', 'res', '--no-report'];
    expect(nnlab(dir, base).code).toBe(0);
    // Same swept columns, other settings: accepted into the folder (status calls the first 8 "extra").
    expect(nnlab(dir, [...base, '--set', 'model.hidden=[4]']).code).toBe(0);
    const runs = readTable(path.join(dir, 'res', 'quick', 'runs.csv')).rows;
    expect(runs).toHaveLength(16);
    const warning = 'nnlab: warning: 8 run(s) in runs.csv are not planned by spec.yaml with overrides.json (other settings or seeds, from an earlier run of the folder); left out, so no mean mixes configurations';
    const grid = nnlab(dir, ['compare', path.join('res', 'quick'), '--rows', 'model.init.weights', '--columns', 'optimizer.lr']);
    expect(grid.code).toBe(0);
    expect(grid.stderr.trim()).toBe(warning);
    // 2 seeds per cell, as the spec plans, not 4 from two different networks.
    const cells = grid.stdout.split('\n').slice(3, 5).join('\n');
    expect(cells.match(/\(n=2\)/g)).toHaveLength(4);
    expect(cells).not.toContain('(n=4)  ');
    // The cell's mean is that of the [4]-unit runs (the ones recorded last).
    const ids = new Set(runs.slice(8).map((r) => r.run_id));
    const xs = runs.filter((r) => ids.has(r.run_id) && r['model.init.weights'] === 'he_normal' && r['optimizer.lr'] === '0.1').map((r) => Number(r.val_accuracy));
    expect(xs).toHaveLength(2);
    expect(cells).toContain(`${((xs[0]! + xs[1]!) / 2).toFixed(4)} ± `);
    const rep = nnlab(dir, ['report', path.join('res', 'quick'), '--reports-dir', 'rep']);
    expect(rep.code).toBe(0);
    expect(rep.stderr.trim()).toBe(warning);
    expect(fs.readFileSync(path.join(dir, 'rep', 'quick', 'index.html'), 'utf8')).toContain('nnlab report · 8 runs in 4 configurations');
  });
});

describe('compare on a study with variants', () => {
  const out: string[] = [];
  let dir: string;
  beforeAll(() => {
    dir = writeResults(tmpDir(), { name: 'xavier', sweepKeys: ['model.init.weights', 'optimizer.lr'], runs: xavierRuns(), specText: XAVIER_SPEC });
  });
  const compare = (args: Omit<CompareArgs, 'dir'>): string[] => {
    out.length = 0;
    expect(compareCommand({ dir, ...args }, (l) => out.push(l), (l) => { throw new Error(l); })).toBe(0);
    return [...out];
  };

  it('a grid is one table per variant, its lr columns in numeric order, rows best first', () => {
    // runs.csv lists lr 0.5 first and he_normal first (see xavierRuns).
    const lines = compare({ rows: 'model.init.weights', columns: 'optimizer.lr' });
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('variant=relu:');
    expect(lines[3]).toMatch(/^model\.init\.weights \\ optimizer\.lr +0\.001 +0\.01 +0\.1 +0\.5 +overall$/);
    // relu: xavier_uniform [0.36, 0.90, 0.94, 0.85] and he_normal [0.75, 0.915, 0.91, 0.89], seeds ±0.01: never pooled with tanh (n=3, not 6).
    expect(lines[5]).toMatch(/^he_normal +0\.7500 ± 0\.0100 \(n=3\) +0\.9150 ± 0\.0100 \(n=3\) +0\.9100 ± 0\.0100 \(n=3\) +0\.8900 ± 0\.0100 \(n=3\) +0\.866\d ± 0\.0713 \(n=12\)$/); // overall: all 12 relu he_normal runs, mean 0.86625 (a rounding tie)
    expect(lines[6]).toMatch(/^xavier_uniform +0\.3600 ± 0\.0100 \(n=3\)/);
    expect(lines[7]).toMatch(/^normal\(0\.01\) +0\.1100 ± 0\.0100 \(n=3\)/);
    expect(lines[9]).toBe('variant=tanh:');
    expect(lines[12]).toMatch(/^he_normal +0\.8600 ± 0\.0100 \(n=3\) +0\.9200/);
    expect(lines).toHaveLength(15);
  });

  it('non-numeric columns follow the spec\'s sweep order, not runs.csv order', () => {
    const lines = compare({ rows: 'optimizer.lr', columns: 'model.init.weights' });
    expect(lines[3]).toMatch(/^optimizer\.lr \\ model\.init\.weights +normal\(0\.01\) +xavier_uniform +he_normal +overall$/);
    const variants = compare({ columns: 'variant' });
    // 3 inits × 4 lr = 12 tables of one row each, in sweep order.
    expect(variants.filter((l) => l.endsWith(':'))[0]).toBe('model.init.weights=normal(0.01), optimizer.lr=0.001:');
    expect(variants.filter((l) => l.endsWith(':'))).toHaveLength(12);
  });

  it('a list pools the keys it does not show, and says so', () => {
    const lines = compare({ rows: 'model.init.weights' });
    expect(lines[1]).toBe('Note: each row pools 8 combinations of variant, optimizer.lr; pass --columns variant (or leave out --rows) to see them apart.');
    expect(lines.slice(4).map((l) => l.split(/\s+/)[0])).toEqual(['he_normal', 'xavier_uniform', 'normal(0.01)']);
    expect(compare({}).some((l) => l.startsWith('Note'))).toBe(false);
  });
});

describe('nnlab usage errors', () => {
  it('unknown commands and flags exit 2 with one line', () => {
    const dir = tmpDir();
    writeSpec(dir, 'u', CIRCLES_SWEEP);
    for (const args of [['frobnicate'], ['run', 'u.yaml', '--wrokers', '2'], ['run', 'u.yaml', '--workers', '0'], ['run', 'u.yaml', '--set', 'optimizer.lr'], []]) {
      const r = nnlab(dir, args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^nnlab: /);
    }
    expect(fs.readdirSync(dir)).toEqual(['u.yaml']);
    // A bad worker count is echoed as typed, not as NaN.
    for (const w of ['abc', '1.5', '']) {
      const r = nnlab(dir, ['run', 'u.yaml', '--workers', w]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^nnlab: --workers ${w}: must be a whole number >= 1 \\(default: \\d+, the number of cores\\)\\n$`));
    }
    expect(nnlab(dir, ['run', 'u.yaml', '--workers', '2', '--dry-run']).code).toBe(0);
  });
});
