/**
 * Kernel backends are never mixed silently (issue #16, item 8). NNLAB_BACKEND=js gives the
 * same run ids as the WebAssembly kernels with numbers that differ around the 8th digit, so
 * a results folder records its backend in environment.json and refuses a resume under the
 * other one (--force moves the old results aside); and a missing kernels.wasm is an error
 * unless the JS kernels are asked for, instead of a silent fallback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanTmp, DIRS, expectRefused, nnlab, requireBuild, ROOT, tmpDir, writeSpec } from './helpers.js';

afterAll(cleanTmp);
beforeAll(requireBuild);

const SPEC = `data: digits
model: { hidden: [16] }
optimizer: { name: sgd, lr: 0.1 }
train: { epochs: 2, batch_size: 64 }
seeds: 1
sweep:
  optimizer.lr: [0.05, 0.2]
`;
const NO_REPORT = ['--no-report', '--results-dir', 'res'];
const envOf = (out: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(out, 'environment.json'), 'utf8'));

describe('a results folder records its backend and is not resumed under another', () => {
  for (const [first, second] of [['wasm', 'js'], ['js', 'wasm']] as const) {
    it(`runs trained with ${first} are not mixed with ${second} runs; --force moves them aside`, () => {
      const dir = tmpDir();
      writeSpec(dir, 'b', SPEC);
      const out = path.join(dir, 'res', 'b');
      expect(nnlab(dir, ['run', 'b.yaml', ...NO_REPORT], { NNLAB_BACKEND: first }).code).toBe(0);
      expect(envOf(out).backend).toBe(first);
      const runs = fs.readFileSync(path.join(out, 'runs.csv'), 'utf8');
      const env = fs.readFileSync(path.join(out, 'environment.json'), 'utf8');

      const r = nnlab(dir, ['run', 'b.yaml', '--seeds', '2', ...NO_REPORT], { NNLAB_BACKEND: second });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `nnlab: res/b: its 2 recorded runs were trained with the ${first} kernels (environment.json), this run would use ${second}; ` +
          `the two kernels' numbers differ slightly under the same run ids, so they are not mixed: set NNLAB_BACKEND=${first} to resume, or pass --force to move the old results aside\n`,
      );
      expect(fs.readFileSync(path.join(out, 'runs.csv'), 'utf8')).toBe(runs);
      expect(fs.readFileSync(path.join(out, 'environment.json'), 'utf8')).toBe(env);
      expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);

      // Nothing to train: nothing is mixed, so a look at a complete folder is not refused.
      const done = nnlab(dir, ['run', 'b.yaml', ...NO_REPORT], { NNLAB_BACKEND: second });
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/all 2 runs of b are complete/);

      // The same backend resumes; --force under the other starts afresh with the old results kept aside.
      expect(nnlab(dir, ['run', 'b.yaml', '--seeds', '2', ...NO_REPORT], { NNLAB_BACKEND: first }).code).toBe(0);
      const forced = nnlab(dir, ['run', 'b.yaml', '--seeds', '2', '--force', ...NO_REPORT], { NNLAB_BACKEND: second });
      expect(forced.code, forced.stderr).toBe(0);
      expect(forced.stderr).toMatch(/--force: moved the previous results to/);
      expect(envOf(out).backend).toBe(second);
    });
  }

  it('a shard under the other backend is refused with a fix that works for a shard (--force does not go with --shard)', () => {
    const dir = tmpDir();
    writeSpec(dir, 'b', SPEC);
    expect(nnlab(dir, ['run', 'b.yaml', '--shard', '0/2', ...NO_REPORT]).code).toBe(0);
    const r = nnlab(dir, ['run', 'b.yaml', '--shard', '1/2', ...NO_REPORT], { NNLAB_BACKEND: 'js' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/: its 1 recorded run was trained with the wasm kernels \(environment\.json\), this run would use js; .*set NNLAB_BACKEND=wasm to resume, or run once without --shard and with --force to move the old results aside\n$/);
  });

  it('a folder written before the backend was recorded still resumes (and records it from then on)', () => {
    const dir = tmpDir();
    writeSpec(dir, 'b', SPEC);
    const out = path.join(dir, 'res', 'b');
    expect(nnlab(dir, ['run', 'b.yaml', ...NO_REPORT]).code).toBe(0);
    const { backend: _b, ...old } = envOf(out);
    fs.writeFileSync(path.join(out, 'environment.json'), JSON.stringify(old));
    const r = nnlab(dir, ['run', 'b.yaml', '--seeds', '2', ...NO_REPORT], { NNLAB_BACKEND: 'js' });
    expect(r.code, r.stderr).toBe(0);
    expect(envOf(out).backend).toBe('js');
    const rep = nnlab(dir, ['report', 'res/b', '--reports-dir', 'rep']);
    expect(rep.code, rep.stderr).toBe(0);
  });
});

describe('a missing kernels.wasm', () => {
  /** A copy of the built CLI without its kernel file (node_modules linked from the checkout). */
  function cliWithoutKernels(): string {
    const pkg = tmpDir('nnlab-nowasm-');
    fs.cpSync(path.join(ROOT, 'dist'), path.join(pkg, 'dist'), { recursive: true });
    fs.rmSync(path.join(pkg, 'dist', 'tensor', 'wasm', 'kernels.wasm'));
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
    for (const d of ['node_modules', 'data']) fs.symlinkSync(path.join(ROOT, d), path.join(pkg, d));
    return path.join(pkg, 'dist', 'cli', 'main.js');
  }

  it('is an error (exit 2, one line with both fixes, nothing written) unless NNLAB_BACKEND=js asks for the JS kernels', () => {
    const cli = cliWithoutKernels();
    const dir = tmpDir();
    writeSpec(dir, 'b', SPEC);
    const run = (env: Record<string, string>, args: string[] = DIRS) => {
      const r = spawnSync(process.execPath, [cli, 'run', 'b.yaml', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NNLAB_DEBUG: '', ...env } });
      return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
    };
    expectRefused(
      run({ NNLAB_BACKEND: '' }),
      dir,
      /^nnlab: the WebAssembly kernels kernels\.wasm are missing \(looked in \S+kernels\.wasm, \S+kernels\.wasm\); run `npm run build`, or set NNLAB_BACKEND=js to train with the plain-JS kernels \(whose numbers differ slightly\)$/,
    );
    const js = run({ NNLAB_BACKEND: 'js' }, ['--no-report', '--results-dir', 'res']);
    expect(js.stderr).toBe('');
    expect(js.code).toBe(0);
    expect(envOf(path.join(dir, 'res', 'b')).backend).toBe('js');
  });
});
