/** `nnlab compare results/a results/b`: two sweeps in one table, a row each, with what else differs named. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nnlab, readTable, requireBuild, ROOT, tmpDir } from './helpers.js';

describe('compare across sweeps', () => {
  let dir: string;
  beforeAll(() => {
    requireBuild();
    dir = tmpDir('nnlab-sweeps-');
    const quick = fs.readFileSync(path.join(ROOT, 'experiments', 'quick.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'quick-wide.yaml'), quick.replace(/^name: quick$/m, 'name: quick-wide'));
    for (const args of [[path.join(ROOT, 'experiments', 'quick.yaml')], ['quick-wide.yaml', '--set', 'model.hidden=[64]']]) {
      const r = nnlab(dir, ['run', ...args, '--epochs', '1', '--seeds', '2', '--no-report']);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 120_000);

  it('prints one table with a row per sweep, each over its every seed with a 95% t interval, and warns what else differs', () => {
    const r = nnlab(dir, ['compare', 'results/quick', 'results/quick-wide']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('quick vs quick-wide: val_accuracy (mean ± std over every seed, diverged and failed ones at their untrained level; [95% t interval])');
    expect(lines[1]).toBe('Note: each cell pools the values of model.init.weights, optimizer.lr; pass --rows or --columns to see them apart.');
    expect(lines[2]).toMatch(/^sweep\s+val_accuracy$/);
    // The mean is over each folder's 8 runs.
    for (const [i, name] of [[4, 'quick'], [5, 'quick-wide']] as const) {
      const xs = readTable(path.join(dir, 'results', name, 'runs.csv')).rows.map((x) => Number(x.val_accuracy));
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      expect(lines[i]).toMatch(new RegExp(`^${name}\\s+${mean.toPrecision(4).replace('.', '\\.')} ± [\\d.]+ \\[[\\d.−]+, [\\d.]+\\] \\(n=8\\)$`));
    }
    expect(r.stderr).toBe('nnlab: warning: the sweeps also differ in model.hidden (quick: [32], quick-wide: [64]), which the table does not show\n');
  });

  it('--columns splits each sweep by a key; keys the sweeps lack are bad input with the valid ones', () => {
    const r = nnlab(dir, ['compare', 'results/quick', 'results/quick-wide', '--columns', 'optimizer.lr']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sweep \\ optimizer\.lr\s+0\.01\s+0\.1$/m);
    const bad = nnlab(dir, ['compare', 'results/quick', 'results/quick-wide', '--columns', 'optimizer.lrr']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('nnlab: --columns optimizer.lrr: not a key of these sweeps — did you mean "optimizer.lr"?; use one of sweep, model.init.weights, optimizer.lr\n');
    const missing = nnlab(dir, ['compare', 'results/quick', 'results/nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('nnlab: results/nope: not a results folder (no runs.csv); pass results/<name>\n');
  });

  it('nnlab report with several folders writes one report with a row per sweep, and names what else differs', () => {
    const r = nnlab(dir, ['report', 'results/quick', 'results/quick-wide', '--rows', 'sweep', '--columns', 'optimizer.lr']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`report: ${path.join('reports', 'quick+quick-wide', 'index.html')}\n`);
    expect(r.stderr).toContain('nnlab: warning: the sweeps also differ in model.hidden (quick: [32], quick-wide: [64]), which the tables do not show');
    const html = fs.readFileSync(path.join(dir, 'reports', 'quick+quick-wide', 'index.html'), 'utf8');
    const summary = html.slice(html.indexOf('id="summary"'));
    expect(summary).toContain('<th class="corner">sweep \\ optimizer.lr</th>');
    expect(summary).toMatch(/<tr><th>quick<\/th>/);
    expect(summary).toMatch(/<tr><th>quick-wide<\/th>/);
  });
});
