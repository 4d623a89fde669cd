import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { CLI, requireBuild, tmpDir, writeSpec } from './helpers.js';

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
});
