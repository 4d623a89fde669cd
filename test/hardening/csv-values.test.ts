/**
 * Numbers in a data CSV that no run can train on (issue #16, item 7). 1e309 is Infinity
 * even as a double, and 1e39 overflows the float32 that training uses; both became runs
 * recorded as "diverged at epoch 0" that were never retried. They are bad input, refused
 * like a non-number: exit 2, one line with the file, the line and the column, nothing written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIRS, cleanTmp, expectRefused, nnlabAsync, requireBuild, tmpDir } from './helpers.js';

afterAll(cleanTmp);
beforeAll(requireBuild);

/** 40 rows of two features and a label; row `at` (0-based, so file line at + 2) gets `cell` in x2. */
function csv(cell: string | null, at = 5): string {
  const rows = Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${i === at && cell !== null ? cell : (i % 5) / 5},${i % 2 === 0 ? 'a' : 'b'}`);
  return 'x1,x2,y\n' + rows.join('\n') + '\n';
}

function specFor(scale: string): string {
  return `name: c\ndata:\n  dataset: csv\n  path: data.csv\n  label: y\n  scale: ${scale}\nmodel: { hidden: [4] }\ntrain: { epochs: 1, batch_size: 4 }\n`;
}

const CASES: [string, string, string][] = [
  ['1e309 (Infinity as a double)', '1e309', 'standardize'],
  ['-1e309', '-1e309', 'unit'],
  ['1e39 with scale: none (overflows float32)', '1e39', 'none'],
  ['1e39 with scaling (still outside float32)', '1e39', 'standardize'],
  ['a 400-digit integer', '9'.repeat(400), 'none'],
];

describe.concurrent('an overflowing number in a data CSV: exit 2 with the line and the column, nothing written', () => {
  it.each(CASES)('%s', async (_label, cell, scale) => {
    const dir = tmpDir('nnlab-csvnum-');
    fs.writeFileSync(path.join(dir, 'data.csv'), csv(cell));
    fs.writeFileSync(path.join(dir, 'c.yaml'), specFor(scale));
    const r = await nnlabAsync(dir, ['run', 'c.yaml', '--workers', '1', ...DIRS]);
    const shown = cell.length > 20 ? `${cell.slice(0, 5)}\\d*` : cell.replace(/[+]/g, '\\+');
    expectRefused(r, dir, new RegExp(`^nnlab: c\\.yaml: data\\.csv line 7, column "x2": "${shown}" is outside the range of 32-bit floats \\(±3\\.4e38\\) that training uses; rescale that column$`));
  });

  it('the largest float32 values are still accepted and train (the limit is not too tight)', async () => {
    const dir = tmpDir('nnlab-csvnum-');
    fs.writeFileSync(path.join(dir, 'data.csv'), csv('3.4e38').replace('\n0,0,a\n', '\n0,-3.4028234663852886e38,a\n'));
    fs.writeFileSync(path.join(dir, 'c.yaml'), specFor('standardize'));
    const r = await nnlabAsync(dir, ['run', 'c.yaml', '--workers', '1', '--no-report', ...DIRS]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'res', 'c', 'runs.csv'), 'utf8')).toMatch(/,completed,1,/);
  });
});
