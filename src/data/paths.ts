/**
 * Where nnlab's own files live. The package root is found by walking up from
 * this module to nnlab's package.json, so the same code works from `src/`
 * (vitest), from `dist/` (after build), when installed under node_modules, and
 * from any current directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

export function packageRoot(): string {
  if (root !== null) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'nnlab') {
      root = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`nnlab: cannot find nnlab's package.json above ${fileURLToPath(import.meta.url)}; reinstall the package`);
    dir = up;
  }
}

/** A file shipped in the package's `data/` folder. */
export function bundledDataFile(name: string): string {
  return join(packageRoot(), 'data', name);
}
