/** The CLI with layer lists and regression data: one-line errors (exit 2) and the results columns. */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nnlab, readTable, requireBuild, tmpDir, writeSpec } from './helpers.js';

describe('nnlab with model.layers and regression', () => {
  let dir: string;
  beforeAll(() => {
    requireBuild();
    dir = tmpDir('nnlab-cnn-');
  });

  it('a layer list that does not fit the images is one line naming the spec and the layer, exit 2', () => {
    const spec = writeSpec(dir, 'bad', 'data: mnist\nmodel:\n  layers: [conv2d(16, 5), relu, maxpool(2), conv2d(32, 8), relu, maxpool(2), flatten, dense(10)]\n');
    const r = nnlab(dir, ['validate', spec]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`nnlab: ${spec}:4:11: model.layers on mnist: layer 6 maxpool(2): input 32×5×5 has an odd size; give the convolution before it padding (conv2d(…, padding=1)), or use another maxpool window or stride`]);
  });

  it('on csv images the shapes are checked once the file is read, before anything is written', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [...Array.from({ length: 16 }, (_, j) => (i * 5 + j) % 7), i % 2].join(','));
    fs.writeFileSync(path.join(dir, 'img.csv'), rows.join('\n') + '\n');
    const spec = writeSpec(dir, 'csvimg', 'data: { dataset: csv, path: img.csv, header: false, shape: [1, 4, 4], val_size: 8 }\nmodel: { layers: [conv2d(4, 2), maxpool(2), flatten, dense(2)] }\n');
    const r = nnlab(dir, ['run', spec, '--results-dir', 'res', '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`nnlab: ${spec}: model.layers on csv img.csv: layer 2 maxpool(2): input 4×3×3 has an odd size; give the convolution before it padding (conv2d(…, padding=1)), or use another maxpool window or stride`);
    expect(fs.existsSync(path.join(dir, 'res', 'csvimg'))).toBe(false);
  });

  it('a regression run records rmse, mae and r2 in runs.csv and epochs.csv', () => {
    const spec = writeSpec(dir, 'reg', 'data: { dataset: friedman, samples: 400, noise: 1 }\nloss: huber\nmodel: { hidden: [16] }\noptimizer: { name: adam, lr: 0.01 }\ntrain: { epochs: 3 }\n');
    const r = nnlab(dir, ['run', spec, '--results-dir', 'res', '--no-report', '--workers', '1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/completed val_r2=0\.\d{4}/);
    const runs = readTable(path.join(dir, 'res', 'reg', 'runs.csv'));
    expect(runs.columns.slice(-9)).toEqual(['train_rmse', 'train_mae', 'train_r2', 'val_rmse', 'val_mae', 'val_r2', 'test_rmse', 'test_mae', 'test_r2']);
    expect(Number(runs.rows[0]!['val_r2'])).toBeGreaterThan(0);
    const epochs = readTable(path.join(dir, 'res', 'reg', 'epochs.csv'));
    expect(epochs.columns).toContain('val_rmse');
    // Layer diagnostics (on by default) are recorded for regression too, not left as empty L columns.
    for (const e of epochs.rows) expect(Number(e['L1_grad_norm'])).toBeGreaterThan(0);
    const c = nnlab(dir, ['compare', path.join('res', 'reg'), '--metric', 'val_rmse']);
    expect([c.code, c.stderr]).toEqual([0, '']);
    expect(c.stdout).toMatch(/val_rmse \(mean ± std .*; lower is better\)/);
  });

  it('model.sizes on csv regression data must fit its features and targets, and the line speaks of targets, not classes', () => {
    const rows = ['a,b,y1,y2', ...Array.from({ length: 60 }, (_, i) => `${i % 7},${i % 5},${(i % 7) + (i % 5)},${(i % 7) - (i % 5)}`)];
    fs.writeFileSync(path.join(dir, 'two.csv'), rows.join('\n') + '\n');
    const spec = writeSpec(dir, 'two', 'data: { dataset: csv, path: two.csv, task: regression, target: [y1, y2], val_size: 10 }\nmodel: { sizes: [5, 32, 7] }\nloss: mse\ntrain: { epochs: 1 }\n');
    const r = nnlab(dir, ['run', spec, '--results-dir', 'res', '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`nnlab: ${spec}: model.sizes: layer sizes [5,32,7] do not fit the dataset: two.csv has 2 input features and 2 regression targets, so sizes must start with 2 and end with 2`);
    expect(fs.existsSync(path.join(dir, 'res', 'two'))).toBe(false);
    const friedman = writeSpec(dir, 'fr', 'data: friedman\nmodel: { layers: [dense(16), relu, dense(2)] }\nloss: mse\n');
    expect(nnlab(dir, ['validate', friedman]).stderr).toContain('mse on friedman (1 regression target) needs 1; make the last layer dense(1)');
  });

  it('without report.metric, compare, list and the report rank regression runs by val_r2; a metric of the other task is exit 2', () => {
    // The same spec as the test above ran ('reg', no report:), in a folder of its own.
    const spec = writeSpec(dir, 'regdef', 'data: { dataset: friedman, samples: 400, noise: 1 }\nloss: mse\nmodel: { hidden: [16] }\noptimizer: { name: adam, lr: 0.01 }\ntrain: { epochs: 3 }\nseeds: 2\n');
    const r = nnlab(dir, ['run', spec, '--results-dir', 'res', '--reports-dir', 'rep', '--workers', '1']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const res = path.join('res', 'regdef');
    const c = nnlab(dir, ['compare', res]);
    expect([c.code, c.stderr]).toEqual([0, '']);
    expect(c.stdout).toMatch(/^regdef: val_r2 \(mean ± std .*; higher is better\)\nruns +val_r2 +did not learn\n-+ +-+ +-+\nall runs +0\.\d{4} ± 0\.\d{4} \(n=2\)/);
    const l = nnlab(dir, ['list', '--results-dir', 'res', '--reports-dir', 'rep']);
    expect(l.stdout).toMatch(/regdef +complete +2 of 2 +all runs: val_r2 0\.\d+ \[/);
    const html = fs.readFileSync(path.join(dir, 'rep', 'regdef', 'index.html'), 'utf8');
    expect(html).not.toMatch(/No finished run has a finite/);
    const recorded = 'use one of train_loss, val_loss, train_rmse, train_mae, train_r2, val_rmse, val_mae, val_r2, test_rmse, test_mae, test_r2';
    const acc = nnlab(dir, ['compare', res, '--metric', 'val_accuracy']);
    expect([acc.code, acc.stdout, acc.stderr]).toEqual([2, '', `nnlab: --metric val_accuracy: a classification metric, but the runs of ${res} are regression (real-valued targets), which record no accuracy; ${recorded}\n`]);
    const rep = nnlab(dir, ['report', res, '--reports-dir', 'recut', '--metric', 'test_accuracy']);
    expect(rep.code).toBe(2);
    expect(rep.stderr).toBe(`nnlab: --metric test_accuracy: a classification metric, but the runs of ${res} are regression (real-valued targets), which record no accuracy; use one of val_r2, test_r2, train_r2, val_rmse, test_rmse, train_rmse, val_mae, test_mae, train_mae, val_loss, train_loss\n`);
  });
});
