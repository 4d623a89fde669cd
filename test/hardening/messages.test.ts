/**
 * Misleading messages and behaviours (issue #16, item 11): each case gives the line that says
 * what is wrong and how to fix it (exit 2, nothing written), or behaves as a user expects.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanTmp, DIRS, expectRefused, nnlab, nnlabAsync, readTable, requireBuild, runsById, tmpDir, writeSpec } from './helpers.js';

afterAll(cleanTmp);
beforeAll(requireBuild);

const csvSpec = (file: string): string => `name: c\ndata:\n  dataset: csv\n  path: ${file}\n  label: y\nmodel: { hidden: [4] }\ntrain: { epochs: 1, batch_size: 1 }\n`;

describe.concurrent('a spec or data file that is wrong: the line says what and how to fix it', () => {
  it('more than 64 hidden layers names the limit', async () => {
    const dir = tmpDir();
    writeSpec(dir, 'deep', `data: digits\nmodel: { hidden: [${Array(65).fill(4).join(', ')}] }\n`);
    expectRefused(await nnlabAsync(dir, ['run', 'deep.yaml', ...DIRS]), dir, /^nnlab: deep\.yaml:3:18: model\.hidden has 65 hidden layers; at most 64 are allowed$/);
  });

  it('a 2-row CSV says the data is too small (not "val_size: 1 is out of range (allowed 1..0)")', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'two.csv'), 'x1,x2,y\n1,2,a\n3,4,b\n');
    fs.writeFileSync(path.join(dir, 'c.yaml'), csvSpec('two.csv'));
    expectRefused(
      await nnlabAsync(dir, ['run', 'c.yaml', ...DIRS]),
      dir,
      /^nnlab: c\.yaml: two\.csv: the data is too small: 2 samples, but training, validation and test need one sample each \(3 in all\); use a file with more rows$/,
    );
  });

  it('a test_fraction that leaves no room for training says so', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'three.csv'), 'x1,x2,y\n1,2,a\n3,4,b\n5,6,a\n');
    fs.writeFileSync(path.join(dir, 'c.yaml'), csvSpec('three.csv').replace('  label: y\n', '  label: y\n  test_fraction: 0.8\n'));
    expectRefused(await nnlabAsync(dir, ['run', 'c.yaml', ...DIRS]), dir, /^nnlab: c\.yaml: data\.test_fraction: 0\.8 sends 2 of the 3 samples to test, leaving fewer than 2 for training and validation; lower test_fraction or use more rows$/);
  });

  it('a UTF-16 CSV names the encoding (not "label not found")', async () => {
    const dir = tmpDir();
    const text = 'x1,x2,y\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2 ? 'a' : 'b'}`).join('\n') + '\n';
    fs.writeFileSync(path.join(dir, 'u16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'nobom.csv'), Buffer.from(text, 'utf16le'));
    fs.writeFileSync(path.join(dir, 'c.yaml'), csvSpec('u16.csv'));
    fs.writeFileSync(path.join(dir, 'd.yaml'), csvSpec('nobom.csv').replace('name: c', 'name: d'));
    expectRefused(await nnlabAsync(dir, ['run', 'c.yaml', ...DIRS]), dir, /^nnlab: c\.yaml: u16\.csv: the file is UTF-16; save it as UTF-8 \(e\.g\. "CSV UTF-8" in a spreadsheet tool\)$/);
    expectRefused(await nnlabAsync(dir, ['run', 'd.yaml', ...DIRS]), dir, /^nnlab: d\.yaml: nobom\.csv: the file is not text \(it has NUL bytes; UTF-16\?\); save it as UTF-8/);
  });

  it('validate reads a csv spec\'s file: a missing one fails there, not only at run time', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'c.yaml'), csvSpec('missing.csv'));
    expectRefused(await nnlabAsync(dir, ['validate', 'c.yaml']), dir, /^nnlab: c\.yaml: data\.path: cannot read \S+\/missing\.csv \(ENOENT\); check the path$/);
    // A good file still validates, without a note.
    fs.writeFileSync(path.join(dir, 'ok.csv'), 'x1,x2,y\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2 ? 'a' : 'b'}`).join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'ok.yaml'), csvSpec('ok.csv'));
    const ok = await nnlabAsync(dir, ['validate', 'ok.yaml']);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe('ok.yaml: ok — c, 1 run\n');
  });

  for (const [label, yaml, message] of [
    ['in a { } mapping', 'model: { hidden: [4], init: { weights: normal(0,01) } }\n', /^nnlab: n\.yaml:3:49: unknown key "01\)" in model\.init — it looks like part of an expression cut by a comma: inside \{ \} or \[ \] YAML splits unquoted values on commas, so quote the whole expression, e\.g\. "normal\(0, 0\.01\)"$/],
    ['in a [ ] sweep list', 'model: { hidden: [4] }\nsweep:\n  model.init.weights: [normal(0,01), he_normal]\n', /^nnlab: n\.yaml:5:24: model\.init\.weights "normal\(0" is not an initializer — it looks like part of an expression cut by a comma/],
  ] as const) {
    it(`normal(0,01) ${label} says the comma cut it (not unknown key "01)" alone)`, async () => {
      const dir = tmpDir();
      writeSpec(dir, 'n', `data: digits\n${yaml}`);
      expectRefused(await nnlabAsync(dir, ['run', 'n.yaml', ...DIRS]), dir, message);
    });
  }
});

describe.concurrent('the hint for a sweep value that is not a list', () => {
  it('loguniform(0.0001, 1) without a search asks for one, and is never suggested as [loguniform(0.0001, 1)], which is invalid', async () => {
    const dir = tmpDir();
    writeSpec(dir, 'lu', 'data: digits\nmodel: { hidden: [4] }\nsweep:\n  optimizer.lr: loguniform(0.0001, 1)\n');
    const line = expectRefused(
      await nnlabAsync(dir, ['run', 'lu.yaml', ...DIRS]),
      dir,
      /^nnlab: lu\.yaml:5:17: a random search needs a number of trials: add search: \{ method: random, trials: 16 \} \(or pass --trials 16\)$/,
    );
    expect(line).not.toContain('["loguniform');
  });

  it('a single valid value is still suggested in brackets', async () => {
    const dir = tmpDir();
    writeSpec(dir, 'one', 'data: digits\nmodel: { hidden: [4] }\nsweep:\n  optimizer.lr: 0.1\n');
    expectRefused(await nnlabAsync(dir, ['run', 'one.yaml', ...DIRS]), dir, /^nnlab: one\.yaml:5:17: sweep optimizer\.lr must be a list of values, e\.g\. \[0\.1\], got 0\.1$/);
  });
});

describe('nnlab compare given the wrong thing', () => {
  it('a spec file is answered with its results folder (results/<name>), not the spec\'s folder', () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'experiments'));
    fs.writeFileSync(path.join(dir, 'experiments', 'xavier.yaml'), 'name: xavier-init\ndata: digits\n');
    const r = nnlab(dir, ['compare', 'experiments/xavier.yaml']);
    expectRefused(r, dir, /^nnlab: experiments\/xavier\.yaml: a spec file; compare takes the results folder of a run, e\.g\. nnlab compare results\/xavier-init$/);
  });

  it('--metric test_acc gets a "did you mean"', () => {
    const dir = tmpDir();
    writeSpec(dir, 'm', 'data: digits\nmodel: { hidden: [4] }\ntrain: { epochs: 1, batch_size: 64 }\nseeds: 1\n');
    expect(nnlab(dir, ['run', 'm.yaml', '--no-report', '--results-dir', 'res']).code).toBe(0);
    const r = nnlab(dir, ['compare', 'res/m', '--metric', 'test_acc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nnlab: --metric test_acc: unknown metric — did you mean "test_accuracy"? Use one of train_loss, train_accuracy, val_loss, val_accuracy, best_val_accuracy, test_accuracy\n');
  });
});

describe('a read-only filesystem', () => {
  const canMount = spawnSync('unshare', ['-rm', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs tmpfs "$d" && umount "$d"; s=$?; rmdir "$d"; exit $s']).status === 0;

  it.skipIf(!canMount)('is named as such for a new and for an existing results folder (it was ENOENT), before anything is done', () => {
    const dir = tmpDir();
    writeSpec(dir, 'q', 'data: digits\nmodel: { hidden: [4] }\ntrain: { epochs: 1, batch_size: 64 }\nseeds: 1\n');
    const node = process.execPath;
    const script = [
      'mnt=$(mktemp -d)',
      'mount -t tmpfs tmpfs "$mnt"',
      `"${node}" "${CLI}" run q.yaml --no-report --results-dir "$mnt/old" > /dev/null 2>&1`,
      'mount -o remount,ro "$mnt"',
      `"${node}" "${CLI}" run q.yaml --no-report --results-dir "$mnt/new" 2> new.err; echo $? > new.code`,
      `"${node}" "${CLI}" run q.yaml --no-report --seeds 2 --results-dir "$mnt/old" 2> old.err; echo $? > old.code`,
      `"${node}" "${CLI}" run q.yaml --results-dir res --reports-dir "$mnt/rep" 2> rep.err; echo $? > rep.code`,
      `"${node}" "${CLI}" report "$mnt/old/q" --reports-dir "$mnt/rep2" 2> report.err; echo $? > report.code`,
      'echo "$mnt" > mnt',
    ].join('\n');
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, NNLAB_DEBUG: '' } });
    expect(r.status, r.stderr).toBe(0);
    const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
    const mnt = read('mnt').trim();
    expect(read('new.code').trim()).toBe('2');
    expect(read('new.err')).toBe(`nnlab: --results-dir ${mnt}/new: ${mnt} is on a read-only filesystem; pass a folder you can write to\n`);
    expect(read('old.code').trim()).toBe('2');
    expect(read('old.err')).toBe(`nnlab: --results-dir ${mnt}/old: ${mnt}/old/q is on a read-only filesystem; pass a folder you can write to\n`);
    // A read-only reports folder stops nnlab run before it trains, not after.
    expect(read('rep.code').trim()).toBe('2');
    expect(read('rep.err')).toBe(`nnlab: --reports-dir ${mnt}/rep: ${mnt} is on a read-only filesystem; pass a folder you can write to\n`);
    expect(fs.existsSync(path.join(dir, 'res'))).toBe(false);
    // nnlab report into it says the same, not ENOENT.
    expect(read('report.code').trim()).toBe('2');
    expect(read('report.err')).toBe(`nnlab: --reports-dir ${mnt}/rep2: ${mnt} is on a read-only filesystem; pass a folder you can write to\n`);
  });
});

describe('output for people', () => {
  it('--help into a pipe is not wrapped, so no word is cut in two', () => {
    const dir = tmpDir();
    for (const cmd of [[], ['run'], ['status'], ['compare'], ['slurm']]) {
      const r = nnlab(dir, [...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Show help');
      if (cmd[0] === 'run') expect(r.stdout).toContain('$SLURM_ARRAY_TASK_ID / $JOB_COMPLETION_INDEX');
      // A description's words stay on its line: no continuation line (deeply indented) holds the tail of a cut one.
      for (const line of r.stdout.split('\n')) expect(line, `${cmd.join(' ')}: ${line}`).not.toMatch(/^ {8,}\S/);
    }
  });

  it('progress lines name the swept values and the seed of each run, not only its hash', () => {
    const dir = tmpDir();
    writeSpec(dir, 'p', 'data: digits\nmodel: { hidden: [4] }\ntrain: { epochs: 1, batch_size: 64 }\nseeds: 1\nsweep:\n  optimizer.lr: [0.05, 0.2]\nvariants:\n  - { name: wide, set: { model.hidden: [16] } }\n');
    const r = nnlab(dir, ['run', 'p.yaml', '--workers', '1', '--no-report', '--results-dir', 'res']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('['));
    expect(lines.map((l) => /\((.*)\)$/.exec(l)?.[1]).sort()).toEqual(['variant=wide optimizer.lr=0.05 seed=0', 'variant=wide optimizer.lr=0.2 seed=0']);
  });
});

describe('a closed terminal (SIGHUP)', () => {
  it('acts like Ctrl-C: exit 130, finished runs kept whole, the lock released, and a resume completes the sweep', async () => {
    const dir = tmpDir();
    // 40 epochs (~0.15 s a run here): the five runs left after the first take ~0.8 s, ample for the poll below to hang up mid-sweep on a loaded machine.
    writeSpec(dir, 'h', 'data: digits\nmodel: { hidden: [32] }\ntrain: { epochs: 40, batch_size: 32 }\nseeds: [1, 2, 3]\nsweep:\n  optimizer.lr: [0.05, 0.1]\n');
    const child = spawn(process.execPath, [CLI, 'run', 'h.yaml', '--workers', '1', '--no-report', '--results-dir', 'res'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const runs = path.join(dir, 'res', 'h', 'runs.csv');
    const recorded = (): number => {
      try {
        return readTable(runs).rows.length;
      } catch {
        return 0;
      }
    };
    // Hang up once the first run is recorded (polling the file, not timing the sweep).
    while (recorded() < 1 && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGHUP');
    const end = await exited;
    expect(end.signal, stderr).toBeNull();
    expect(end.code, stderr).toBe(130);
    expect(stdout).toMatch(/SIGHUP: stopping the workers; finished runs are kept/);
    expect(stderr).toMatch(/^nnlab: interrupted — \d+ runs? recorded this session, \d+ left; run the same command again to resume/);
    expect(fs.existsSync(path.join(dir, 'res', 'h', '.lock'))).toBe(false);
    expect(readTable(runs).warnings).toEqual([]);
    const again = nnlab(dir, ['run', 'h.yaml', '--no-report', '--results-dir', 'res']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(runsById(runs).size).toBe(6);
  });
});
