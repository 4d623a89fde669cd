/**
 * Variant names that are Object.prototype members (issue #16, item 10): "constructor",
 * "toString", "valueOf" and "hasOwnProperty" broke every chart that lists them ("Operator not
 * defined: undefined": Vega takes such a string literal in a sort order for a signal), and
 * "__proto__" silently drew only its own panel. Every chart must draw and name each variant.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeSortOrders } from '../../src/report/charts/safe-sort.js';
import { cleanTmp, nnlab, requireBuild, tmpDir, writeSpec } from './helpers.js';

afterAll(cleanTmp);
beforeAll(requireBuild);

const NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__'];

function spec(sweep: boolean): string {
  return `data: digits
model: { hidden: [8] }
optimizer: { name: sgd, lr: 0.1 }
train: { epochs: 2, batch_size: 64 }
seeds: 2
${sweep ? 'sweep:\n  optimizer.lr: [0.05, 0.2]\n' : ''}variants:
${NAMES.map((n, i) => `  - { name: ${n}, set: { model.hidden: [${4 + 2 * i}] } }`).join('\n')}
${sweep ? 'report:\n  charts: [metric_vs_lr, learning_curves, generalization_gap, loss_curves]\n' : ''}`;
}

/** How often each name is a whole text element of the SVG (a panel title, legend or axis label). */
const labelCounts = (svg: string): number[] => NAMES.map((n) => svg.split(`>${n}<`).length - 1);

describe('variant names that are Object.prototype members', () => {
  it('panels per variant (learning and loss curves): every chart renders, each variant has its panel, named as written', () => {
    const dir = tmpDir();
    writeSpec(dir, 'p', spec(false));
    const r = nnlab(dir, ['run', 'p.yaml', '--results-dir', 'res', '--reports-dir', 'rep']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const charts = path.join(dir, 'rep', 'p', 'charts');
    for (const chart of ['learning_curves', 'loss_curves']) {
      expect(labelCounts(fs.readFileSync(path.join(charts, `${chart}.svg`), 'utf8')), chart).toEqual([1, 1, 1, 1, 1]);
    }
    expect(fs.readFileSync(path.join(dir, 'rep', 'p', 'index.html'), 'utf8')).not.toMatch(/could not be rendered/);
    const cmp = nnlab(dir, ['compare', 'res/p']);
    for (const n of NAMES) expect(cmp.stdout).toMatch(new RegExp(`^${n} +\\S+ ± \\S+ \\(n=2\\)`, 'm'));
  });

  it('a line per variant (metric vs lr) and an axis value per variant (generalization gap) render too', () => {
    const dir = tmpDir();
    writeSpec(dir, 'p', spec(true));
    const r = nnlab(dir, ['run', 'p.yaml', '--results-dir', 'res', '--reports-dir', 'rep']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const charts = path.join(dir, 'rep', 'p', 'charts');
    for (const chart of ['metric_vs_lr', 'generalization_gap']) {
      expect(labelCounts(fs.readFileSync(path.join(charts, `${chart}.svg`), 'utf8')), chart).toEqual([1, 1, 1, 1, 1]);
    }
    for (const chart of ['learning_curves', 'loss_curves']) expect(fs.existsSync(path.join(charts, `${chart}.svg`)), chart).toBe(true);
  });

  it('a chart without such a name is left exactly as built', () => {
    const plain = { data: { values: [{ panel: 'a' }, { panel: 'constructors' }] }, facet: { field: 'panel', sort: ['a', 'constructors'] } };
    expect(safeSortOrders(plain)).toBe(plain);
  });
});
