/**
 * Every string from a spec or a CSV reaches the page as text: names, the
 * description, variants, swept values, error messages. Checked in the HTML
 * source, in the Markdown, and in the DOM Chromium builds from the page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown } from '../../src/report/escape.js';
import { generateReport } from '../../src/report/generate.js';
import { hasChromium, launch, requireChromium } from './browser.js';
import { tmpDir, writeResults, type FixtureRun } from './fixtures.js';

// Callbacks passed to page.evaluate run in the page; tsconfig has no DOM lib, so its globals are declared loosely.
declare const document: any, window: any, getComputedStyle: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const NAME = '<script>alert(1)</script>';
const VARIANT = '"><img src=x onerror=alert(2)>';
const VALUE = "ünï|cødé ✓ 学习率 'α' <b>";
const ERROR = '<script>alert("err")</script> & \'quote\' | pipe';
const DESCRIPTION = 'Does <b>bold</b> "quote" \'single\' & ünïcødé α→β | pipe\n# not a heading';

const SPEC = `name: "${NAME}"
description: ${JSON.stringify(DESCRIPTION)}
seeds: [0, 1]
sweep:
  model.activation: ${JSON.stringify([VALUE, 'relu'])}
`;

let root: string;
let html: string;
let md: string;
let htmlPath: string;

beforeAll(async () => {
  root = tmpDir('escape');
  const runs: FixtureRun[] = [];
  for (const variant of [VARIANT, 'plain']) for (const v of [VALUE, 'relu']) for (const seed of [0, 1]) {
    const failed = v === VALUE && variant === VARIANT && seed === 1;
    runs.push({ variant, swept: { 'model.activation': v }, seed, status: failed ? 'failed' : 'completed', val_accuracy: 0.8 + seed * 0.01, error: failed ? ERROR : '' });
  }
  const dir = writeResults(path.join(root, 'results'), { name: 'xss', sweepKeys: ['model.activation'], runs, specText: SPEC });
  const out = await generateReport(dir, path.join(root, 'reports'));
  htmlPath = out.htmlPath;
  html = fs.readFileSync(out.htmlPath, 'utf8');
  md = fs.readFileSync(out.markdownPath, 'utf8');
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('escaping', () => {
  it('escapeHtml and escapeMarkdown on their own', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeMarkdown('a|b *c* [l](u) <i>')).toBe('a\\|b \\*c\\* \\[l\\](u) &lt;i&gt;');
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('0.01')).toBe('0.01');
    expect(escapeMarkdown('line\nbreak')).toBe('line break');
  });

  it('the HTML source has no element or attribute from the data, only escaped text', () => {
    expect(html).not.toMatch(/<script|<img|<b>/i); // (attributes are checked in the DOM below)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;err&quot;)&lt;/script&gt; &amp; &#39;quote&#39; | pipe');
    expect(html).toContain('Does &lt;b&gt;bold&lt;/b&gt; &quot;quote&quot; &#39;single&#39; &amp; ünïcødé α→β');
    expect(html).toContain('ünï|cødé ✓ 学习率'); // Unicode kept as is
  });

  it('the Markdown escapes HTML and table pipes outside the spec block', () => {
    const [body] = md.split('## The spec as run');
    expect(body).not.toMatch(/<script|<img|<b>/i);
    expect(body).toContain('# &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(body).toContain('ünï\\|cødé ✓ 学习率');
    expect(body).toContain('&lt;script&gt;alert("err")&lt;/script&gt; &amp; \'quote\' \\| pipe');
    // Every table row still has the header's number of cells: no pipe from the data split one.
    for (const block of body.split('\n\n').filter((b) => b.startsWith('|'))) {
      const counts = block.split('\n').map((l) => l.replace(/\\\|/g, '').split('|').length);
      expect(new Set(counts).size).toBe(1);
    }
  });
});

requireChromium('the escaping browser test');

describe.skipIf(!hasChromium)('escaping in the browser', () => {
  it('no element comes from the data and the text reads as written', async () => {
    const browser = await launch();
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
      await page.goto(pathToFileURL(htmlPath).href);
      const r = await page.evaluate(() => ({
        bad: document.querySelectorAll('script, img, iframe, object, embed, b').length,
        onAttrs: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
        title: document.title,
        h1: document.querySelector('h1')?.textContent,
        text: document.body.innerText,
        svgText: [...document.querySelectorAll('svg text')].map((t) => t.textContent).join('\n'),
      }));
      expect(r.bad).toBe(0);
      expect(r.onAttrs).toBe(0);
      expect(dialogs).toEqual([]);
      expect(r.title).toContain(NAME);
      expect(r.h1).toBe(NAME);
      expect(r.text).toContain(ERROR);
      expect(r.text).toContain(VARIANT);
      expect(r.text).toContain('Does <b>bold</b> "quote"');
      // Chart labels from the data are text inside the SVG too.
      expect(r.svgText).toContain(VALUE);
    } finally {
      await browser.close();
    }
  });
});
