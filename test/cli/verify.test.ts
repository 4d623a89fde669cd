/** `nnlab verify`: an intact folder matches bit for bit; a hand-edited value is named; another version is said, not failed. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nnlab, readTable, requireBuild, ROOT, tmpDir } from './helpers.js';

describe('nnlab verify', () => {
  let dir: string;
  beforeAll(() => {
    requireBuild();
    dir = tmpDir('nnlab-verify-');
    const r = nnlab(dir, ['run', path.join(ROOT, 'experiments', 'quick.yaml'), '--epochs', '2', '--no-report', '--workers', '2']);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('passes on an intact folder: every sampled run, retrained in this process, matches what 2 workers recorded', () => {
    const r = nnlab(dir, ['verify', 'results/quick', '--runs', '0']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('results/quick: retraining 8 of 8 recorded runs (seed 0) from spec.yaml and overrides.json');
    expect(lines.filter((l) => / : match$|\): match$/.test(l))).toHaveLength(8);
    expect(lines.at(-1)).toBe('8 of 8 runs match bit for bit');
    // The default sample is 3 runs, and another seed picks others.
    const a = nnlab(dir, ['verify', 'results/quick']).stdout, b = nnlab(dir, ['verify', 'results/quick', '--seed', 'reviewer']).stdout;
    expect(a.match(/: match$/gm)).toHaveLength(3);
    expect(a).not.toBe(b);
  });

  it('names the run whose val_accuracy was edited by hand, and exits non-zero', () => {
    const copy = path.join(dir, 'edited');
    fs.cpSync(path.join(dir, 'results', 'quick'), copy, { recursive: true });
    const file = path.join(copy, 'runs.csv');
    const t = readTable(file);
    const victim = t.rows[3]!;
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace(`,${victim.val_accuracy},`, `,${(Number(victim.val_accuracy) + 0.01).toFixed(4)},`));
    const r = nnlab(dir, ['verify', copy, '--runs', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^run ${victim.run_id} \\(.*\\): DIFFERS in val_accuracy \\(recorded [\\d.]+, retrained ${victim.val_accuracy.replace('.', '\\.')}\\)`, 'm'));
    expect(r.stdout.match(/: match$/gm)).toHaveLength(7);
    expect(r.stderr).toBe(`nnlab: 1 of 8 retrained runs differ from what ${copy} records\n`);
  });

  it('a folder recorded under another nnlab version is reported as such, not as a mismatch', () => {
    const copy = path.join(dir, 'old');
    fs.cpSync(path.join(dir, 'results', 'quick'), copy, { recursive: true });
    const envFile = path.join(copy, 'environment.json');
    fs.writeFileSync(envFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(envFile, 'utf8')), nnlab_version: '0.0.1' }));
    const r = nnlab(dir, ['verify', copy]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^run \w+ \(.*\): recorded under nnlab 0\.0\.1 \(this is [\d.]+\): not comparable bit for bit, not checked$/m);
    expect(r.stdout).not.toMatch(/DIFFERS/);
  });

  it('the report tells a reviewer the command', () => {
    const r = nnlab(dir, ['report', 'results/quick']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'reports', 'quick', 'index.html'), 'utf8')).toContain('<code>nnlab verify results/quick</code> retrains a seeded sample');
  });
});
