/**
 * Results folders a user (or another nnlab) changed under us, round 2 (issue #16, items 1–3):
 * CSV files saved back with CRLF line endings, shards of different counts on one folder,
 * and an epochs.csv that was emptied or removed. The invariant: nothing recorded is lost,
 * nothing counts twice, and a run whose rows are gone is noticed the first time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTmp, epochsById, nnlab, nnlabAsync, readTable, requireBuild, runsById, tmpDir, writeSpec } from './helpers.js';

afterAll(cleanTmp);
beforeAll(requireBuild);

// 2 learning rates × 2 seeds (one more with --seeds 3): a few tenths of a second per run.
const SPEC = `data: digits
model: { hidden: [16] }
optimizer: { name: sgd, lr: 0.1 }
train: { epochs: 3, batch_size: 64 }
seeds: 2
sweep:
  optimizer.lr: [0.05, 0.2]
`;
const NO_REPORT = ['--no-report', '--results-dir', 'res'];

function folder(): { dir: string; out: string } {
  const dir = tmpDir();
  writeSpec(dir, 'q', SPEC);
  return { dir, out: path.join(dir, 'res', 'q') };
}

const toCrlf = (file: string): void => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));

describe('a results folder saved back with CRLF line endings (a spreadsheet tool)', () => {
  it('keeps every row: the runs appended after the CRLF rows are read, reported by status, and never re-run', () => {
    const { dir, out } = folder();
    expect(nnlab(dir, ['run', 'q.yaml', '--seeds', '1', ...NO_REPORT]).code).toBe(0);
    toCrlf(path.join(out, 'runs.csv'));
    toCrlf(path.join(out, 'epochs.csv'));
    const second = nnlab(dir, ['run', 'q.yaml', '--seeds', '2', ...NO_REPORT]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe('');
    const runs = runsById(path.join(out, 'runs.csv'));
    expect(runs.size).toBe(4);
    const epochs = epochsById(path.join(out, 'epochs.csv'));
    for (const id of runs.keys()) expect(epochs.get(id)?.map((e) => e.epoch)).toEqual(['0', '1', '2', '3']);

    const status = nnlab(dir, ['status', 'q.yaml', '--seeds', '2', '--results-dir', 'res', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ total: 4, done: 4, pending: 0 });
    // The third run finds all four: nothing deleted, nothing recomputed.
    const before = fs.readFileSync(path.join(out, 'runs.csv'), 'utf8');
    const third = nnlab(dir, ['run', 'q.yaml', '--seeds', '2', ...NO_REPORT]);
    expect(third.stdout).toMatch(/all 4 runs of q are complete/);
    expect(third.stderr).toBe('');
    expect(fs.readFileSync(path.join(out, 'runs.csv'), 'utf8')).toBe(before);
  });

  it('reads a folder left with CRLF rows followed by LF rows (as an older nnlab appended them) whole', () => {
    const { dir, out } = folder();
    expect(nnlab(dir, ['run', 'q.yaml', '--seeds', '2', ...NO_REPORT]).code).toBe(0);
    for (const name of ['runs.csv', 'epochs.csv']) {
      const file = path.join(out, name);
      const [head, first, ...rest] = fs.readFileSync(file, 'utf8').split('\n');
      fs.writeFileSync(file, `${head}\r\n${first}\r\n${rest.join('\n')}`);
    }
    const status = nnlab(dir, ['status', 'q.yaml', '--seeds', '2', '--results-dir', 'res', '--json']);
    expect(status.stderr).toBe('');
    expect(JSON.parse(status.stdout)).toMatchObject({ total: 4, done: 4 });
    const cmp = nnlab(dir, ['compare', 'res/q']);
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(cmp.stderr).toBe('');
    expect(cmp.stdout.match(/\(n=2\)/g)).toHaveLength(2);
  });
});

describe('shards of different counts on one folder', () => {
  it('a shard refuses to start while a shard of another count holds the folder, and names the fix', () => {
    const { dir, out } = folder();
    fs.mkdirSync(out, { recursive: true });
    // A live holder: this test process (its pid exists on this host), as a 0/2 shard.
    const held = path.join(out, '.lock.shard-0-of-2');
    fs.writeFileSync(held, JSON.stringify({ pid: process.pid, host: os.hostname(), since: 'then' }) + '\n');
    const r = nnlab(dir, ['run', 'q.yaml', '--shard', '0/3', ...NO_REPORT]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/in use by nnlab pid \d+ .*remove \.lock\.shard-0-of-2 .*give every shard of a folder the same n/);
    expect(fs.existsSync(path.join(out, 'runs.csv'))).toBe(false);
    expect(fs.existsSync(path.join(out, '.lock.shard-0-of-3'))).toBe(false);
    expect(fs.existsSync(held)).toBe(true);
    // A shard of the same count never shares a run with 0/2, so it may run.
    const same = nnlab(dir, ['run', 'q.yaml', '--shard', '1/2', ...NO_REPORT]);
    expect(same.code, same.stderr).toBe(0);
  });

  it('0/2 and 0/3 started together on one folder never record a run twice', async () => {
    const dir = tmpDir();
    writeSpec(dir, 'q', SPEC.replace('seeds: 2', 'seeds: 6').replace('epochs: 3', 'epochs: 6'));
    const out = path.join(dir, 'res', 'q');
    const args = (shard: string): string[] => ['run', 'q.yaml', '--shard', shard, '--workers', '1', ...NO_REPORT];
    const [a, b] = await Promise.all([nnlabAsync(dir, args('0/2')), nnlabAsync(dir, args('0/3'))]);
    // One may refuse the other (exit 1, the lock named), or they ran one after the other; never both on the same runs.
    expect([a.code, b.code].filter((c) => c === 0).length, `${a.stderr}\n${b.stderr}`).toBeGreaterThanOrEqual(1);
    for (const r of [a, b]) if (r.code !== 0) expect(r.stderr).toMatch(/give every shard of a folder the same n/);
    const rows = readTable(path.join(out, 'runs.csv')).rows;
    expect(new Set(rows.map((r) => r.run_id)).size).toBe(rows.length);
    const epochs = readTable(path.join(out, 'epochs.csv')).rows;
    expect(new Set(epochs.map((e) => `${e.run_id}/${e.epoch}`)).size).toBe(epochs.length);
  });

  it('duplicated rows (left by overlapping shards of an older nnlab) count once in compare and status, and the next run removes them', () => {
    const { dir, out } = folder();
    expect(nnlab(dir, ['run', 'q.yaml', ...NO_REPORT]).code).toBe(0);
    for (const name of ['runs.csv', 'epochs.csv']) {
      const file = path.join(out, name);
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
      fs.appendFileSync(file, lines.slice(1, 3).join('\n') + '\n'); // the first two rows again
    }
    const cmp = nnlab(dir, ['compare', 'res/q']);
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(cmp.stdout.match(/\(n=2\)/g)).toHaveLength(2);
    expect(cmp.stderr).toMatch(/runs\.csv: runs? [\w, ]+ appears? more than once; keeping the last row of each/);
    const status = nnlab(dir, ['status', 'q.yaml', '--results-dir', 'res', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ total: 4, done: 4, extra: 0 });
    const run = nnlab(dir, ['run', 'q.yaml', ...NO_REPORT]);
    expect(run.stdout).toMatch(/all 4 runs of q are complete/);
    expect(readTable(path.join(out, 'runs.csv')).rows).toHaveLength(4);
    expect(readTable(path.join(out, 'epochs.csv')).rows).toHaveLength(16);
    // The report reads the folder the same way.
    const rep = nnlab(dir, ['report', 'res/q', '--reports-dir', 'rep']);
    expect(rep.code, rep.stderr).toBe(0);
  });
});

describe('an emptied or missing epochs.csv', () => {
  for (const [what, damage] of [
    ['emptied (: > epochs.csv)', (f: string) => fs.writeFileSync(f, '')],
    ['removed', (f: string) => fs.rmSync(f)],
    ['left with its header only', (f: string) => fs.writeFileSync(f, fs.readFileSync(f, 'utf8').split('\n')[0] + '\n')],
  ] as const) {
    it(`${what}: the first nnlab run notices it and re-runs every completed run`, () => {
      const { dir, out } = folder();
      expect(nnlab(dir, ['run', 'q.yaml', ...NO_REPORT]).code).toBe(0);
      const reference = runsById(path.join(out, 'runs.csv'));
      damage(path.join(out, 'epochs.csv'));
      const r = nnlab(dir, ['run', 'q.yaml', ...NO_REPORT]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/epochs\.csv: runs .* lost epoch rows; they will re-run/);
      expect(r.stdout).toMatch(/4 of 4 runs to do/);
      expect(runsById(path.join(out, 'runs.csv'))).toEqual(reference);
      const epochs = epochsById(path.join(out, 'epochs.csv'));
      expect([...epochs.keys()].sort()).toEqual([...reference.keys()].sort());
      for (const rows of epochs.values()) expect(rows).toHaveLength(4);
    });
  }
});
