/**
 * `nnlab predict` on a regression run: real-valued predictions in the targets' own units, and
 * rmse / mae / r2 that equal runs.csv's to the last digit (it treated them as class labels).
 * Classification is covered with checkpoints in resume.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nnlab, readTable, requireBuild, tmpDir, writeSpec } from './helpers.js';

describe('nnlab predict on a regression run', () => {
  let dir: string, id: string, run: Record<string, string>;
  beforeAll(() => {
    requireBuild();
    dir = tmpDir('nnlab-predict-');
    const spec = writeSpec(dir, 'reg', 'data: { dataset: friedman, samples: 600 }\nmodel: { hidden: [16] }\nloss: mse\noptimizer: { name: adam, lr: 0.01 }\ntrain: { epochs: 3 }\n');
    const r = nnlab(dir, ['run', spec, '--no-report', '--workers', '1']);
    expect(r.code, r.stderr).toBe(0);
    run = readTable(path.join(dir, 'results/reg/runs.csv')).rows[0]!;
    id = run.run_id!;
  });

  it('reproduces runs.csv rmse, mae and r2 on each split, and writes the target beside the prediction', () => {
    for (const split of ['train', 'val', 'test']) {
      const p = nnlab(dir, ['predict', 'results/reg', '--run', id, '--split', split]);
      expect(p.code, p.stderr).toBe(0);
      expect(p.stdout).toContain(`${split} split: rmse ${run[`${split}_rmse`]}, mae ${run[`${split}_mae`]}, r2 ${run[`${split}_r2`]} (`);
    }
    const preds = readTable(path.join(dir, 'results/reg/predictions', `${id}.test.csv`));
    expect(preds.columns).toEqual(['row', 'y', 'predicted_y']);
    expect(preds.rows).toHaveLength(120);
    // Real values in y's units (Friedman #1 is ~0-30), not class indices.
    const ys = preds.rows.map((r) => Number(r.predicted_y));
    expect(ys.some((v) => !Number.isInteger(v))).toBe(true);
    const rmse = Math.sqrt(preds.rows.reduce((s, r) => s + (Number(r.y) - Number(r.predicted_y)) ** 2, 0) / preds.rows.length);
    expect(rmse).toBeCloseTo(Number(run.test_rmse), 5);
  });

  it('predicts new rows, with or without their targets; a file of the wrong width is one line, exit 2', () => {
    const rows = [0, 1, 2].map((r) => Array.from({ length: 10 }, (_, i) => ((i + r) * 0.1) % 1).join(','));
    fs.writeFileSync(path.join(dir, 'x.csv'), rows.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'xy.csv'), rows.map((l, i) => `${l},${10 + i}`).join('\n') + '\n');
    const without = nnlab(dir, ['predict', 'results/reg', '--run', id, '--csv', 'x.csv']);
    expect(without.code, without.stderr).toBe(0);
    expect(without.stdout).toContain('3 rows predicted (no target columns, so no rmse, mae or r2)');
    expect(readTable(path.join(dir, 'results/reg/predictions', `${id}.x.csv`)).columns).toEqual(['row', 'predicted_y']);
    const withY = nnlab(dir, ['predict', 'results/reg', '--run', id, '--csv', 'xy.csv']);
    expect(withY.code, withY.stderr).toBe(0);
    expect(withY.stdout).toMatch(/xy\.csv: rmse \d[\d.e-]*, mae \d[\d.e-]*, r2 -?\d[\d.e-]* \(3 rows\)/);
    const out = readTable(path.join(dir, 'results/reg/predictions', `${id}.xy.csv`)).rows;
    expect(out.map((r) => r.y)).toEqual(['10', '11', '12']);
    fs.writeFileSync(path.join(dir, 'narrow.csv'), '1,2,3\n');
    const bad = nnlab(dir, ['predict', 'results/reg', '--run', id, '--csv', 'narrow.csv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('nnlab: --csv narrow.csv: rows have 3 columns, the model takes 10 features; give 10 feature columns (plus, optionally, the target column y)');
  });
});

describe('nnlab predict --csv on a classification run', () => {
  it('refuses a label column that is not a class index of the data, instead of truncating it', () => {
    requireBuild();
    const dir = tmpDir('nnlab-predict-');
    const spec = writeSpec(dir, 'd', 'data: digits\nmodel: { hidden: [8] }\ntrain: { epochs: 1 }\n');
    expect(nnlab(dir, ['run', spec, '--no-report']).code).toBe(0);
    const id = readTable(path.join(dir, 'results/d/runs.csv')).rows[0]!.run_id!;
    const row = Array.from({ length: 64 }, () => 0).join(',');
    fs.writeFileSync(path.join(dir, 'ok.csv'), `${row},3\n${row},7\n`);
    const ok = nnlab(dir, ['predict', 'results/d', '--run', id, '--csv', 'ok.csv']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/ok\.csv: accuracy (0|0\.5|1) \(\d of 2\)/);
    for (const label of ['2.5', '10', '-1']) {
      fs.writeFileSync(path.join(dir, 'bad.csv'), `${row},3\n${row},${label}\n`);
      const bad = nnlab(dir, ['predict', 'results/d', '--run', id, '--csv', 'bad.csv']);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim()).toBe(`nnlab: --csv bad.csv: row 2's label ${label} is not a class index of this run's data (0 to 9)`);
      expect(fs.existsSync(path.join(dir, 'results/d/predictions', `${id}.bad.csv`))).toBe(false);
    }
  });
});

describe('nnlab predict: the results folder is never written over, and bad input is one line', () => {
  let dir: string, plain: string, early: string;
  beforeAll(() => {
    requireBuild();
    dir = tmpDir('nnlab-predict-');
    // Two runs with early stopping: one whose best epoch is its last (no .best file), one with an earlier best.
    const spec = writeSpec(dir, 'd', 'data: digits\nmodel: { hidden: [32] }\ntrain: { epochs: 6, patience: 2 }\nseeds: 2\n');
    expect(nnlab(dir, ['run', spec, '--no-report']).code).toBe(0);
    const models = fs.readdirSync(path.join(dir, 'results/d/models'));
    early = models.find((f) => f.endsWith('.best.safetensors'))!.slice(0, 12);
    plain = readTable(path.join(dir, 'results/d/runs.csv')).rows.map((r) => r.run_id!).find((r) => r !== early)!;
    expect(models).not.toContain(`${plain}.best.safetensors`);
  });
  const run = (args: string[]): [number | null, string, string] => {
    const r = nnlab(dir, ['predict', ...args]);
    return [r.code, r.stdout, r.stderr];
  };

  it('refuses an --out inside the results folder (runs.csv, models) and writes nothing there', () => {
    const before = fs.readFileSync(path.join(dir, 'results/d/runs.csv'), 'utf8');
    for (const out of ['results/d/runs.csv', `results/d/models/${plain}.safetensors`, 'results/d']) {
      expect(run(['results/d', '--run', plain, '--split', 'test', '--out', out])).toEqual([2, '', `nnlab: --out ${out}: is inside the results folder results/d, whose files nnlab keeps; write predictions elsewhere or under results/d/predictions\n`]);
    }
    expect(fs.readFileSync(path.join(dir, 'results/d/runs.csv'), 'utf8')).toBe(before);
    expect(run(['results/d', '--run', plain, '--split', 'test', '--out', 'results/d/predictions/mine.csv'])[0]).toBe(0);
    fs.mkdirSync(path.join(dir, 'adir'));
    expect(run(['results/d', '--run', plain, '--split', 'test', '--out', 'adir'])).toEqual([2, '', 'nnlab: --out adir: is a folder; give a file name, e.g. adir/predictions.csv\n']);
    expect(run(['results/d', '--run', plain, '--split', 'test', '--out', '/proc/nope.csv'])).toEqual([2, '', 'nnlab: /proc/nope.csv: cannot write the predictions there (ENOENT); give --out a file in a folder you can write\n']);
  });

  it('a file or a missing folder instead of a results folder, and too short an id, are one line, exit 2', () => {
    expect(run(['d.yaml', '--run', plain, '--split', 'test'])).toEqual([2, '', 'nnlab: d.yaml: not a folder; pass a results folder such as results/<name>\n']);
    expect(run(['results/nope', '--run', plain, '--split', 'test'])).toEqual([2, '', 'nnlab: results/nope: no such folder; pass a results folder such as results/<name>\n']);
    expect(run(['results/d', '--run', plain.slice(0, 3), '--split', 'test'])).toEqual([2, '', `nnlab: --run ${plain.slice(0, 3)}: give at least 4 characters of a run_id (e.g. ${readTable(path.join(dir, 'results/d/runs.csv')).rows[0]!.run_id!.slice(0, 6)})\n`]);
  });

  it('--weights best when the best epoch was the last uses the final weights and says so; final weights are not set beside a test_accuracy of the best', () => {
    const [code, out] = run(['results/d', '--run', plain, '--split', 'test', '--weights', 'best']);
    expect(code).toBe(0);
    expect(out).toMatch(/final weights \(epoch \d+, the best epoch being the last\), test split: accuracy ([\d.]+) .*\(runs\.csv test_accuracy: \1\)/);
    const [c2, o2] = run(['results/d', '--run', early, '--split', 'test', '--weights', 'final']);
    expect(c2).toBe(0);
    expect(o2).toMatch(/final weights .*\(runs\.csv test_accuracy [\d.]+ is of the best weights\)/);
    // A run with both weight sets names the set in the file: best and final predictions sit side by side.
    const [c3, o3] = run(['results/d', '--run', early, '--split', 'test']);
    expect(c3).toBe(0);
    const files = (o: string): string => /^predictions: (.*)$/m.exec(o)![1]!;
    expect(path.basename(files(o2))).toMatch(/^[0-9a-f]+\.test\.final\.csv$/);
    expect(path.basename(files(o3))).toMatch(/^[0-9a-f]+\.test\.best\.csv$/);
    expect(path.basename(files(out))).toMatch(/^[0-9a-f]+\.test\.csv$/); // one set only: no suffix
  });

  it('a first --csv line with a bad cell is an error naming the cell, not a header skipped in silence', () => {
    const zeros = Array.from({ length: 64 }, () => '0');
    fs.writeFileSync(path.join(dir, 'bad.csv'), `${['abc', ...zeros.slice(1)].join(',')},3\n${zeros.join(',')},4\n`);
    expect(run(['results/d', '--run', plain, '--csv', 'bad.csv'])).toEqual([2, '', 'nnlab: --csv bad.csv line 1, column 1: "abc" is not a finite number; fix that cell\n']);
    fs.writeFileSync(path.join(dir, 'head.csv'), `${zeros.map((_, i) => `p${i}`).join(',')},label\n${zeros.join(',')},4\n`);
    expect(run(['results/d', '--run', plain, '--csv', 'head.csv'])[1]).toMatch(/head\.csv: accuracy [01] \([01] of 1\)/);
  });
});
