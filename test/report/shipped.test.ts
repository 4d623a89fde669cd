/**
 * Every experiment that ships, at reduced size (1 epoch, 2 seeds, small MNIST
 * subsets), runs and renders a report that loads in headless Chromium with no
 * request beyond the page itself, and whose per-seed chart draws one dot per
 * seed that finished.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launch, requireChromium } from './browser.js';
import { nnlab, readTable, requireBuild, ROOT, tmpDir } from '../cli/helpers.js';

requireChromium('the shipped experiments\' report test');

const SPECS = fs.readdirSync(path.join(ROOT, 'experiments')).filter((f) => f.endsWith('.yaml')).sort();

/** The reduced size: MNIST specs train on 300 images and validate on 300. */
function reduce(spec: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, 'experiments', spec), 'utf8');
  const mnist = /dataset:\s*mnist/.test(text) ? ['--set', 'data.train_size=300', '--set', 'data.val_size=300'] : [];
  return ['--epochs', '1', '--seeds', '2', ...mnist];
}

describe.skipIf(!hasChromium)('every shipped experiment, reduced', () => {
  let dir: string;
  let browser: Browser;
  beforeAll(async () => {
    requireBuild();
    dir = tmpDir('nnlab-shipped-');
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(SPECS)('%s: runs, and its report loads with no outside request and a dot per seed', async (spec) => {
    const r = nnlab(dir, ['run', path.join(ROOT, 'experiments', spec), ...reduce(spec), '--workers', '2', '--results-dir', 'res', '--reports-dir', 'rep'], {}, 600_000);
    expect(r.stderr.split('\n').filter((l) => l && !l.includes('warning'))).toEqual([]);
    expect(r.code).toBe(0);
    const name = spec.replace(/\.yaml$/, '');
    const html = path.join(dir, 'rep', name, 'index.html');
    const url = pathToFileURL(html).href;
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (q) => requests.push(q.url()));
    await page.goto(url, { waitUntil: 'load' });
    expect(requests).toEqual([url]);
    const runs = readTable(path.join(dir, 'res', name, 'runs.csv')).rows;
    const dots = await page.$$eval('#chart-1 .mark-symbol.role-mark.seed_dots_marks path', (ps) => ps.length);
    // A tune-then-test report's tables and seed chart hold the final runs (the tuning runs are in its Search section).
    expect(dots).toBe(runs.filter((x) => x.status !== 'pending' && (x.stage === undefined || x.stage === 'final')).length);
    await page.close();
  }, 600_000);
});
