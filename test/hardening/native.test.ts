/**
 * The native kernels end to end (issue #17): whole sweeps write the same runs.csv and
 * epochs.csv (all but `seconds`) under the native kernels and under WebAssembly, and record
 * which kernel set trained them; without a C++ compiler the addon's install step says so in
 * one line and succeeds, and `nnlab run` trains with the WebAssembly kernels.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNative } from '../../src/tensor/native/load.js';
import { cleanTmp, epochsById, nnlab, requireBuild, ROOT, runsById, tmpDir } from './helpers.js';

afterAll(cleanTmp);
beforeAll(requireBuild);

const native = loadNative().addon;
const envOf = (out: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(out, 'environment.json'), 'utf8'));

describe.skipIf(native === null)('whole runs under the native and the WebAssembly kernels', () => {
  const cases: [string, string[]][] = [
    ['quick', []],
    ['mnist-classic', ['--epochs', '3']],
    // Reduced: one seed of every variant × init × learning rate, 1 epoch on 1,000 images.
    ['xavier', ['--epochs', '1', '--seeds', '1', '--set', 'data.train_size=1000']],
  ];
  for (const [name, extra] of cases) {
    it(`${name} ${extra.join(' ')}: byte-identical runs.csv and epochs.csv but for seconds`, () => {
      const dir = tmpDir();
      const spec = path.join(ROOT, 'experiments', `${name}.yaml`);
      const out: Record<string, string> = {};
      for (const backend of ['native', 'wasm']) {
        const r = nnlab(dir, ['run', spec, ...extra, '--no-report', '--results-dir', backend], { NNLAB_BACKEND: backend }, 300_000);
        expect(r.code, r.stderr).toBe(0);
        out[backend] = path.join(dir, backend, name);
      }
      expect(envOf(out.native!).kernels).toBe(native!.available()[0]);
      expect(envOf(out.wasm!).kernels).toBe('wasm-simd');
      expect(envOf(out.native!).backend).toBe('wasm'); // one numeric family: a folder resumes under either
      const runs = runsById(path.join(out.native!, 'runs.csv'));
      expect(runs.size).toBeGreaterThan(0);
      expect(runs).toEqual(runsById(path.join(out.wasm!, 'runs.csv')));
      expect(epochsById(path.join(out.native!, 'epochs.csv'))).toEqual(epochsById(path.join(out.wasm!, 'epochs.csv')));
      // Byte-identical as files too, once the seconds column is blanked and the rows put in one
      // order (two workers append finished runs in whichever order they finish, on any backend).
      const text = (f: string) => {
        const [head, ...rows] = fs.readFileSync(f, 'utf8').trimEnd().split('\n');
        const col = head!.split(',').indexOf('seconds');
        return [head, ...rows.map((r) => r.split(',').map((v, i) => (i === col ? '' : v)).join(',')).sort()].join('\n');
      };
      for (const f of ['runs.csv', 'epochs.csv']) expect(text(path.join(out.native!, f)), f).toBe(text(path.join(out.wasm!, f)));
    }, 600_000);
  }
});

describe('without a C++ compiler', () => {
  it('the install step says so in one line and succeeds; nnlab run then trains with the WebAssembly kernels', () => {
    // A package copy without build/: the checkout's dist, native sources and package.json.
    const pkg = tmpDir('nnlab-nocc-');
    for (const f of ['dist', 'native']) fs.cpSync(path.join(ROOT, f), path.join(pkg, f), { recursive: true });
    for (const f of ['package.json', 'binding.gyp']) fs.copyFileSync(path.join(ROOT, f), path.join(pkg, f));
    for (const d of ['node_modules', 'data']) fs.symlinkSync(path.join(ROOT, d), path.join(pkg, d));
    // A PATH with node, make and python3 but no compiler (g++, c++, gcc, cc).
    const bin = path.join(pkg, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(process.execPath, path.join(bin, 'node'));
    for (const tool of ['make', 'python3', 'sh']) {
      const which = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      if (which) fs.symlinkSync(which, path.join(bin, tool));
    }
    const env = { ...process.env, PATH: bin, CXX: '' };
    const r = spawnSync(process.execPath, [path.join(pkg, 'native', 'build.mjs')], { cwd: pkg, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^nnlab: native kernels not built \(no C\+\+ compiler: g\+\+ not found on PATH\); using the WebAssembly kernels, which give the same numbers\n$/);
    expect(fs.existsSync(path.join(pkg, 'build', 'Release', 'nnlab_native.node'))).toBe(false);

    const dir = tmpDir();
    const run = spawnSync(process.execPath, [path.join(pkg, 'dist', 'cli', 'main.js'), 'run', path.join(ROOT, 'experiments', 'quick.yaml'), '--no-report', '--results-dir', 'res', '--seeds', '1'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, NNLAB_BACKEND: '', NNLAB_DEBUG: '' } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(envOf(path.join(dir, 'res', 'quick')).kernels).toBe('wasm-simd');

    // Asking for the native kernels there is an input error naming why.
    const insist = spawnSync(process.execPath, [path.join(pkg, 'dist', 'cli', 'main.js'), 'run', path.join(ROOT, 'experiments', 'quick.yaml'), '--no-report', '--results-dir', 'res2'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, NNLAB_BACKEND: 'native', NNLAB_DEBUG: '' } });
    expect(insist.status).toBe(2);
    expect(insist.stderr).toMatch(/^nnlab: NNLAB_BACKEND=native: the native addon is not built \(build\/Release\/nnlab_native\.node missing: .*\); unset NNLAB_BACKEND to use the WebAssembly kernels \(the same numbers\)\n$/);
    expect(fs.existsSync(path.join(dir, 'res2'))).toBe(false);
  }, 120_000);
});
