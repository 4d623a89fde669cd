/**
 * Bit-identical results across processes, and independent of what ran before in
 * the same process (a worker thread trains many runs in a row). Runs the built
 * code in dist/ (npm test builds first); skipped when there is no build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeConfig } from './fixtures.js';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const built = existsSync(`${dist}train/trainer.js`) && existsSync(`${dist}data/load.js`);

function inChild(configs: unknown[]): unknown {
  const script = `
    import { trainRun } from ${JSON.stringify(pathToFileURL(`${dist}train/trainer.js`).href)};
    import { loadDataset } from ${JSON.stringify(pathToFileURL(`${dist}data/load.js`).href)};
    const configs = JSON.parse(process.argv[1]);
    let t = 0, last = null;
    for (const c of configs) last = trainRun(c, loadDataset(c.data), { now: () => t++ });
    process.stdout.write(JSON.stringify(last));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(configs)], { encoding: 'utf8' });
  return JSON.parse(out);
}

describe.skipIf(!built)('determinism across processes', () => {
  it('a run gives the same numbers in a fresh process and after another run in the same process', () => {
    const x = makeConfig({ model: { hidden: [24], dropout: 0.2 }, train: { epochs: 2, batch_size: 40, diagnostics: true, probe_size: 50 }, seed: 7 });
    const y = makeConfig({ model: { hidden: [8, 8] }, train: { epochs: 1 }, seed: 3 });
    const fresh = inChild([x]);
    const afterOther = inChild([y, x]);
    expect(afterOther).toEqual(fresh);
    expect((fresh as { status: string }).status).toBe('completed');
  });

  it('a CNN (convolution, channel batch norm, pooling, dropout) gives the same numbers in a fresh process and after another run', () => {
    const layers = ['conv2d(8, 3, padding=1)', 'batchnorm', 'relu', 'maxpool(2)', 'conv2d(8, 3, padding=1)', 'relu', 'avgpool(2)', 'flatten', 'dropout(0.2)', 'dense(10)'];
    const x = makeConfig({ model: { layers }, optimizer: { name: 'momentum', lr: 0.05 }, train: { epochs: 2, batch_size: 20 }, data: { train_size: 400 }, seed: 5 });
    const y = makeConfig({ model: { hidden: [8] }, train: { epochs: 1 }, seed: 3 });
    const fresh = inChild([x]) as { status: string; val_accuracy: number };
    expect(inChild([y, x])).toEqual(fresh);
    expect(fresh.status).toBe('completed');
    expect(fresh.val_accuracy).toBeGreaterThan(0.3);
  });
});
