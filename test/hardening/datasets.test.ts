/**
 * Broken data files through the real CLI: a spec that is fine, pointing at data
 * that is not. MNIST fixtures come in through NNLAB_MNIST_DIR (src/data/mnist.ts);
 * CSV files through data.path. A data file is input like the spec: exit 2, one
 * line naming the file and what is wrong with it, no stack trace, and nothing
 * written — the results and reports folders are not created.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_FILES, mnistDir } from '../../src/data/mnist.js';
import { DIRS, expectRefused, nnlabAsync, requireBuild, tmpDir, cleanTmp } from './helpers.js';

afterAll(cleanTmp);

beforeAll(requireBuild);

const REAL = mnistDir();
const F = MNIST_FILES;

const MNIST_SPEC = 'name: m\ndata: { dataset: mnist, train_size: 100 }\nmodel: { hidden: [4] }\ntrain: { epochs: 1, batch_size: 50 }\n';

/** A folder with the four MNIST files: the real ones (symlinked) except those given. */
function mnistFixture(dir: string, replace: Partial<Record<keyof typeof F, Uint8Array | null>>): string {
  const m = path.join(dir, 'mnist');
  fs.mkdirSync(m);
  for (const key of Object.keys(F) as (keyof typeof F)[]) {
    const name = F[key].name;
    if (!(key in replace)) fs.symlinkSync(path.join(REAL, name), path.join(m, name));
    else if (replace[key] !== null) fs.writeFileSync(path.join(m, name), replace[key]!);
  }
  return m;
}

const real = (key: keyof typeof F): Buffer => fs.readFileSync(path.join(REAL, F[key].name));

function withByte(b: Buffer, at: number, value: number): Buffer {
  const c = Buffer.from(b);
  c[at] = value;
  return c;
}

const MNIST_CASES: [string, Partial<Record<keyof typeof F, Uint8Array | null>>, RegExp][] = [
  ['all four files missing', { trainImages: null, trainLabels: null, testImages: null, testLabels: null }, /MNIST: \S+\/mnist\/train-images-idx3-ubyte is missing; run `npm install`/],
  ['the test labels missing', { testLabels: null }, /MNIST: \S+\/mnist\/t10k-labels-idx1-ubyte is missing/],
  ['truncated images (a download cut short)', { trainImages: real('trainImages').subarray(0, 1_000_000) }, /MNIST: \S+\/mnist\/train-images-idx3-ubyte is truncated: 1000000 bytes, expected 47040016/],
  ['truncated labels', { trainLabels: real('trainLabels').subarray(0, 60007) }, /MNIST: \S+\/mnist\/train-labels-idx1-ubyte is truncated: 60007 bytes, expected 60008/],
  ['an empty file', { testImages: new Uint8Array(0) }, /MNIST: \S+\/mnist\/t10k-images-idx3-ubyte is truncated: 0 bytes/],
  ['wrong magic number (images where labels belong)', { trainLabels: withByte(real('trainLabels'), 3, 0x03) }, /MNIST: \S+\/mnist\/train-labels-idx1-ubyte: wrong magic number 0x00000803 \(expected 0x00000801 for an IDX1 ubyte label file\)/],
  ['wrong magic number (a gzip file)', { testImages: Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), real('testImages').subarray(4)]) }, /MNIST: \S+\/mnist\/t10k-images-idx3-ubyte: wrong magic number 0x1f8b0800/],
  ['a header that does not match the size', { trainLabels: withByte(real('trainLabels'), 7, 0x5f) }, /MNIST: \S+\/mnist\/train-labels-idx1-ubyte: corrupted: header says 59999 = 59999 label bytes but the file has 60000/],
  ['a label outside 0..9', { testLabels: withByte(real('testLabels'), 8 + 123, 200) }, /MNIST: \S+\/mnist\/t10k-labels-idx1-ubyte is corrupted: label 123 is 200, expected 0\.\.9/],
  ['a file that is a folder', { trainLabels: null }, /MNIST: \S+\/mnist\/train-labels-idx1-ubyte is not a file; run `npm install`/],
];

describe.concurrent('broken MNIST files (NNLAB_MNIST_DIR): exit 2, one line naming the file, nothing written', () => {
  it.each(MNIST_CASES)('%s', async (label, replace, message) => {
    const dir = tmpDir('nnlab-mnist-');
    const m = mnistFixture(dir, replace);
    if (label === 'a file that is a folder') fs.mkdirSync(path.join(m, F.trainLabels.name));
    fs.writeFileSync(path.join(dir, 'm.yaml'), MNIST_SPEC);
    const r = await nnlabAsync(dir, ['run', 'm.yaml', '--workers', '1', ...DIRS], { NNLAB_MNIST_DIR: m });
    expectRefused(r, dir, new RegExp(`^nnlab: m\\.yaml: ${message.source}`), label);
  });
});

/** [case, CSV text (or bytes), extra data: lines, what the line must say]. */
const CSV_CASES: [string, string | Uint8Array, string, RegExp][] = [
  ['the file does not exist', '', 'path: nope.csv', /data\.path: cannot read \S+\/nope\.csv \(ENOENT\); check the path/],
  ['the path is a folder', '', 'path: folder.csv', /data\.path: cannot read \S+\/folder\.csv \(EISDIR\)/],
  ['ragged rows', 'x1,x2,y\n1,2,a\n3,b\n5,6,b\n', '', /data\.csv line 3: ragged row with 2 cells, expected 3 like line 1; fix that row/],
  ['a row with too many cells', 'x1,x2,y\n1,2,a\n3,4,b,9\n', '', /data\.csv line 3: ragged row with 4 cells, expected 3/],
  ['an empty cell', 'x1,x2,y\n1,,a\n3,4,b\n', '', /data\.csv line 2, column "x2": empty cell; fill it in or drop the row/],
  ['an empty label', 'x1,x2,y\n1,2,\n3,4,b\n', '', /data\.csv line 2, column "y": empty cell/],
  ['text in a numeric column', 'x1,x2,y\n1,2,a\n3,four,b\n', '', /data\.csv line 3, column "x2": "four" is not a number/],
  ['a number with a unit', 'x1,x2,y\n1,2kg,a\n3,4,b\n', '', /data\.csv line 2, column "x2": "2kg" is not a number/],
  ['Latin-1 bytes in a number', new Uint8Array([...Buffer.from('x1,x2,y\n1,2,a\n3,4'), 0xb5, ...Buffer.from(',b\n')]), '', /data\.csv line 3, column "x2": "4\uFFFD" is not a number/],
  ['a label column that does not exist', 'x1,x2,y\n1,2,a\n3,4,b\n', 'label: species', /data\.csv: data\.label column "species" not found; the columns are "x1", "x2", "y"/],
  ['a label index past the last column', 'x1,x2,y\n1,2,a\n3,4,b\n', 'label: 3', /data\.csv: data\.label 3 is not a column index; the file has 3 columns \(0\.\.2\)/],
  ['a label name without a header', '1,2,a\n3,4,b\n', 'label: y\n  header: false', /data\.csv: data\.label column "y" not found; the file has no header/],
  ['an empty file', '', '', /data\.csv: the file is empty/],
  ['a header and no rows', 'x1,x2,y\n', '', /data\.csv: no data rows after the header/],
  ['a single class', 'x1,x2,y\n1,2,a\n3,4,a\n', '', /data\.csv: the label column "y" has a single value "a"; classification needs at least 2 classes/],
  ['an unclosed quote', 'x1,x2,y\n1,2,a\n"3,4,b\n', '', /data\.csv line \d+: .*; fix the quoting of that line/],
];

describe.concurrent('broken CSV files (data.path): exit 2, one line naming the file and the line, nothing written', () => {
  it.each(CSV_CASES)('%s', async (label, content, extra, message) => {
    const dir = tmpDir('nnlab-csv-');
    if (label === 'the path is a folder') fs.mkdirSync(path.join(dir, 'folder.csv'));
    else if (!/path: /.test(extra)) fs.writeFileSync(path.join(dir, 'data.csv'), content);
    const data = /path: /.test(extra) ? `  dataset: csv\n  ${extra}\n  label: y\n` : `  dataset: csv\n  path: data.csv\n` + (/label: /.test(extra) ? `  ${extra}\n` : '  label: y\n');
    fs.writeFileSync(path.join(dir, 'c.yaml'), `name: c\ndata:\n${data}model: { hidden: [4] }\ntrain: { epochs: 1, batch_size: 1 }\n`);
    const before = fs.readdirSync(dir).sort();
    const r = await nnlabAsync(dir, ['run', 'c.yaml', '--workers', '1', ...DIRS]);
    expectRefused(r, dir, new RegExp(`^nnlab: c\\.yaml: ${message.source}`), label);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('a good CSV next to these trains (the fixtures are not broken by construction)', async () => {
    const dir = tmpDir('nnlab-csv-');
    const rows = Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2 === 0 ? 'a' : 'b'}`);
    fs.writeFileSync(path.join(dir, 'data.csv'), 'x1,x2,y\n' + rows.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'c.yaml'), 'name: c\ndata:\n  dataset: csv\n  path: data.csv\n  label: y\nmodel: { hidden: [4] }\ntrain: { epochs: 1, batch_size: 4 }\n');
    const r = await nnlabAsync(dir, ['run', 'c.yaml', '--workers', '1', '--no-report', ...DIRS]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'res', 'c', 'runs.csv'), 'utf8')).toMatch(/,completed,1,/);
  });
});
