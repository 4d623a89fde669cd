import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReport, type ReportOutput } from '../../src/report/generate.js';
import { ENVIRONMENT, INIT_LR_SPEC, initLrRuns, tmpDir, writeResults, XAVIER_SPEC, xavierRuns } from './fixtures.js';

const KEYS = ['model.init.weights', 'optimizer.lr'];
let root: string;

beforeAll(() => { root = tmpDir('files'); });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('generateReport on a full init × lr study', () => {
  let out: ReportOutput;
  let html: string;
  let md: string;
  beforeAll(async () => {
    const dir = writeResults(path.join(root, 'results'), { name: 'init-vs-lr', sweepKeys: KEYS, runs: initLrRuns(), specText: INIT_LR_SPEC, environment: ENVIRONMENT });
    out = await generateReport(dir, path.join(root, 'reports'), { now: new Date('2026-11-24T02:00:00Z') });
    html = fs.readFileSync(out.htmlPath, 'utf8');
    md = fs.readFileSync(out.markdownPath, 'utf8');
  });

  it('writes reports/<name>/index.html, report.md and each chart as Vega-Lite JSON and SVG', () => {
    expect(out.htmlPath).toBe(path.join(root, 'reports', 'init-vs-lr', 'index.html'));
    expect(out.warnings).toEqual([]);
    const charts = fs.readdirSync(path.join(root, 'reports', 'init-vs-lr', 'charts')).sort();
    // lr swept → metric_vs_lr; init swept with diagnostics → layer_diagnostics; curves always.
    expect(charts).toEqual([
      'layer_diagnostics.svg', 'layer_diagnostics.vl.json', 'learning_curves.svg', 'learning_curves.vl.json',
      'loss_curves.svg', 'loss_curves.vl.json', 'metric_vs_lr.svg', 'metric_vs_lr.vl.json', 'seeds.svg', 'seeds.vl.json',
    ]);
    const spec = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'init-vs-lr', 'charts', 'metric_vs_lr.vl.json'), 'utf8'));
    expect(spec.$schema).toMatch(/vega-lite\/v5/);
    expect(spec.encoding.x.scale.type).toBe('log');
  });

  it('keeps diverged runs out of chart data: every number in the specs is finite', () => {
    for (const f of ['metric_vs_lr', 'learning_curves', 'loss_curves', 'layer_diagnostics']) {
      const spec = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'init-vs-lr', 'charts', `${f}.vl.json`), 'utf8'));
      const values: Record<string, unknown>[] = spec.data.values;
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) for (const x of Object.values(v)) if (typeof x !== 'string') expect(Number.isFinite(x)).toBe(true);
      // normal(1) at lr 1 diverged on every seed: in the lr chart it counts at its untrained level; the curves leave it out.
      if (f === 'metric_vs_lr') expect(values.find((v) => v.series === 'normal(1)' && v.lr === 1)).toMatchObject({ n: 3 });
      if (f === 'learning_curves') expect(values.some((v) => String(v.panel).includes('normal(1), lr=1'))).toBe(false);
    }
  });

  it('metric_vs_lr points are the hand-computed means and ± std bars', () => {
    const spec = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'init-vs-lr', 'charts', 'metric_vs_lr.vl.json'), 'utf8'));
    // he_normal at lr 1: seeds 0 and 1 completed with 0.92 − 0.004 and 0.92; seed 2 diverged and counts at its
    // epoch-0 accuracy, 0.1: mean (0.916 + 0.92 + 0.1) / 3 = 0.645333; std 0.4723, so the upper bar is cut at 1.
    const p = spec.data.values.find((v: Record<string, unknown>) => v.series === 'he_normal' && v.lr === 1);
    expect(p.mean).toBeCloseTo(0.645333, 5);
    expect(p.hi).toBe(1);
    expect(p.lo).toBeCloseTo(0.645333 - 0.472281, 5);
    expect(p.n).toBe(3);
  });

  it('the page has the sections in order, inline SVG, no script and nothing external', () => {
    const order = ['<h1>init-vs-lr</h1>', 'Which weight initializer', 'id="findings"', 'id="summary"', 'id="charts"', 'id="failures"', 'id="runs"', 'id="spec"', 'id="environment"'];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect((html.match(/<svg /g) ?? []).length).toBe(5);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(\s*['"]?(https?:|\/\/)/i);
    expect(html).not.toMatch(/\s(src|srcset)=/);
    // Ids are unique across the inlined charts (Vega numbers clip paths from 1 in every SVG).
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows the summary table, diverged counts, the environment and the spec as run', () => {
    expect(html).toContain('★ 0.9650 ± 0.0040');
    expect(html).toContain('diverged 3/3');
    expect(html).toContain('2/3 succeeded · diverged 1 · survivors only: 0.9180 (n=2)');
    expect(html).toContain('sample standard deviation (divisor n − 1)');
    expect(html).toContain('abc1234');
    expect(html).toContain('Test CPU @ 2.0GHz');
    expect(html).toContain('5 min 13 s (312.5 s)');
    expect(html).toContain('  model.init.weights: [xavier_uniform, he_normal, normal(1)]');
    expect(html).toContain('loss became NaN at epoch 3');
    expect(html).not.toContain('Partial results');
  });

  it('the per-run tables show a diverged run\'s missing values as a dash, never "NaN", and say what the values are', () => {
    const runs = html.slice(html.indexOf('id="runs"'), html.indexOf('</section>', html.indexOf('id="runs"')));
    expect(runs).toContain('Values of each run&#39;s last completed epoch (the epochs column): a diverged run shows where it was before it diverged, and has no test accuracy (—).');
    expect(runs).not.toContain('NaN');
    // A diverged row: its status, then best_val_accuracy and test_accuracy (NaN in the fixture's runs.csv) as dashes.
    expect(runs).toMatch(/<span class="bad">diverged<\/span><\/td><td class="num">\d+<\/td><td class="num">[^<]+<\/td><td class="num">—<\/td><td class="num">—<\/td>/);
    const mdRuns = md.slice(md.indexOf('## Every run'), md.indexOf('## ', md.indexOf('## Every run') + 3));
    expect(mdRuns).not.toContain('NaN');
  });

  it('findings open with the answer; the per-lr detail is folded away below the notes', () => {
    const findings = html.slice(html.indexOf('id="findings"'), html.indexOf('id="summary"'));
    expect(findings).toContain('<div class="headline"><p>In answer to &quot;Which weight initializer');
    expect(findings).toContain('he_normal has the best mean val_accuracy, 0.9650 ± 0.0040 at lr = 0.1 (n = 3), 0.0150 above xavier_uniform, the runner-up there (95% Welch CI 0.00593 to 0.0241; Holm-adjusted p');
    expect(findings.indexOf('<div class="headline">')).toBeLessThan(findings.indexOf('<ul class="findings">'));
    const [open, folded] = findings.split('<details class="more">');
    expect(open).not.toContain('is ahead');
    expect(folded).toContain('<summary>Leader against runner-up at each lr (3 comparisons)</summary>');
    expect(folded).toContain('At lr = 0.01, init.weights = he_normal is ahead (0.9000 ± 0.0040, n = 3) of init.weights = xavier_uniform');
    expect(md).toMatch(/## Findings\n\nIn answer to .*he\\_normal has the best mean val\\_accuracy/);
    expect(md).toContain('### Leader against runner-up\n\n- At lr = 0.01');
  });

  it('the Markdown twin has the tables and links to the SVG files', () => {
    expect(md).toContain('| model.init.weights \\\\ optimizer.lr | 0.01 | 0.1 | 1 |');
    expect(md).toMatch(/\| he\\_normal \| (\*\*★|☆) 0\.9000 ± 0\.0040 \(n=3\)/);
    expect(md).toContain('0.6453 ± 0.47 (2/3 succeeded, diverged 1, survivors only: 0.9180 (n=2))');
    expect(md).toContain('(charts/metric_vs_lr.svg)');
    expect(md).toMatch(/```+yaml\nname: init-vs-lr/);
  });
});

describe('generateReport on a study with variants', () => {
  let html: string;
  let dir: string;
  beforeAll(async () => {
    const results = writeResults(path.join(root, 'v-results'), { name: 'xavier', sweepKeys: KEYS, runs: xavierRuns(), specText: XAVIER_SPEC });
    const out = await generateReport(results, path.join(root, 'v-reports'));
    dir = path.dirname(out.htmlPath);
    html = fs.readFileSync(out.htmlPath, 'utf8');
  });

  it('one headline per variant, and every summary table before the long pairwise tables', () => {
    expect(html).toMatch(/<p><strong>relu:<\/strong> (In answer to .*: )?xavier_uniform has the best mean val_accuracy/);
    expect(html).toContain('<p><strong>tanh:</strong> he_normal has the best mean val_accuracy');
    const at = ['<h3>relu</h3>', '<h3>tanh</h3>', 'other rows (relu)', 'other rows (tanh)'].map((x) => html.indexOf(x));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('layer diagnostics: a row of panels per variant, never a ReLU net averaged with a tanh net', () => {
    const spec = JSON.parse(fs.readFileSync(path.join(dir, 'charts', 'layer_diagnostics.vl.json'), 'utf8'));
    for (const block of spec.vconcat) expect(block.facet.row).toMatchObject({ field: 'split', title: 'variant', sort: ['relu', 'tanh'] });
    const point = (split: string, when: string) => spec.data.values.find((v: Record<string, unknown>) =>
      v.split === split && v.series === 'he_normal' && v.stat === 'activation std' && v.when === when && v.layer === 1);
    // The fixture's tanh activations are a quarter of the ReLU ones; a pooled mean would be 0.625 of them.
    const start = point('tanh', 'start (epoch 0)').mean / point('relu', 'start (epoch 0)').mean;
    expect(start).toBeCloseTo(0.25, 12);
    expect(point('relu', 'start (epoch 0)').n).toBe(12);
    expect(html).toContain('One row of panels per variant');
    expect(html).not.toContain('pooled over variant');
  });
});

describe('generateReport on incomplete or unusual folders', () => {
  it('says "N of M runs complete" for partial results', async () => {
    const runs = initLrRuns().slice(0, 20);
    const dir = writeResults(path.join(root, 'partial'), { name: 'init-vs-lr', sweepKeys: KEYS, runs, specText: INIT_LR_SPEC, environment: ENVIRONMENT });
    const out = await generateReport(dir, path.join(root, 'partial-reports'));
    const html = fs.readFileSync(out.htmlPath, 'utf8');
    expect(html).toContain('Partial results: 20 of 27 runs complete.');
    expect(fs.readFileSync(out.markdownPath, 'utf8')).toContain('20 of 27 runs complete');
  });

  it('a folder without runs.csv is a one-line error', async () => {
    const empty = path.join(root, 'nothing');
    fs.mkdirSync(empty, { recursive: true });
    await expect(generateReport(empty, path.join(root, 'r'))).rejects.toThrow(/^.*nothing has no runs\.csv: not a results folder, or no run has finished yet$/);
    await expect(generateReport(path.join(root, 'missing'), path.join(root, 'r'))).rejects.toThrow(/results folder not found/);
  });

  it('without spec.yaml, rows and columns come from the swept columns; a cut-off line is dropped with a warning', async () => {
    const dir = writeResults(path.join(root, 'nospec'), { name: 'nospec', sweepKeys: KEYS, runs: initLrRuns(), specText: null, environment: null });
    fs.appendFileSync(path.join(dir, 'runs.csv'), 'rzzz,,he_normal,0.1,9,completed,6');
    const out = await generateReport(dir, path.join(root, 'nospec-reports'));
    expect(out.warnings.join('\n')).toMatch(/runs\.csv: last line is incomplete/);
    expect(out.warnings.join('\n')).toMatch(/no spec\.yaml: table rows and columns are inferred/);
    const html = fs.readFileSync(out.htmlPath, 'utf8');
    expect(html).toContain('model.init.weights \\ optimizer.lr');
    expect(html).toContain('spec.yaml is missing');
    expect(html).toContain('environment.json is missing');
    expect(html).not.toContain('rzzz');
  });

  it('a regularization study gets the generalization gap and weight norm charts', async () => {
    const runs = [0, 1e-4, 1e-3].flatMap((l2) => [0, 1].map((seed) => ({
      swept: { 'regularization.l2': l2 }, seed, status: 'completed' as const,
      val_accuracy: 0.9 + l2 * 10 + seed * 0.002, train_accuracy: 0.99 - l2 * 20,
    })));
    const dir = writeResults(path.join(root, 'l2'), { name: 'l2', sweepKeys: ['regularization.l2'], runs });
    const out = await generateReport(dir, path.join(root, 'l2-reports'));
    const charts = fs.readdirSync(path.join(root, 'l2-reports', 'l2', 'charts')).filter((f) => f.endsWith('.svg')).sort();
    expect(charts).toEqual(['generalization_gap.svg', 'learning_curves.svg', 'loss_curves.svg', 'seeds.svg', 'weight_norm_vs_l2.svg']);
    const gap = JSON.parse(fs.readFileSync(path.join(root, 'l2-reports', 'l2', 'charts', 'generalization_gap.vl.json'), 'utf8'));
    const v = gap.data.values.find((x: Record<string, unknown>) => x.x === '0.001' && x.split === 'train');
    expect(v.mean).toBeCloseTo(0.97, 12);
    // The fixture's weight norms scale with 1 / (1 + 1000·λ): λ = 0.001 halves them.
    const wn = JSON.parse(fs.readFileSync(path.join(root, 'l2-reports', 'l2', 'charts', 'weight_norm_vs_l2.vl.json'), 'utf8'));
    const at = (l2: string) => wn.data.values.find((x: Record<string, unknown>) => x.l2 === l2).mean;
    expect(at('0.001') / at('0')).toBeCloseTo(0.5, 12);
    expect(fs.readFileSync(out.htmlPath, 'utf8')).toContain('Generalization gap');
  });

  it('a sweep of nothing (one configuration, several seeds) and a folder with no finished run still render', async () => {
    const runs = [0, 1, 2].map((seed) => ({ swept: {}, seed, status: 'completed' as const, val_accuracy: 0.9 + 0.01 * seed }));
    const dir = writeResults(path.join(root, 'single'), { name: 'single', sweepKeys: [], runs });
    const out = await generateReport(dir, path.join(root, 'single-reports'));
    const html = fs.readFileSync(out.htmlPath, 'utf8');
    // [0.90, 0.91, 0.92]: mean 0.91, std 0.01
    expect(html).toContain('The mean val_accuracy is 0.9100 ± 0.010 (n = 3).');
    expect(html).toContain('0.9100 ± 0.010');

    const none = writeResults(path.join(root, 'none'), { name: 'none', sweepKeys: ['optimizer.lr'], runs: [] });
    const out2 = await generateReport(none, path.join(root, 'none-reports'));
    const html2 = fs.readFileSync(out2.htmlPath, 'utf8');
    expect(html2).toContain('0 runs in 0 configurations');
    expect(html2).toContain('No charts fit these results.');
  });
});
