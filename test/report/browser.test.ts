/**
 * The report in a real browser: the charts are drawn, the page asks the
 * network for nothing, and it prints.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReport } from '../../src/report/generate.js';
import { hasChromium, launch, requireChromium } from './browser.js';
import { ENVIRONMENT, INIT_LR_SPEC, initLrRuns, tmpDir, writeResults, XAVIER_SPEC, xavierRuns } from './fixtures.js';

// Callbacks passed to page.evaluate run in the page; tsconfig has no DOM lib, so its globals are declared loosely.
declare const document: any, window: any, getComputedStyle: any; // eslint-disable-line @typescript-eslint/no-explicit-any

requireChromium('the report browser test');

describe.skipIf(!hasChromium)('report in headless Chromium', () => {
  let root: string;
  let browser: Browser;
  let page: Page;
  let url: string;
  const requests: string[] = [];

  beforeAll(async () => {
    root = tmpDir('browser');
    const dir = writeResults(path.join(root, 'results'), {
      name: 'init-vs-lr', sweepKeys: ['model.init.weights', 'optimizer.lr'], runs: initLrRuns(), specText: INIT_LR_SPEC, environment: ENVIRONMENT,
    });
    const out = await generateReport(dir, path.join(root, 'reports'));
    url = pathToFileURL(out.htmlPath).href;
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('requests nothing but the page itself', () => {
    expect(requests).toEqual([url]);
  });

  it('draws every chart: SVG marks with non-zero size', async () => {
    const figures = await page.$$eval('figure', (fs) => fs.map((f) => {
      const box = (sel: string) => [...f.querySelectorAll(sel)].map((e) => (e as any).getBoundingClientRect())
        .filter((r) => r.width > 0 || r.height > 0).length;
      const svg = f.querySelector('svg')?.getBoundingClientRect();
      return {
        title: f.querySelector('h3')?.textContent ?? '',
        svg: svg ? [svg.width, svg.height] : null,
        lines: box('.mark-line.role-mark path'),
        symbols: box('.mark-symbol.role-mark path'),
        areas: box('.mark-area.role-mark path'),
        rules: box('.mark-rule.role-mark line'),
      };
    }));
    expect(figures.map((f) => f.title)).toEqual([
      'Figure 1. Every seed: final val_accuracy per configuration',
      'Figure 2. Final val_accuracy against learning rate', 'Figure 3. Per-layer diagnostics by depth',
      'Figure 4. Learning curves', 'Figure 5. Loss curves',
    ]);
    for (const f of figures) {
      expect(f.svg![0]).toBeGreaterThan(200);
      expect(f.svg![1]).toBeGreaterThan(150);
    }
    for (const f of figures.slice(1)) expect(f.lines).toBeGreaterThan(0);
    // Every seed: one dot per seed that finished (each run of the fixture), drawn with non-zero size.
    const dots = await page.$$eval('#chart-1 .mark-symbol.role-mark.seed_dots_marks path', (ps) => ps.filter((p) => {
      const b = p.getBoundingClientRect();
      return b.width > 0 && b.height > 0;
    }).length);
    const seeds = await page.$$eval('#runs tbody tr', (trs) => trs.length);
    expect(dots).toBe(seeds);
    // metric_vs_lr: 3 initializers → 3 lines, 9 points (normal(1) at lr 1, all diverged, at its untrained level), 9 bars.
    // 8 bars: normal(1) at lr 1 has three seeds at the same untrained level, a bar of zero height.
    expect(figures[1]).toMatchObject({ lines: 3, rules: 8 });
    expect(figures[1]!.symbols).toBeGreaterThanOrEqual(9);
    // learning curves: 8 panels (one configuration fully diverged) × (line + band) per split.
    expect(figures[3]!.lines).toBe(16);
    expect(figures[3]!.areas).toBe(16);
    // layer diagnostics: 2 rows × 4 panels (start, end at each of 3 lr); 3 initializers each, except
    // the end at lr 1, where normal(1) has no completed run: 2 × (4·3 − 1) = 22 lines.
    expect(figures[2]!.lines).toBe(22);
  });

  it('lays out without horizontal overflow of the page body and has the tables', async () => {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.body.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    const best = await page.$$eval('td.best', (tds) => tds.map((t) => t.textContent));
    // ★ only where Holm-corrected Welch tests separate the leader; never a cell with a seed that did not learn.
    expect(best.length).toBeGreaterThan(0);
    for (const b of best) expect(b).not.toMatch(/learned|diverged/);
  });

  it('prints to PDF with the print stylesheet', async () => {
    await page.emulateMedia({ media: 'print' });
    const navHidden = await page.$eval('nav', (n) => getComputedStyle(n).display === 'none');
    expect(navHidden).toBe(true);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    await page.emulateMedia({ media: 'screen' });
  });
});

describe.skipIf(!hasChromium)('a study with variants, on one 1280 × 900 screen', () => {
  let root: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    root = tmpDir('browser-xavier');
    const dir = writeResults(path.join(root, 'results'), {
      name: 'xavier', sweepKeys: ['model.init.weights', 'optimizer.lr'], runs: xavierRuns(), specText: XAVIER_SPEC, environment: ENVIRONMENT,
    });
    const out = await generateReport(dir, path.join(root, 'reports'));
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(out.htmlPath).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('the answer and the first summary table are above the fold; the per-lr detail is folded', async () => {
    const layout = await page.evaluate(() => {
      const top = (sel: string) => document.querySelector(sel).getBoundingClientRect().top;
      // A closed <details> hides its content with content-visibility, which keeps boxes: ask for visibility.
      const shown = document.querySelector('details.more li').checkVisibility();
      return { headline: top('.headline'), table: top('#summary table'), shown };
    });
    expect(layout.headline).toBeLessThan(300);
    expect(layout.table).toBeLessThan(900 - 100); // the table's head and first row, not only its title
    expect(layout.shown).toBe(false);
  });

  it('prints the folded detail', async () => {
    await page.emulateMedia({ media: 'print' });
    const shown = await page.$eval('details.more li', (li) => li.checkVisibility());
    await page.emulateMedia({ media: 'screen' });
    expect(shown).toBe(true);
  });

  it('draws the layer diagnostics as one row of panels per variant', async () => {
    // 2 statistics × 2 variants × 5 panels (start, end at each of 4 lr) × 3 initializers.
    const lines = await page.$$eval('#chart-4 .mark-line.role-mark path', (ps) => ps.length);
    expect(lines).toBe(60);
  });
});
