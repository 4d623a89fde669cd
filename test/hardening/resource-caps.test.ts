/**
 * Resource caps (issue #16, item 6): more workers than cores is warned about with the reason,
 * and a worker count the runs do not need is said, not silently changed; a model whose
 * activations would not fit (a wide layer times a large batch) is refused at validate time
 * with the estimate; a data CSV too large to read whole is refused by its size, up front.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTmp, DIRS, expectRefused, nnlab, nnlabAsync, requireBuild, tmpDir, writeSpec } from './helpers.js';

afterAll(cleanTmp);
beforeAll(requireBuild);

const CORES = os.availableParallelism?.() ?? os.cpus().length;

describe('--workers past the core count', () => {
  it('warns with the reason, and says why fewer workers run than asked', () => {
    const dir = tmpDir();
    writeSpec(dir, 'w', 'data: digits\nmodel: { hidden: [8] }\ntrain: { epochs: 1, batch_size: 64 }\nseeds: 2\n');
    const asked = CORES * 8;
    const r = nnlab(dir, ['run', 'w.yaml', '--workers', String(asked), '--no-report', '--results-dir', 'res']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `nnlab: warning: --workers ${asked} is more than the ${CORES} cores of this machine: each worker is a thread training one run with its own model and buffers, ` +
        `so workers past the core count only add memory and make each run slower; --workers ${CORES} is as fast\n`,
    );
    expect(r.stdout.split('\n')[0]).toBe(`w: 2 of 2 runs to do on 2 workers (one per run to do; --workers ${asked}) → res/w`);
  });

  it('says nothing at or below the core count', () => {
    const dir = tmpDir();
    writeSpec(dir, 'w', 'data: digits\nmodel: { hidden: [8] }\ntrain: { epochs: 1, batch_size: 64 }\nseeds: 1\n');
    const r = nnlab(dir, ['run', 'w.yaml', '--workers', String(CORES), '--no-report', '--results-dir', 'res']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(`w: 1 of 1 run to do on 1 worker${CORES > 1 ? ` (one per run to do; --workers ${CORES})` : ''} → res/w`);
  });
});

describe('a model whose activations would not fit', () => {
  const WIDE = 'data: mnist\nmodel: { hidden: [60000] }\ntrain: { epochs: 1, batch_size: 16384 }\n';
  const MESSAGE = /^nnlab: wide\.yaml:3:18: model\.hidden \[60000\] with train\.batch_size 16384 needs about 14\.8 GB of activations per run \(16 bytes per unit per row: values and gradients\); the limit is 4\.0 GB — use a smaller batch or narrower layers \(or raise the limit with NNLAB_MAX_ACTIVATION_GB\)$/;

  it('is refused by validate and by run (exit 2, the estimate, nothing written)', async () => {
    const dir = tmpDir();
    writeSpec(dir, 'wide', WIDE);
    expectRefused(nnlab(dir, ['validate', 'wide.yaml']), dir, MESSAGE);
    expectRefused(await nnlabAsync(dir, ['run', 'wide.yaml', ...DIRS]), dir, MESSAGE);
  });

  it('also as one value of a sweep, and a smaller batch of the same model passes (the cap is not too tight)', () => {
    const dir = tmpDir();
    writeSpec(dir, 'wide', 'data: mnist\nmodel: { hidden: [60000] }\ntrain: { epochs: 1, batch_size: 128 }\nsweep:\n  train.batch_size: [256, 16384]\n');
    const r = nnlab(dir, ['validate', 'wide.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/with train\.batch_size 16384 needs about 14\.8 GB of activations/);
    writeSpec(dir, 'ok', 'data: mnist\nmodel: { hidden: [60000] }\ntrain: { epochs: 1, batch_size: 4096 }\n');
    const ok = nnlab(dir, ['validate', 'ok.yaml']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });
});

describe('a data CSV too large to read whole', () => {
  it('is refused by its size before it is read (exit 2, one line, nothing written)', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'big.csv');
    fs.writeFileSync(file, 'x1,x2,y\n');
    fs.truncateSync(file, 300 * 1024 * 1024); // sparse: 300 MB on paper, nothing on disk
    fs.writeFileSync(path.join(dir, 'c.yaml'), 'name: c\ndata:\n  dataset: csv\n  path: big.csv\n  label: y\nmodel: { hidden: [4] }\ntrain: { epochs: 1, batch_size: 1 }\n');
    const r = await nnlabAsync(dir, ['run', 'c.yaml', ...DIRS]);
    expectRefused(r, dir, /^nnlab: c\.yaml: big\.csv: the file is 300 MB; nnlab reads CSV data whole into memory and takes files up to 256 MB — point data\.path at a sample of the rows$/);
  });
});
