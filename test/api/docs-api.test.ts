/**
 * docs/api.md must stay runnable and true: this runs its code block as
 * written (only the 'nnlab' import is pointed at src/index.ts) and checks the
 * accuracy it prints.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function block(lang: string): string {
  const md = readFileSync(join(root, 'docs/api.md'), 'utf8');
  const blocks = [...md.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}
const docBlock = () => block('js');

/** The numbers in a line, so printed output can be compared with a tolerance (backends round differently). */
const numbers = (line: string) => (line.match(/\d+(\.\d+)?/g) ?? []).map(Number);

/** Run a code block of the doc as a module (its 'nnlab' import pointed at src/index.ts) and return what it logged. */
async function runBlock(code: string, file: string): Promise<string[]> {
  writeFileSync(file, code.replace("from 'nnlab'", `from '${pathToFileURL(join(root, 'src/index.ts')).href}'`));
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    log.mockRestore();
  }
  return lines;
}

describe('docs/api.md', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnlab-docs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the MNIST example loads MNIST with the defaults and learns: ≥ 0.88 validation accuracy after 2 epochs', async () => {
    const code = block('mjs');
    expect([...code.matchAll(/from '([^']+)'/g)].map((m) => m[1])).toEqual(['nnlab']);
    const lines = await runBlock(code, join(dir, 'mnist.mjs'));
    expect(lines.map((l) => l.replace(/[\d.]+$/, '#'))).toEqual(['epoch 1: val accuracy #', 'epoch 2: val accuracy #']);
    expect(Number(/([\d.]+)$/.exec(lines[1]!)![1])).toBeGreaterThanOrEqual(0.88);
  }, 120_000);

  it('imports only from the package entry point', () => {
    const imports = [...docBlock().matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['nnlab']);
  });

  it('runs as written and prints a test accuracy ≥ 0.98', async () => {
    const lines = await runBlock(docBlock(), join(dir, 'circles.mjs'));
    expect(lines).toHaveLength(5); // four progress lines, one result
    const m = /^test accuracy ([\d.]+), test loss ([\d.]+)$/.exec(lines[4]!);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(0.98);
    expect(Number(m![2])).toBeLessThan(0.1);
    // The output the doc shows is what it prints (to the printed precision, give or take rounding).
    const shown = block('text').trim().split('\n');
    expect(shown).toHaveLength(lines.length);
    shown.forEach((line, i) => {
      expect(lines[i]!.replace(/[\d.]+/g, '#')).toBe(line.replace(/[\d.]+/g, '#'));
      numbers(line).forEach((v, j) => expect(Math.abs(numbers(lines[i]!)[j]! - v)).toBeLessThanOrEqual(2e-4));
    });
  });
});
