import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CIRCLES_SWEEP, nnlab, requireBuild, tmpDir, writeSpec, CLI } from './helpers.js';

beforeAll(requireBuild);

describe('nnlab slurm', () => {
  it('writes a job array over the shards that still have pending runs, carrying the overrides', () => {
    const dir = tmpDir('nnlab-slurm-');
    writeSpec(dir, 'sl', CIRCLES_SWEEP);
    const args = ['slurm', 'sl.yaml', '--tasks', '3', '--parallel', '2', '--results-dir', 'res', '--set', 'train.batch_size=16'];
    const first = nnlab(dir, args);
    expect(first.code).toBe(0);
    const script = path.join(dir, 'res', 'sl', 'slurm', 'sl.sbatch');
    expect(first.stdout).toContain(`${script}: 3 of 3 array tasks (6 pending runs of 6)`);
    const text = fs.readFileSync(script, 'utf8');
    expect(text).toContain('#SBATCH --array=0-2%2');
    expect(text).toContain(
      `exec ${process.execPath} ${CLI} run ${path.join(dir, 'sl.yaml')} --shard "$SLURM_ARRAY_TASK_ID/3" --workers 1 --results-dir ${path.join(dir, 'res')} --no-report --set train.batch_size=16`,
    );
    // Shard 1 done by hand (as an array task would): the next array leaves it out.
    expect(nnlab(dir, ['run', 'sl.yaml', '--shard', '1/3', '--no-report', '--results-dir', 'res', '--set', 'train.batch_size=16']).code).toBe(0);
    const second = nnlab(dir, args);
    expect(second.stdout).toContain('2 of 3 array tasks (4 pending runs of 6)');
    expect(fs.readFileSync(script, 'utf8')).toContain('#SBATCH --array=0,2%2');
    const bad = nnlab(dir, ['slurm', 'sl.yaml', '--tasks', '7', '--results-dir', 'res']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('nnlab: --tasks 7: the sweep has only 6 runs; use at most 6 tasks');
  });

  it('passes --checkpoint-every to every task, and refuses a bad one before writing anything', () => {
    const dir = tmpDir('nnlab-slurm-ck-');
    writeSpec(dir, 'sl', CIRCLES_SWEEP);
    const ok = nnlab(dir, ['slurm', 'sl.yaml', '--tasks', '2', '--results-dir', 'res', '--checkpoint-every', '5']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'res', 'sl', 'slurm', 'sl.sbatch'), 'utf8')).toMatch(/ --no-report --checkpoint-every 5$/m);
    const other = tmpDir('nnlab-slurm-ck-bad-');
    writeSpec(other, 'sl', CIRCLES_SWEEP);
    const bad = nnlab(other, ['slurm', 'sl.yaml', '--results-dir', 'res', '--checkpoint-every', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^nnlab: --checkpoint-every 0: must be a whole number of epochs/);
    expect(fs.existsSync(path.join(other, 'res'))).toBe(false);
  });
});
