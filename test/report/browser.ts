/** Headless Debian Chromium for the report's browser tests (playwright-core never downloads a browser). */
import fs from 'node:fs';
import { it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.NNLAB_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

/**
 * Without Chromium: in CI a failing test that says what to install; locally a
 * visible skip. Call at the top level of a test file.
 */
export function requireChromium(what: string): void {
  if (hasChromium) return;
  const msg = `Chromium not found at ${CHROMIUM} (install Debian's chromium package or set NNLAB_CHROMIUM); ${what} needs it`;
  if (process.env.CI) {
    it('Chromium is installed', () => { throw new Error(msg); });
  } else {
    console.warn(`SKIPPED: ${msg}`);
    it.skip(`SKIPPED: ${msg}`, () => {});
  }
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
