/**
 * Output safety end to end: a spec full of markup, attribute breakers, formula
 * starters and Unicode goes through the real CLI (train → runs.csv/epochs.csv →
 * report), a results row gets a hostile error message, and then:
 *  - runs.csv/epochs.csv neutralize every text cell a spreadsheet would execute
 *    (=, +, -, @ first) while numbers, negative ones included, stay plain numbers;
 *  - the HTML report, opened in Chromium, contains no element or attribute from
 *    the data, runs no script, and shows every string as the text it was;
 *  - the Markdown twin escapes the same strings and cannot be broken out of.
 * A diverging variant (lr 1e30) is recorded `diverged` and the report says so.
 *
 * Escaping with hand-written results folders is in test/report/escape.test.ts;
 * this test adds the path through the CLI and the CSV formula cases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../../src/experiment/store/results.js';
import { nnlab, readTable, requireBuild, tmpDir } from './helpers.js';

// page.evaluate callbacks run in the page; tsconfig has no DOM lib.
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const CHROMIUM = process.env.NNLAB_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = fs.existsSync(CHROMIUM);

const DESCRIPTION = '<script>alert(1)</script> "><img src=x onerror=alert(2)> Ünïcødé 数字 🧪 & \'single\' | pipe';
/** Variant names: markup, an attribute breaker, formula starters, Unicode. Each variant has its own lr. */
const VARIANTS: [string, string][] = [
  ['<script>alert(3)</script>', '0.1'],
  ['"><img src=x onerror=alert(4)>', '0.2'],
  ['=HYPERLINK("http://evil.example","click")', '0.3'],
  ['-2+3', '0.4'],
  ['+cmd|\' /C calc\'!A0', '0.5'],
  ['@SUM(A1:A9)', '0.6'],
  ['Ünïcødé 数字 🧪', '1.0e+30'], // diverges
];
const DIVERGING = 'Ünïcødé 数字 🧪';
const ERROR = '-<img src=x onerror=alert(5)> & "quoted" | <b>bold</b>';
/** A block scalar with a backtick fence inside: must not close the Markdown code fence around the spec. */
const FENCE_BREAKER = '```\n</pre><script>alert(6)</script>\n```';

const SPEC = [
  'name: xss',
  `description: ${JSON.stringify(DESCRIPTION)}`,
  'data: { dataset: circles, samples: 200 }',
  'model: { hidden: [4] }',
  'train: { epochs: 2, batch_size: 32 }',
  'seeds: [1, 2]',
  'variants:',
  ...VARIANTS.map(([n, lr]) => `  - { name: ${JSON.stringify(n)}, set: { optimizer.lr: ${lr} } }`),
  '# extra text that only appears in the spec block:',
  'report:',
  '  metric: val_accuracy',
  `# ${FENCE_BREAKER.replace(/\n/g, '\n# ')}`,
  '',
].join('\n');

let dir: string;
let failedId: string;

beforeAll(() => {
  requireBuild();
  dir = tmpDir('nnlab-xss-');
  fs.writeFileSync(path.join(dir, 'xss.yaml'), SPEC);
  const r = nnlab(dir, ['run', 'xss.yaml', '--workers', '2', '--results-dir', 'res', '--reports-dir', 'rep']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Cells exactly as stored (papaparse, no un-escaping), per row. */
function rawCells(file: string): string[][] {
  return Papa.parse<string[]>(fs.readFileSync(file, 'utf8'), { skipEmptyLines: true }).data;
}

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;

describe('CSV: formula starters neutralized, numbers kept', () => {
  it('every text cell of runs.csv and epochs.csv that a spreadsheet would execute is quoted; numbers stay numbers', () => {
    let negatives = 0;
    let neutralized = 0;
    for (const name of ['runs.csv', 'epochs.csv']) {
      const [header, ...rows] = rawCells(path.join(dir, 'res', 'xss', name));
      for (const row of rows) {
        row.forEach((cell, j) => {
          if (FORMULA_START.test(cell)) {
            // Only a plain number may start with "-".
            expect(cell, `${name} column ${header![j]}`).toMatch(NUMBER);
            negatives++;
          }
          if (/^'[=+\-@]/.test(cell)) neutralized++;
        });
      }
    }
    // epochs.csv really holds negative numbers (activation means of the linear output layer), written as numbers.
    expect(negatives).toBeGreaterThan(0);
    // 4 formula-like variant names × 2 seeds.
    expect(neutralized).toBe(8);
    const text = fs.readFileSync(path.join(dir, 'res', 'xss', 'runs.csv'), 'utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).toContain(`,"'-2+3",`);
    expect(text).toContain(`,"'@SUM(A1:A9)",`);
    expect(text).toContain(`"'+cmd|' /C calc'!A0"`);
    // Numeric columns of runs.csv read back as numbers (NaN only where a run has no value).
    for (const row of readTable(path.join(dir, 'res', 'xss', 'runs.csv')).rows) {
      for (const c of ['train_loss', 'val_accuracy', 'seconds', 'seed', 'epochs']) expect(Number.isNaN(Number(row[c])), c).toBe(false);
    }
  });

  it('the diverging variant is recorded as diverged', () => {
    const rows = readTable(path.join(dir, 'res', 'xss', 'runs.csv')).rows;
    const diverged = rows.filter((r) => r.status === 'diverged');
    expect(diverged.map((r) => r.variant)).toEqual([DIVERGING, DIVERGING]);
    expect(rows.filter((r) => r.status === 'completed')).toHaveLength(12);
  });

  it('a hostile error message written into runs.csv starts with a quote, and `nnlab report` renders it', () => {
    const file = path.join(dir, 'res', 'xss', 'runs.csv');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes(',<script>alert(3)</script>,2,completed,'));
    expect(i).toBeGreaterThan(0);
    failedId = lines[i]!.split(',')[0]!;
    const errorCell = formatCsv(['error'], [{ error: ERROR }], false).trimEnd();
    expect(errorCell.startsWith(`"'-`)).toBe(true);
    lines[i] = lines[i]!.replace(',completed,', ',failed,').replace(/,$/, `,${errorCell}`);
    fs.writeFileSync(file, lines.join('\n'));
    expect(readTable(file).rows.find((r) => r.run_id === failedId)!.error).toBe(`'${ERROR}`);
    const r = nnlab(dir, ['report', path.join('res', 'xss'), '--reports-dir', 'rep']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('`nnlab compare` shows the variant names as written, not with the protective quote', () => {
    const r = nnlab(dir, ['compare', path.join('res', 'xss'), '--rows', 'variant']);
    expect(r.code, r.stderr).toBe(0);
    const labels = r.stdout.trim().split('\n').slice(3).map((l) => l.split(/\s{2,}/)[0]);
    expect(new Set(labels)).toEqual(new Set(VARIANTS.map(([n]) => n)));
  });
});

describe('Markdown twin', () => {
  it('escapes every string outside the spec block, and the spec block cannot be closed from inside', () => {
    const md = fs.readFileSync(path.join(dir, 'rep', 'xss', 'report.md'), 'utf8');
    const [body, specBlock] = md.split('## The spec as run');
    expect(body).not.toMatch(/<script|<img|<b>/i);
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('&lt;img src=x onerror=alert(4)&gt;');
    expect(body).toContain('Ünïcødé 数字 🧪');
    // The summary table: the diverging variant is the last column, and its cell says diverged.
    expect(body).toMatch(/^\| variant \|.* \| Ünïcødé 数字 🧪 \|\n\|[- |]+\|\n\| val\\_accuracy \|.* | 0\.4000 ± 0 \(0\/2 succeeded, diverged 2, near chance\) \|$/m);
    expect(body).toContain('&lt;img src=x onerror=alert(5)&gt; &amp;');
    // Names and messages as written: the CSV's protective quote is not part of them.
    expect(body).toContain('=HYPERLINK("http://evil.example","click")');
    expect(body).not.toContain(`'=HYPERLINK`);
    expect(body).not.toContain(`'-2+3`);
    expect(body).not.toContain(`'-&lt;img`);
    // Table rows keep the header's cell count: no pipe from the data splits a cell.
    for (const block of body!.split('\n\n').filter((b) => b.startsWith('|'))) {
      const counts = block.split('\n').map((l) => l.replace(/\\\|/g, '').split('|').length);
      expect(new Set(counts).size, block).toBe(1);
    }
    // The spec is shown verbatim inside a fence longer than any backtick run in it.
    const fence = /^\s*(`{3,})yaml\n/.exec(specBlock!)![1]!;
    expect(fence.length).toBeGreaterThan(3);
    expect(specBlock!.indexOf(`\n${fence}\n`)).toBeGreaterThan(specBlock!.indexOf('alert(6)'));
  });
});

describe.skipIf(!hasChromium)('HTML report in Chromium', () => {
  it('no element or attribute from the data, no script runs, and every string reads as written', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(pathToFileURL(path.join(dir, 'rep', 'xss', 'index.html')).href, { waitUntil: 'load' });
      const r = await page.evaluate(() => ({
        injected: document.querySelectorAll('script, img, iframe, object, embed, b, a[href^="javascript"]').length,
        onAttrs: [...document.querySelectorAll('*')].flatMap((e: any) => [...e.attributes].filter((a: any) => a.name.startsWith('on')).map((a: any) => a.name)),
        text: document.body.innerText as string,
        pre: [...document.querySelectorAll('pre')].map((p: any) => p.textContent).join('\n') as string,
        svgText: [...document.querySelectorAll('svg text')].map((t: any) => t.textContent).join('\n') as string,
        cells: [...document.querySelectorAll('td, th')].map((t: any) => t.textContent) as string[],
      }));
      expect(r.injected).toBe(0);
      expect(r.onAttrs).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      expect(r.text).toContain(DESCRIPTION);
      for (const [name] of VARIANTS) {
        // The variant name as the user wrote it: the CSV's protective quote is not part of it.
        expect(r.cells, name).toContain(name);
        expect(r.cells, name).not.toContain(`'${name}`);
      }
      expect(r.text).toContain(ERROR);
      expect(r.text).not.toContain(`'${ERROR}`);
      expect(r.cells.some((c) => /^diverged 2\/2/.test(c))).toBe(true);
      expect(r.cells.filter((c) => c === 'diverged').length).toBeGreaterThanOrEqual(2); // the two diverged runs, listed by status
      expect(r.cells).toContain(failedId);
      expect(r.pre).toContain('</pre><script>alert(6)</script>');
      // Chart legends carry variant names as SVG text too.
      expect(r.svgText).toContain('<script>alert(3)</script>');
      expect(r.svgText).toContain('=HYPERLINK("http://evil.example","click")');
    } finally {
      await browser.close();
    }
  });
});
