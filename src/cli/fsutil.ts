/** Small filesystem helpers of the CLI (the edge that may touch files). */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors.js';

/** Read an input file, turning "not there" into a one-line usage error. */
export function readInput(file: string, what: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such ${what}; check the path`);
    if (code === 'EISDIR') throw new UsageError(`${file}: is a directory, expected a ${what}`);
    throw new UsageError(`${file}: cannot read the ${what} (${code ?? (e as Error).message})`);
  }
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
