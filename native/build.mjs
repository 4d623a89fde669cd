#!/usr/bin/env node
// npm install's step for the optional native kernels: builds the addon with node-gyp
// against the Node headers already on this machine (--nodedir; nothing is downloaded).
// It never fails the install: without a C++ compiler, headers, python3 or make, or if
// the build breaks, it says so in one line and nnlab uses the WebAssembly kernels,
// which compute the same numbers. `npm run build:native` runs it again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = join(root, 'build', 'native-build.log');
const addon = join(root, 'build', 'Release', 'nnlab_native.node');
const note = (why) => {
  console.log(`nnlab: native kernels not built (${why}); using the WebAssembly kernels, which give the same numbers`);
  process.exit(0);
};

if (process.env.NNLAB_SKIP_NATIVE === '1') note('NNLAB_SKIP_NATIVE=1');
const has = (cmd, args = ['--version']) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const cxx = process.env.CXX || 'g++';
if (!has(cxx)) note(`no C++ compiler: ${cxx} not found on PATH`);
if (!has('make')) note('make not found on PATH');
// Headers: those of the running Node (a distribution's /usr/include/node, or an official tarball's include/node).
const nodedir = [resolve(dirname(process.execPath), '..'), process.env.npm_config_nodedir].find(
  (d) => d && existsSync(join(d, 'include', 'node', 'node_api.h')),
);
if (!nodedir) note(`no Node headers next to ${process.execPath} (include/node/node_api.h); set npm_config_nodedir to a Node source or headers folder`);
// node-gyp: npm's own (npm_config_node_gyp in npm scripts, else next to this Node), else one on PATH.
const gyp = [process.env.npm_config_node_gyp, join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')]
  .find((f) => f && existsSync(f));
if (!gyp && !has('node-gyp')) note('node-gyp not found (it comes with npm)');
const [cmd, args] = gyp ? [process.execPath, [gyp]] : ['node-gyp', []];
rmSync(addon, { force: true });
const r = spawnSync(cmd, [...args, 'rebuild', `--nodedir=${nodedir}`], { cwd: root, encoding: 'utf8', env: { ...process.env, CXX: cxx } });
mkdirSync(dirname(log), { recursive: true });
writeFileSync(log, `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`);
if (r.status !== 0 || !existsSync(addon)) note(`the build failed; see ${log}`);
// Load it once here, so a broken addon is reported at install rather than at the first run.
const probe = spawnSync(process.execPath, ['-e', `const a = require(${JSON.stringify(addon)}); console.log(a.kernels() ?? 'none')`], { encoding: 'utf8' });
if (probe.status !== 0) {
  rmSync(addon, { force: true });
  note(`the built addon does not load: ${(probe.stderr || '').trim().split('\n')[0]}`);
}
const set = probe.stdout.trim();
console.log(set === 'none' ? 'nnlab: native addon built, but this CPU has none of its kernel sets (AVX-512, AVX2, NEON); using the WebAssembly kernels' : `nnlab: native kernels built: ${set}`);
