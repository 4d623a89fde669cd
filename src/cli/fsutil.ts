/** Small filesystem helpers of the CLI (the edge that may touch files). */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors.js';

/**
 * Read an input file of at most `limit` bytes, turning "not there" into a one-line usage error.
 * Reads no more than limit + 1 bytes and only regular files: /dev/zero or a fifo has no end, and
 * reading it whole before checking its size filled gigabytes of memory. `size` is the file's size
 * on disk (for the caller's own "too large" message); `bytes` is cut after limit + 1.
 */
export function readInput(file: string, what: string, limit: number): { bytes: Uint8Array; size: number } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a fifo with no writer would otherwise wait forever (no effect on regular files).
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    throw inputError(e, file, what);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`${file}: is a directory, expected a ${what}`);
    if (!st.isFile()) throw new UsageError(`${file}: not a regular file (a device, pipe or socket); pass a ${what} saved on disk`);
    const bytes = new Uint8Array(limit + 1); // not st.size: a file may grow while we read it (and /proc files say 0)
    let got = 0;
    for (let n = -1; n !== 0 && got < bytes.length; got += n) n = fs.readSync(fd, bytes, got, bytes.length - got, null);
    return { bytes: bytes.subarray(0, got), size: Math.max(st.size, got) };
  } catch (e) {
    throw e instanceof UsageError ? e : inputError(e, file, what);
  } finally {
    fs.closeSync(fd);
  }
}

function inputError(e: unknown, file: string, what: string): UsageError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new UsageError(`${file}: no such ${what}; check the path`);
  if (code === 'EISDIR') return new UsageError(`${file}: is a directory, expected a ${what}`);
  if (code === 'EACCES') return new UsageError(`${file}: permission denied; make the ${what} readable`);
  return new UsageError(`${file}: cannot read the ${what} (${code ?? (e as Error).message})`);
}

/** The nnlab package folder (two levels above dist/cli/main.js or src/cli/main.ts). */
export function packageDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export function nnlabVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The commit of the nnlab checkout, with "+dirty" when it has uncommitted changes; null outside git. */
export function gitCommit(): string | null {
  const run = (args: string[]): string =>
    execFileSync('git', args, { cwd: packageDir(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  try {
    const head = run(['rev-parse', 'HEAD']);
    const dirty = run(['status', '--porcelain', '--untracked-files=no']).length > 0;
    return dirty ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

/**
 * Why `dir` (created if missing) cannot be written, or null. Checked on the folder itself or its
 * nearest existing ancestor before anything is written: creating a folder on a read-only
 * filesystem fails with a bare ENOENT from mkdir (Node's recursive mkdir), which named no cause.
 */
export function unwritableFolder(dir: string): string | null {
  let p = path.resolve(dir);
  while (!fs.existsSync(p) && path.dirname(p) !== p) p = path.dirname(p);
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const rel = path.relative(process.cwd(), p);
    const shown = rel === '' ? '.' : rel.startsWith('..') ? p : rel;
    if (code === 'EROFS') return `${shown} is on a read-only filesystem`;
    if (code === 'EACCES' || code === 'EPERM') return `${shown} is not writable (permission denied)`;
    return `${shown} cannot be written (${code ?? (e as Error).message})`;
  }
}
