/**
 * The live view in Chromium: while `nnlab run` works, its report carries a
 * "running: k of n" banner and reloads itself; a later look shows a larger k;
 * at the end the reload is gone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launch, requireChromium } from './browser.js';
import { nnlabAsync, requireBuild, tmpDir, writeSpec } from '../cli/helpers.js';

requireChromium('the live view test');

// 16 runs of 100-wide nets on digits, one worker: ~25-40 s, long enough to watch it run, with the
// live view held to 5% of the time (a render of ~0.7 s at most every ~14 s).
const SPEC = `data: digits
model: { hidden: [100, 100] }
optimizer: { name: sgd, lr: 0.1 }
train: { epochs: 200, batch_size: 16 }
seeds: 4
sweep:
  optimizer.lr: [0.02, 0.05, 0.1, 0.2]
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasChromium)('the live view of a running sweep', () => {
  let browser: Browser;
  beforeAll(async () => {
    requireBuild();
    browser = await launch();
  });
  afterAll(async () => { await browser?.close(); });

  it('shows k of n while running, a larger k later, and stops reloading at the end', async () => {
    const dir = tmpDir('nnlab-live-');
    writeSpec(dir, 'live', SPEC);
    const html = path.join(dir, 'reports', 'live', 'index.html');
    const child = nnlabAsync(dir, ['run', 'live.yaml', '--workers', '1'], { NNLAB_LIVE_SECONDS: '1' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (q) => requests.push(q.url()));
    const seen: number[] = [];
    let refreshing = false;
    let finished = false;
    exited.then(() => { finished = true; });
    // Look at the page as it is rewritten, like a user reloading it.
    while (!finished && seen.length < 200) {
      await sleep(400);
      if (!fs.existsSync(html)) continue;
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' }).catch(() => undefined);
      const banner = await page.$eval('.note.live', (n) => n.textContent ?? '').catch(() => null);
      const m = banner ? /running: (\d+) of 16 runs/.exec(banner) : null;
      if (m) {
        seen.push(Number(m[1]));
        refreshing ||= (await page.$('meta[http-equiv="refresh"]')) !== null;
      }
    }
    expect(await exited).toBe(0);
    expect(refreshing).toBe(true);
    // At least two looks while running, and k grew between them.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...seen)).toBeGreaterThan(Math.min(...seen));
    // At the end: the final report, with no reload and no banner.
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    expect(await page.$('meta[http-equiv="refresh"]')).toBeNull();
    expect(await page.$('.note.live')).toBeNull();
    expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
    await page.close();
  }, 180_000);

  it('an interrupted sweep leaves a page that no longer reloads', async () => {
    const dir = tmpDir('nnlab-live-int-');
    writeSpec(dir, 'live', SPEC);
    const html = path.join(dir, 'reports', 'live', 'index.html');
    const child = nnlabAsync(dir, ['run', 'live.yaml', '--workers', '1'], { NNLAB_LIVE_SECONDS: '1' });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    for (let i = 0; i < 200 && !(fs.existsSync(html) && fs.readFileSync(html, 'utf8').includes('http-equiv="refresh"')); i++) await sleep(200);
    expect(fs.readFileSync(html, 'utf8')).toContain('http-equiv="refresh"');
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const text = fs.readFileSync(html, 'utf8');
    expect(text).not.toContain('http-equiv="refresh"');
    expect(text).not.toContain('class="note live"');
  }, 180_000);
});
