import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CIRCLES_SWEEP, DIGITS_SWEEP, epochsById, nnlab, readTable, requireBuild, runsById, tmpDir, writeSpec } from './helpers.js';

beforeAll(requireBuild);

const NO_REPORT = ['--no-report', '--results-dir', 'res', '--reports-dir', 'rep'];

describe('nnlab run', () => {
  it('trains every run, writes both tables, and a second run has nothing to do', () => {
    const dir = tmpDir();
    writeSpec(dir, 'tiny', DIGITS_SWEEP);
    const r = nnlab(dir, ['run', 'tiny.yaml', '--workers', '2', ...NO_REPORT]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // One plain line per finished run when stdout is not a terminal.
    expect(r.stdout.split('\n').filter((l) => /^\[\d\/4\] [0-9a-f]{12} completed val_acc=\d\.\d{4} /.test(l))).toHaveLength(4);
    const out = path.join(dir, 'res', 'tiny');
    const runs = readTable(path.join(out, 'runs.csv'));
    expect(runs.columns.slice(0, 4)).toEqual(['run_id', 'variant', 'optimizer.lr', 'seed']);
    expect(runs.rows).toHaveLength(4);
    expect(new Set(runs.rows.map((x) => `${x['optimizer.lr']}/${x.seed}`))).toEqual(new Set(['0.05/1', '0.05/2', '0.2/1', '0.2/2']));
    for (const row of runs.rows) {
      expect(row.status).toBe('completed');
      expect(Number(row.val_accuracy)).toBeGreaterThan(0.2); // 10 classes: well above chance after 2 epochs
    }
    const epochs = readTable(path.join(out, 'epochs.csv'));
    // hidden [16] → 2 Dense layers → L1_*, L2_* columns; epochs 0..2 per run.
    expect(epochs.columns).toContain('L2_weight_norm');
    expect(epochs.columns).not.toContain('L3_weight_norm');
    expect(epochs.rows).toHaveLength(4 * 3);
    const env = JSON.parse(fs.readFileSync(path.join(out, 'environment.json'), 'utf8'));
    expect(env.node_version).toBe(process.version);
    expect(env.cpu_count).toBe(os.cpus().length);
    expect(env.workers).toBe(2);
    expect(typeof env.finished_at).toBe('string');
    const secs = runs.rows.reduce((s, x) => s + Number(x.seconds), 0);
    expect(env.compute_seconds).toBeCloseTo(secs, 2);
    const spec = fs.readFileSync(path.join(out, 'spec.yaml'), 'utf8');
    expect(spec.endsWith(fs.readFileSync(path.join(dir, 'tiny.yaml'), 'utf8'))).toBe(true);
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);

    const again = nnlab(dir, ['run', 'tiny.yaml', ...NO_REPORT]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('all 4 runs of tiny are complete — nothing to do');
    expect(readTable(path.join(out, 'runs.csv')).rows).toHaveLength(4);
    expect(readTable(path.join(out, 'epochs.csv')).rows).toHaveLength(12);
  });

  it('gives identical numbers for every run with 1 and with 2 workers', () => {
    const dir = tmpDir();
    writeSpec(dir, 'det', CIRCLES_SWEEP);
    expect(nnlab(dir, ['run', 'det.yaml', '--workers', '1', '--no-report', '--results-dir', 'w1']).code).toBe(0);
    expect(nnlab(dir, ['run', 'det.yaml', '--workers', '2', '--no-report', '--results-dir', 'w2']).code).toBe(0);
    const a = runsById(path.join(dir, 'w1', 'det', 'runs.csv'));
    const b = runsById(path.join(dir, 'w2', 'det', 'runs.csv'));
    expect(a.size).toBe(6);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [id, row] of a) expect(b.get(id)).toEqual(row);
    const ea = epochsById(path.join(dir, 'w1', 'det', 'epochs.csv'));
    const eb = epochsById(path.join(dir, 'w2', 'det', 'epochs.csv'));
    for (const [id, rows] of ea) expect(eb.get(id)).toEqual(rows);
    // Different seeds and lrs really produce different numbers (the comparison is not vacuous).
    expect(new Set([...a.values()].map((r) => r.val_loss)).size).toBeGreaterThan(1);
  });

  it('exits 2 with a one-line file:line:col message and writes nothing for an invalid spec', () => {
    const dir = tmpDir();
    writeSpec(dir, 'bad', 'data:\n  dataset: digits\nmodle:\n  hidden: [4]\n');
    const r = nnlab(dir, ['run', 'bad.yaml', '--results-dir', 'res', '--reports-dir', 'rep']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^nnlab: bad\.yaml:4:1: .*modle/);
    expect(fs.existsSync(path.join(dir, 'res'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'rep'))).toBe(false);

    const flag = nnlab(dir, ['run', 'bad.yaml', '--shard', '3/3']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/^nnlab: --shard 3\/3: index 3 is out of range 0\.\.2/);
    // A data file that is not there: also bad input, one line, no runs recorded.
    writeSpec(dir, 'nodata', 'data:\n  dataset: csv\n  path: missing.csv\n  label: y\nmodel:\n  hidden: [4]\n');
    const data = nnlab(dir, ['run', 'nodata.yaml', '--results-dir', 'res', '--no-report']);
    expect(data.code).toBe(2);
    expect(data.stderr).toMatch(/^nnlab: nodata\.yaml: data\.path: cannot read .*missing\.csv \(ENOENT\); check the path\n$/);
    expect(fs.existsSync(path.join(dir, 'res', 'nodata'))).toBe(false);
    const missing = nnlab(dir, ['validate', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('nnlab: nope.yaml: no such spec file; check the path');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('csv data: model.sizes that do not start with its features and end with its classes are refused once the file is read', () => {
    const dir = tmpDir();
    // 2 features, 2 classes.
    fs.writeFileSync(path.join(dir, 'd.csv'), 'a,b,label\n' + Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`).join('\n') + '\n');
    const spec = (model: string, extra = '') => `data: { dataset: csv, path: d.csv, label: label }\nmodel: ${model}\ntrain: { epochs: 1 }\n${extra}`;
    const cases: [string, string, string[]][] = [
      ['base', spec('{ sizes: [99, 4, 7] }'), []],
      ['swept', spec('{ sizes: [2, 4, 2] }', 'sweep:\n  model.sizes: [[2, 4, 2], [3, 8, 2]]\n'), []],
      ['override', spec('{ hidden: [4] }'), ['--set', 'model.sizes=[2, 8, 3]']],
    ];
    const want = { base: '[99,4,7]', swept: '[3,8,2]', override: '[2,8,3]' } as Record<string, string>;
    for (const [name, text, flags] of cases) {
      writeSpec(dir, name, text);
      const r = nnlab(dir, ['run', `${name}.yaml`, '--results-dir', 'res', '--no-report', ...flags]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toBe(`nnlab: ${name}.yaml: model.sizes: layer sizes ${want[name]} do not fit the dataset: d.csv has 2 input features and 2 classes, so sizes must start with 2 and end with 2\n`);
    }
    expect(fs.existsSync(path.join(dir, 'res'))).toBe(false);
    writeSpec(dir, 'good', spec('{ sizes: [2, 4, 2] }'));
    const ok = nnlab(dir, ['run', 'good.yaml', '--results-dir', 'res', '--no-report']);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('a folder flag naming a file is bad input: exit 2, one line with the fix, nothing written', () => {
    const dir = tmpDir();
    writeSpec(dir, 'ff', CIRCLES_SWEEP);
    fs.writeFileSync(path.join(dir, 'afile'), 'x');
    const cases: [string[], string][] = [
      [['--results-dir', 'afile'], 'nnlab: --results-dir afile: is a file, not a folder; pass a folder (it is created if missing)\n'],
      [['--results-dir', path.join('afile', 'sub')], `nnlab: --results-dir ${path.join('afile', 'sub')}: afile is a file, not a folder; pass a folder (it is created if missing)\n`],
      [['--results-dir', 'res', '--reports-dir', 'afile'], 'nnlab: --reports-dir afile: is a file, not a folder; pass a folder (it is created if missing)\n'],
    ];
    for (const [flags, line] of cases) {
      const r = nnlab(dir, ['run', 'ff.yaml', ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toBe(line);
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['afile', 'ff.yaml']);
  });

  it('refuses a bad NNLAB_BACKEND up front: exit 2, one line with the fix, nothing written (run and bench)', () => {
    const dir = tmpDir();
    writeSpec(dir, 'env', CIRCLES_SWEEP);
    const want = 'nnlab: NNLAB_BACKEND must be "js", "wasm" or "native", got "gpu"; unset it for the fastest SIMD kernels (native, else WebAssembly: the same numbers), or set NNLAB_BACKEND=js for the plain-JS reference\n';
    const r = nnlab(dir, ['run', 'env.yaml', '--results-dir', 'res', '--reports-dir', 'rep'], { NNLAB_BACKEND: 'gpu' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(want);
    expect(r.stdout).toBe('');
    expect(fs.existsSync(path.join(dir, 'res'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'rep'))).toBe(false);
    // The benchmark loads the kernels in its own process: the same line, not an "unexpected error".
    const b = nnlab(dir, ['bench', '--quick', '--no-numpy'], { NNLAB_BACKEND: 'gpu' });
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(want);
    // Case does not matter for the valid values.
    const ok = nnlab(dir, ['run', 'env.yaml', '--results-dir', 'res', '--no-report', '--seeds', '1'], { NNLAB_BACKEND: 'JS' });
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('--dry-run lists the runs and writes nothing', () => {
    const dir = tmpDir();
    writeSpec(dir, 'dry', CIRCLES_SWEEP);
    const r = nnlab(dir, ['run', 'dry.yaml', '--dry-run', '--results-dir', 'res', '--seeds', '2']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').slice(1);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^[0-9a-f]{12} {2}optimizer\.lr=0\.1 {2}seed=0$/);
    expect(fs.existsSync(path.join(dir, 'res'))).toBe(false);
  });

  it('records a diverging run as diverged and finishes the others', () => {
    const dir = tmpDir();
    writeSpec(dir, 'boom', CIRCLES_SWEEP.replace('[0.1, 0.5]', '[0.1, 1.0e+30]').replace('seeds: [1, 2, 3]', 'seeds: [1]'));
    const r = nnlab(dir, ['run', 'boom.yaml', '--workers', '2', ...NO_REPORT]);
    expect(r.code).toBe(0);
    const rows = readTable(path.join(dir, 'res', 'boom', 'runs.csv')).rows;
    const byLr = new Map(rows.map((x) => [x['optimizer.lr'], x]));
    expect(byLr.get('0.1')!.status).toBe('completed');
    expect(byLr.get('1e+30')!.status).toBe('diverged');
    expect(Number(byLr.get('1e+30')!.diverged_epoch)).toBeGreaterThanOrEqual(0);
    expect(r.stdout).toMatch(/diverged val_acc=/);
    // A diverged run is a result: it is not re-run.
    expect(nnlab(dir, ['run', 'boom.yaml', ...NO_REPORT]).stdout).toContain('all 2 runs of boom are complete');
  });
});

describe('nnlab run: locks', () => {
  it('refuses while another live process holds the lock, and clears a stale one', () => {
    const dir = tmpDir();
    writeSpec(dir, 'locked', CIRCLES_SWEEP.replace('seeds: [1, 2, 3]', 'seeds: [1]'));
    const out = path.join(dir, 'res', 'locked');
    fs.mkdirSync(out, { recursive: true });
    // This test process is alive on this host: a real holder.
    fs.writeFileSync(path.join(out, '.lock'), JSON.stringify({ pid: process.pid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const refused = nnlab(dir, ['run', 'locked.yaml', ...NO_REPORT]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `nnlab: ${path.join('res', 'locked')} is in use by nnlab pid ${process.pid} on host ${os.hostname()} since 2026-01-01T00:00:00.000Z; wait for it or remove .lock if that process is gone`,
    );
    expect(fs.existsSync(path.join(out, 'runs.csv'))).toBe(false);

    // A pid that has exited: stale.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    fs.writeFileSync(path.join(out, '.lock'), JSON.stringify({ pid: deadPid, host: os.hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const ok = nnlab(dir, ['run', 'locked.yaml', ...NO_REPORT]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain(`removed a stale lock`);
    expect(ok.stderr).toContain(`pid ${deadPid}`);
    expect(readTable(path.join(out, 'runs.csv')).rows).toHaveLength(2);
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
  });
});

describe('nnlab run: damaged and changed results', () => {
  it('drops a cut-off runs.csv line with a warning and re-runs that run once', () => {
    const dir = tmpDir();
    writeSpec(dir, 'cut', CIRCLES_SWEEP);
    expect(nnlab(dir, ['run', 'cut.yaml', ...NO_REPORT]).code).toBe(0);
    const file = path.join(dir, 'res', 'cut', 'runs.csv');
    const full = runsById(file);
    const text = fs.readFileSync(file, 'utf8');
    const lastId = text.trimEnd().split('\n').pop()!.split(',')[0]!;
    fs.writeFileSync(file, text.slice(0, text.length - 20)); // cut mid-line, as a crash would
    const r = nnlab(dir, ['run', 'cut.yaml', ...NO_REPORT]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/runs\.csv: last line is incomplete/);
    expect(r.stderr).toMatch(/epochs\.csv: removing 3 epoch rows of runs that never finished writing/);
    expect(r.stdout).toMatch(/1 of 6 runs to do/);
    expect(r.stdout).toContain(lastId);
    const after = runsById(file);
    expect(after).toEqual(full);
    const epochs = epochsById(path.join(dir, 'res', 'cut', 'epochs.csv'));
    for (const id of full.keys()) expect(epochs.get(id)!.map((e) => e.epoch)).toEqual(['0', '1', '2']);
  });

  it('retries failed runs so each appears once; refuses a sweep with different columns', () => {
    const dir = tmpDir();
    writeSpec(dir, 'retry', CIRCLES_SWEEP.replace('seeds: [1, 2, 3]', 'seeds: [1]'));
    expect(nnlab(dir, ['run', 'retry.yaml', ...NO_REPORT]).code).toBe(0);
    const file = path.join(dir, 'res', 'retry', 'runs.csv');
    const good = runsById(file);
    const [firstId] = good.keys();
    // Mark one run failed, as a crashed worker would have left it.
    const text = fs.readFileSync(file, 'utf8').split('\n').map((l) => (l.startsWith(firstId!) ? l.replace(',completed,', ',failed,') : l)).join('\n');
    fs.writeFileSync(file, text);
    const r = nnlab(dir, ['run', 'retry.yaml', ...NO_REPORT]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 of 2 runs to do \(1 already recorded, retrying 1 failed\)/);
    expect(runsById(file)).toEqual(good);
    expect(epochsById(path.join(dir, 'res', 'retry', 'epochs.csv')).get(firstId!)).toHaveLength(3);

    // Sweeping another key changes runs.csv's columns: refuse, suggest --force.
    writeSpec(dir, 'retry', CIRCLES_SWEEP.replace('optimizer.lr: [0.1, 0.5]', 'train.batch_size: [16, 32]'));
    const bad = nnlab(dir, ['run', 'retry.yaml', ...NO_REPORT]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^nnlab: .*runs\.csv has columns .* rerun with --force .* another name\n$/);
    // --force moves the old results aside and starts over.
    const forced = nnlab(dir, ['run', 'retry.yaml', '--force', ...NO_REPORT]);
    expect(forced.code).toBe(0);
    const backups = fs.readdirSync(path.join(dir, 'res', 'retry')).filter((n) => n.startsWith('backup-'));
    expect(backups).toHaveLength(1);
    expect(runsById(path.join(dir, 'res', 'retry', backups[0]!, 'runs.csv'))).toEqual(good);
    expect(readTable(file).columns[2]).toBe('train.batch_size');
    expect(readTable(file).rows).toHaveLength(6);
  });
});
