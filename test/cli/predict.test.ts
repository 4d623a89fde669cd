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
