/**
 * The index of every experiment: quick, digits and circles run into one results
 * folder; reports/index.html and `nnlab list` list all three with their counts,
 * links to their reports, and nothing loaded from outside.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nnlab, readTable, requireBuild, ROOT, tmpDir } from './helpers.js';

describe('reports/index.html and nnlab list', () => {
  let dir: string;
  const names = ['quick', 'digits', 'circles'];
  beforeAll(() => {
    requireBuild();
    dir = tmpDir('nnlab-list-');
    for (const n of names) {
      const r = nnlab(dir, ['run', path.join(ROOT, 'experiments', `${n}.yaml`), '--epochs', '1', '--seeds', '2', '--workers', '2']);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 300_000);

  it('the index lists every experiment with its runs done of total and a link to its report, and loads nothing from outside', () => {
    const html = fs.readFileSync(path.join(dir, 'reports', 'index.html'), 'utf8');
    for (const n of names) {
      const runs = readTable(path.join(dir, 'results', n, 'runs.csv')).rows.length;
      expect(html).toContain(`<a href="${n}/index.html">${n}</a>`);
      expect(fs.existsSync(path.join(dir, 'reports', n, 'index.html'))).toBe(true);
      const row = html.slice(html.indexOf(`<a href="${n}/index.html">`));
      expect(row.slice(0, row.indexOf("</tr>"))).toMatch(new RegExp(`<td class="">complete</td><td class="num">${runs} of ${runs}</td>`));
    }
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
    expect(html).not.toMatch(/https?:\/\/|<script|src=/);
  });

  it('nnlab list prints the same in the terminal, best cell with its interval', () => {
    const r = nnlab(dir, ['list']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^experiment\s+status\s+runs\s+best cell/);
    // By folder name: circles, digits, quick.
    expect(lines.slice(2, 5).map((l) => l.split(/\s+/)[0])).toEqual(['circles', 'digits', 'quick']);
    for (const l of lines.slice(2, 5)) expect(l).toMatch(/complete\s+(\d+) of \1\s+.*val_accuracy \d\.\d+ \[\d(\.\d+)?, [01](\.\d+)?\]/);
    expect(lines.at(-1)).toBe(`index: ${path.join('reports', 'index.html')}`);
  });

  it('a folder held by a live lock (a sweep in progress) is listed as running; once the lock is gone, as it was', () => {
    const lock = path.join(dir, 'results', 'quick', '.lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
    try {
      expect(nnlab(dir, ['list']).stdout).toMatch(/^quick\s+running\s+8 of 8/m);
    } finally {
      fs.rmSync(lock);
    }
    expect(nnlab(dir, ['list']).stdout).toMatch(/^quick\s+complete\s+8 of 8/m);
  });

  it('a missing results folder is bad input: exit 2, one line', () => {
    const r = nnlab(dir, ['list', '--results-dir', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('nnlab: --results-dir nope: no such folder; run an experiment first, e.g. nnlab run experiments/quick.yaml\n');
  });
});
