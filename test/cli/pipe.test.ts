import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CLI, readTable, requireBuild, tmpDir, writeSpec } from './helpers.js';
import path from 'node:path';

beforeAll(requireBuild);

describe('output into a pipe that closes early', () => {
  it('`nnlab run --dry-run … | head -1` exits 0 without an EPIPE trace', () => {
    const dir = tmpDir('nnlab-pipe-');
    // 4,000 runs: the listing (~300 KB) outgrows the pipe buffer, so the writer is
    // still writing when head has closed the pipe.
    writeSpec(dir, 'pipe', 'data: { dataset: circles, samples: 200 }\nmodel: { hidden: [4] }\nseeds: 1000\nsweep:\n  optimizer.lr: [0.1, 0.2, 0.3, 0.4]\n');
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" run pipe.yaml --dry-run | head -n 1`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|    at /);
    expect(r.status).toBe(0);
  });

  it('a sweep whose stdout closes (`nnlab run … | head -1`) still trains every run, then exits 0', () => {
    const dir = tmpDir('nnlab-pipe-');
    writeSpec(dir, 'sweep', 'data: { dataset: circles, samples: 200 }\nmodel: { hidden: [4] }\ntrain: { epochs: 2 }\nseeds: 3\nsweep:\n  optimizer.lr: [0.1, 0.2, 0.3, 0.4]\n');
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" run sweep.yaml --workers 1 --results-dir res --no-report | head -n 1`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('sweep: 12 of 12 runs to do on 1 worker → res/sweep\n');
    expect(r.stderr).not.toMatch(/EPIPE|    at /);
    expect(r.status).toBe(0);
    // Every run was trained and recorded, although nobody read the progress lines.
    const runs = readTable(path.join(dir, 'res', 'sweep', 'runs.csv')).rows;
    expect(runs).toHaveLength(12);
    // Trained to the end: a 2-epoch run on circles may end above its epoch-0 loss (failed_to_learn), never failed.
    expect(runs.every((x) => x.status === 'completed' || x.status === 'failed_to_learn')).toBe(true);
  });
});
