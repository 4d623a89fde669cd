/**
 * Randomness is injected: every draw comes from the seeded Rng passed in
 * explicitly, so `Math.random` (and other unseeded sources) must not appear
 * anywhere in src/ — including the AssemblyScript kernels.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : /\.(ts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

const FORBIDDEN = [/Math\.random\s*\(/, /crypto\.getRandomValues/, /randomBytes\s*\(/, /randomUUID\s*\(/];

describe('randomness is injected', () => {
  const files = sources(SRC);

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('no unseeded random source appears in src/', () => {
    const offenders = files.flatMap((f) => {
      const text = fs.readFileSync(f, 'utf8');
      return FORBIDDEN.filter((re) => re.test(text)).map((re) => `${path.relative(SRC, f)}: ${re.source}`);
    });
    expect(offenders).toEqual([]);
  });

  it('the check itself catches an offender', () => {
    expect(FORBIDDEN.some((re) => re.test('const x = Math.random();'))).toBe(true);
  });
});
