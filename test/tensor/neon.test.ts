/**
 * The NEON kernels (native/neon.cc) on a machine without ARM: cross-compiled for 64-bit ARM and run
 * under qemu-aarch64, every kernel's output on fixed inputs (fixtures/kernel-dump.cc: gemm over odd
 * shapes with and without zeros, transpose, bias, activations, softmax cross-entropy, three optimizer
 * steps) must be the same bytes as the AVX-512 and AVX2 kernels give here, which native.test.ts
 * holds equal to the WebAssembly kernels. Needs g++-aarch64-linux-gnu and qemu-user (.ci/run
 * installs them); skipped with a line where they are missing.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const tools = ['g++', 'aarch64-linux-gnu-g++', 'qemu-aarch64'].filter((t) => !has(t));
if (tools.length > 0) console.warn(`skipping the NEON kernel check: ${tools.join(', ')} not found (apt-get install g++-aarch64-linux-gnu qemu-user)`);
// The flags of binding.gyp: no contraction into FMA, no fast math.
const FLAGS = ['-std=c++17', '-O3', '-ffp-contract=off', '-fno-fast-math', '-fno-math-errno', '-Wno-psabi', `-I${path.join(ROOT, 'native')}`];
const SOURCES = [path.join(ROOT, 'test/tensor/fixtures/kernel-dump.cc'), ...['avx512.cc', 'avx2.cc', 'neon.cc'].map((f) => path.join(ROOT, 'native', f))];

function build(cxx: string, out: string, extra: string[] = []): void {
  const r = spawnSync(cxx, [...FLAGS, ...extra, ...SOURCES, '-o', out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cxx} failed:\n${r.stderr}`);
}

function dump(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { maxBuffer: 256 * 1024 * 1024 });
  if (r.status === 3) return null; // this CPU lacks the instruction set
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${String(r.stderr)}`);
  expect(r.stdout.length).toBeGreaterThan(80_000_000); // every kernel wrote its outputs
  return createHash('sha256').update(r.stdout).digest('hex');
}

describe.skipIf(tools.length > 0)('NEON kernels, cross-compiled and run under qemu-aarch64', () => {
  it('compute the same bytes as the AVX-512 and AVX2 kernels on every kernel', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnlab-neon-'));
    const host = path.join(dir, 'host'), arm = path.join(dir, 'arm');
    build('g++', host);
    build('aarch64-linux-gnu-g++', arm, ['-static']);
    const neon = dump('qemu-aarch64', [arm, 'neon']);
    expect(neon).not.toBeNull();
    const x86 = ['avx512', 'avx2'].map((isa) => dump(host, [isa])).filter((h) => h !== null);
    expect(x86.length).toBeGreaterThan(0); // this x86 CPU has at least AVX2
    for (const h of x86) expect(h).toBe(neon);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
