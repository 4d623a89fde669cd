/**
 * Unbounded work on bad input (issue #16, item 5): the spec file is read to at most the
 * 1 MB limit plus one byte, and only when it is a regular file. /dev/zero and /dev/urandom
 * have no end (they reached 5 GB of memory before the size check), a fifo with no writer
 * never opens, and a huge file must not be read whole to be refused.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, cleanTmp, DIRS, expectRefused, nnlab, requireBuild, tmpDir } from './helpers.js';

afterAll(cleanTmp);
beforeAll(requireBuild);

const prlimit = spawnSync('prlimit', ['--version']).status === 0;
/** 1 GB of address space: plenty for nnlab validate, too little to hold a 1.5 GB file. */
const AS_LIMIT = 1_000_000_000;

describe('a spec that is not a regular file, or far too large, is refused without being read whole', () => {
  // Under the address-space limit, reading these whole fails with another message (or a crash).
  for (const [cmd, device] of [
    ['validate', '/dev/zero'],
    ['run', '/dev/urandom'],
  ] as const) {
    it.skipIf(!prlimit || !fs.existsSync(device))(`nnlab ${cmd} ${device}: exit 2, "not a regular file", nothing written`, () => {
      const dir = tmpDir();
      const r = spawnSync('prlimit', [`--as=${AS_LIMIT}`, process.execPath, CLI, cmd, device, ...(cmd === 'run' ? DIRS : [])], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expectRefused(
        { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr },
        dir,
        new RegExp(`^nnlab: ${device}: not a regular file \\(a device, pipe or socket\\); pass a spec file saved on disk$`),
      );
    });
  }

  it.skipIf(!prlimit)('a 1.5 GB (sparse) spec is refused by its size on disk, under a 1 GB memory limit', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'huge.yaml');
    fs.writeFileSync(file, 'name: a\n');
    fs.truncateSync(file, 1500 * 1024 * 1024);
    const r = spawnSync('prlimit', [`--as=${AS_LIMIT}`, process.execPath, CLI, 'validate', 'huge.yaml'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expectRefused({ code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr }, dir, /^nnlab: huge\.yaml:1:1: spec is 1500\.0 MB; the limit is 1 MB/);
  });

  it('a fifo with no writer is refused instead of waiting forever', () => {
    const dir = tmpDir();
    if (spawnSync('mkfifo', [path.join(dir, 'spec.yaml')]).status !== 0) return; // no mkfifo: nothing to test
    // The per-process timeout turns a hang into a failure here, not a stuck suite.
    const r = nnlab(dir, ['run', 'spec.yaml', ...DIRS], {}, 30_000);
    expect(r.signal).toBeNull();
    expectRefused(r, dir, /^nnlab: spec\.yaml: not a regular file/);
  });

  it('a spec exactly at the limit is still read (the limit is on the size, not on one read)', () => {
    const dir = tmpDir();
    const head = 'name: a\ndata: digits\nmodel: { hidden: [4] }\ndescription: "';
    const pad = 1024 * 1024 - head.length - 2;
    fs.writeFileSync(path.join(dir, 'big.yaml'), head + 'x'.repeat(pad) + '"\n');
    expect(fs.statSync(path.join(dir, 'big.yaml')).size).toBe(1024 * 1024);
    const r = nnlab(dir, ['validate', 'big.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
