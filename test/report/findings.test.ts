/**
 * The Findings' opening paragraph: it must answer "which rows learn, which stay
 * at chance" from the numbers, for any layout, and keep the long per-column
 * detail out of the way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/report/build.js';
import { allFindings } from '../../src/report/findings.js';
import { fmtStd, meanStd } from '../../src/report/format.js';
import { generateReport } from '../../src/report/generate.js';
import { loadResults } from '../../src/report/load.js';
import { DEFAULT_REPORT, type EpochRow, type ResultsData, type RunRow } from '../../src/report/model.js';
import { summarize } from '../../src/report/stats/index.js';
import { tmpDir, writeResults, XAVIER_SPEC, xavierRuns } from './fixtures.js';

let root: string;
beforeAll(() => { root = tmpDir('findings'); });
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A run whose epoch 0 scored `start` (accuracy and loss alike) and which ended at `val`. */
function run(id: string, swept: Record<string, string>, seed: number, val: number, status = 'completed'): RunRow {
  const done = status === 'completed';
  return {
    run_id: id, variant: '', swept, seed: String(seed), status, epochs: 3, diverged_epoch: null,
    metrics: { val_accuracy: done ? val : NaN, val_loss: done ? val : NaN }, seconds: 1, error: '',
  };
}

/** start: every run's epoch-0 value, or values handed out in turn (untrained nets differ); null: no epochs.csv. */
function data(runs: RunRow[], sweptKeys: string[], start: number | number[] | null, report = DEFAULT_REPORT): ResultsData {
  const at = (i: number) => (Array.isArray(start) ? start[i % start.length]! : start!);
  const epochs = new Map<string, EpochRow[]>(start === null ? [] : runs.map((r, i) => [r.run_id, [{ epoch: 0, val_accuracy: at(i), val_loss: at(i) }]]));
  return {
    name: 't', sweptKeys, hasVariants: false, runs, epochs, specText: null,
    spec: { name: 't', description: null, report, expectedRuns: null }, environment: null, warnings: [],
  };
}

/** rows × lr with three seeds at value + (seed − 1)·0.01 each. */
function grid(rowKey: string, values: Record<string, number[]>, lrs: string[]): RunRow[] {
  const runs: RunRow[] = [];
  for (const [rv, byLr] of Object.entries(values)) {
    lrs.forEach((lr, i) => { for (const s of [0, 1, 2]) runs.push(run(`r${runs.length}`, { [rowKey]: rv, 'optimizer.lr': lr }, s, byLr[i]! + (s - 1) * 0.01)); });
  }
  return runs;
}

const headlines = (d: ResultsData) => buildReport(d).findings.headline;

describe('headline on the xavier study', () => {
  it('per variant: the best cell, its margin over the runner-up with the Welch CI, the chance level, column wins', () => {
    const dir = writeResults(root, { name: 'xavier', sweepKeys: ['model.init.weights', 'optimizer.lr'], runs: xavierRuns(), specText: XAVIER_SPEC });
    const f = buildReport(loadResults(dir)).findings;
    expect(f.headline.map((x) => x.title)).toEqual(['relu', 'tanh']);
    // relu, lr 0.1: xavier [0.93, 0.94, 0.95] against the runner-up there, he_normal [0.90, 0.91, 0.92]: difference
    // 0.03, se = √(2 · 0.01² / 3) = 0.0081650, df = 4, t(0.975, 4) = 2.776445 → ± 0.022669 → 0.00733 to 0.0527.
    // Epoch 0 scores 0.1 in every run; normal(0.01)'s gain over it, 0.01, is under 10% of the best's 0.84.
    // Holm over relu's 8 leader-vs-other comparisons: the raw Welch p of xavier vs he_normal is 0.0144; adjusted 0.043.
    expect(f.headline[0]!.text).toBe(
      'In answer to "Does Xavier or He initialization let deep ReLU and tanh networks learn where N(0, 0.01) fails?": '
      + 'xavier_uniform has the best mean val_accuracy, 0.9400 ± 0.010 at lr = 0.1 (n = 3), 0.0300 above he_normal, the runner-up there (95% Welch CI 0.00733 to 0.0527; Holm-adjusted p = 0.043: separated). '
      + 'normal(0.01) stays near chance (the epoch-0 level, 0.100) at every lr: at most 0.1100. '
      + 'Best mean per lr: he_normal at 3 of 4 lr values (0.001, 0.01, 0.5; separated at 2), xavier_uniform at 1 (0.1; separated at 1).',
    );
    // tanh: he_normal [0.925, 0.935, 0.945] against xavier_uniform 0.02 lower: ± 0.022669 includes zero.
    // xavier_uniform collapses to chance at lr 0.5 (0.105); he_normal's 0.26 there is clear of it.
    expect(f.headline[1]!.text).toContain(
      'he_normal has the best mean val_accuracy, 0.9350 ± 0.010 at lr = 0.1 (n = 3), 0.0200 above xavier_uniform, the runner-up there (95% Welch CI −0.00267 to 0.0427; Holm-adjusted p ');
    // d = 2 at α = 0.05/8 (tanh's 8 leader-vs-other comparisons): statsmodels' solve_power gives 8.1 → 9.
    expect(f.headline[1]!.text).toContain('not separated; about 9 seeds per configuration might separate them). ');
    // The full evidence (bootstrap, P(ahead), d, the power figure) is in the folded per-lr detail.
    expect(f.details.join(' ')).toContain('if the observed difference and spread are the true ones, about 9 seeds per configuration would detect it with power 0.8');
    expect(f.headline[1]!.text).toContain(
      'normal(0.01) stays near chance (the epoch-0 level, 0.100) at every lr: at most 0.1100. '
      + 'Also near chance: xavier_uniform at lr = 0.5. he_normal has the best mean at every lr (4 of 4), but the seeds separate it from every other row at only ');
    // "Better at every lr" is claimed only when every per-column test rejects.
    expect(f.headline[1]!.text).not.toContain('beats every');
    // The per-lr leader-vs-runner-up sentences are kept, as the folded detail, one per variant and lr.
    expect(f.details).toHaveLength(8);
    expect(f.details[0]).toMatch(/^With relu, at lr = 0\.001, init\.weights = he_normal is ahead/);
    expect(f.notes).toEqual([
      'Every run trained to its end with a lower training loss than it started with: none diverged, failed, or failed to learn.',
      'With 3 seeds per configuration the intervals are wide (the t quantile for few degrees of freedom is large); treat small differences with caution.',
    ]);
  });
});

describe('headline on other layouts', () => {
  it('a loss (lower is better): the gap is "below" and its interval positive', () => {
    // sgd stays at the epoch-0 loss 2.3; adam at lr 0.1: [0.29, 0.30, 0.31] vs sgd [2.29, 2.30, 2.31] → 2.00 ± 0.0227.
    const runs = grid('optimizer.name', { adam: [0.5, 0.3], sgd: [2.3, 2.3] }, ['0.01', '0.1']);
    const [h] = headlines(data(runs, ['optimizer.name', 'optimizer.lr'], 2.3, { ...DEFAULT_REPORT, metric: 'val_loss' }));
    expect(h!.title).toBe('');
    expect(h!.text).toBe(
      'adam has the best mean val_loss, 0.3000 ± 0.010 at lr = 0.1 (n = 3), 2.00 below sgd, the runner-up there (95% Welch CI 1.98 to 2.02; Holm-adjusted p < 0.001: separated). '
      + 'sgd stays near its untrained value (the epoch-0 level, 2.30) at every lr: at least 2.300. adam beats every other optimizer.name at every lr (2 of 2, each separated after Holm\'s correction).',
    );
  });

  it('without epochs.csv there is no chance level: the worst row is named with its best cell', () => {
    const runs = grid('model.init.weights', { he_normal: [0.9, 0.95], 'normal(1)': [0.7, 0.8] }, ['0.01', '0.1']);
    const [h] = headlines(data(runs, ['model.init.weights', 'optimizer.lr'], null));
    expect(h!.text).toContain('normal(1) is the weakest: at best 0.8000 ± 0.010 at lr = 0.1.');
    expect(h!.text).not.toContain('chance');
  });

  it('numeric row values keep their key; a row with no completed seed is named', () => {
    const runs = [
      ...grid('train.batch_size', { 32: [0.9, 0.92], 64: [0.88, 0.91] }, ['0.01', '0.1']),
      ...[0, 1, 2].map((s) => run(`d${s}`, { 'train.batch_size': '128', 'optimizer.lr': '0.1' }, s, 0, 'diverged')),
    ];
    const [h] = headlines(data(runs, ['train.batch_size', 'optimizer.lr'], 0.1));
    expect(h!.text).toMatch(/^batch_size = 32 has the best mean val_accuracy, 0\.9200 ± 0\.010 at lr = 0\.1 \(n = 3\), 0\.0100 above batch_size = 64, the runner-up there \(95% Welch CI .*: not separated; about \d+ seeds per configuration might separate them\)\./);
    // Every seed of batch_size 128 diverged: they count at the untrained level (0.1), not as a missing row.
    expect(h!.text).toContain('batch_size = 128 stays near chance');
  });

  it('the margin is over the runner-up in the best column, not over the weakest row (which gets its own sentence)', () => {
    // At lr 0.1: adam 0.94, nesterov 0.93, sgd 0.60. sgd's best cell (0.91 at lr 0.01) is the lowest ceiling: the weakest row.
    // adam − nesterov = 0.01 with se 0.0081650, df 4 → ± 0.022669: −0.0127 to 0.0327, which includes zero.
    // d = 1 at α = 0.05/4 (4 leader-vs-other comparisons): statsmodels' solve_power → 24 seeds.
    const runs = grid('optimizer.name', { adam: [0.9, 0.94], sgd: [0.91, 0.6], nesterov: [0.7, 0.93] }, ['0.01', '0.1']);
    const [h] = headlines(data(runs, ['optimizer.name', 'optimizer.lr'], 0.1));
    expect(h!.text).toBe(
      'adam has the best mean val_accuracy, 0.9400 ± 0.010 at lr = 0.1 (n = 3), 0.0100 above nesterov, the runner-up there (95% Welch CI −0.0127 to 0.0327; Holm-adjusted p = 0.58: not separated; about 24 seeds per configuration might separate them). '
      + 'sgd is the weakest: at best 0.9100 ± 0.010 at lr = 0.01. Best mean per lr: adam at 1 of 2 lr values (0.1; separated at 0), sgd at 1 (0.01; separated at 0).',
    );
  });

  it('a single row: every level against the base (the first level when the spec names none), and the levels at chance', () => {
    const runs = ['0.01', '0.1', '1'].flatMap((lr, i) => [0, 1, 2].map((s) => run(`r${i}${s}`, { 'optimizer.lr': lr }, s, [0.8, 0.9, 0.11][i]!)));
    const [h] = headlines(data(runs, ['optimizer.lr'], 0.1));
    // Every seed of a level scored the same: no spread, so no test is possible (never "separated").
    expect(h!.text).toMatch(/^Against the base, lr = 0\.01 \(0\.8000 ± 0, n = 3\): lr = 0\.1 0\.9000 ± 0 \(n = 3\), better by 0\.100 \(.*no test possible: every seed gave the same value on each side\); lr = 1 0\.1100 ± 0 \(n = 3\), worse by 0\.690/);
    expect(h!.text).toContain('Near chance (the epoch-0 level, 0.100): lr = 1. No level\'s val_accuracy is separated from the base\'s in the better direction');
  });

  it('nothing learned, everything diverged, one configuration', () => {
    // Untrained nets score 0.08, 0.10 or 0.12 (std 0.02): a final 0.11 is within 2 std of their 0.100.
    const flat = grid('model.init.weights', { zeros: [0.11, 0.1], ones: [0.105, 0.1] }, ['0.01', '0.1']);
    expect(headlines(data(flat, ['model.init.weights', 'optimizer.lr'], [0.08, 0.1, 0.12]))[0]!.text)
      .toMatch(/^Nothing learned: no cell's mean val_accuracy gets clear of chance \(the epoch-0 level, 0\.100\); the best is 0\.1100 ± 0\.010 at lr = 0\.01\.$/);
    const dead = [0, 1].map((s) => run(`x${s}`, { 'optimizer.lr': '1' }, s, 0, 'diverged'));
    // Diverged seeds count at their untrained level: a sweep where all diverged learned nothing.
    expect(headlines(data(dead, ['optimizer.lr'], 0.1))[0]!.text).toMatch(/^Nothing learned: .*the best is 0\.1000 ± 0\.$/);
    const one = [0, 1, 2].map((s) => run(`o${s}`, {}, s, 0.9 + 0.01 * s));
    expect(headlines(data(one, [], 0.1))[0]!.text).toBe('The mean val_accuracy is 0.9100 ± 0.010 (n = 3).');
  });

  it('allFindings lists headline, notes and detail in page order', () => {
    const runs = grid('model.init.weights', { he_normal: [0.9, 0.95], 'normal(1)': [0.7, 0.8] }, ['0.01', '0.1']);
    const all = allFindings(buildReport(data(runs, ['model.init.weights', 'optimizer.lr'], 0.1)).findings);
    expect(all[0]).toMatch(/^he_normal has the best mean/);
    expect(all.at(-1)).toMatch(/^At lr = 0\.1, init\.weights = he_normal is ahead/);
  });
});

describe('standard deviations that are float noise', () => {
  it('identical values have std exactly 0, not the ~1e-17 their rounded mean leaves', () => {
    // 0.1126 three times sums to a mean one ulp off (0.11259999999999999): the naive std is 1.7e-17.
    expect(summarize([0.1126, 0.1126, 0.1126])!.std).toBe(0);
    expect(summarize([0.1126, 0.1127])!.std).toBeGreaterThan(0);
  });

  it('a std under 1e-12 of the mean prints as 0, in cells and in sentences', () => {
    expect(fmtStd(1.7e-17, 0.1126)).toBe('0');
    expect(fmtStd(0.0043, 0.91)).toBe('0.0043');
    expect(fmtStd(1e-13, 0)).toBe('1.0e−13'); // no mean to be relative to: a real, tiny spread
    const c = { total: 3, completed: 3, failedToLearn: 0, diverged: 0, failed: 0, other: 0, missing: 0, unscored: 0, seeds: [], survivors: null, stats: { n: 3, mean: 0.1126, std: 1.7e-17, min: 0.1126, max: 0.1126 } };
    expect(meanStd(c)).toBe('0.1126 ± 0');
  });

  it('a report of seeds that all scored the same shows ± 0 in tables and findings, never e−17', async () => {
    const runs = ['0.01', '0.1'].flatMap((lr) => [0, 1, 2].map((seed) => ({
      swept: { 'optimizer.lr': lr }, seed, status: 'completed' as const, val_accuracy: lr === '0.1' ? 0.9 + 0.01 * seed : 0.1126,
    })));
    const dir = writeResults(root, { name: 'flat', sweepKeys: ['optimizer.lr'], runs });
    const out = await generateReport(dir, path.join(root, 'reports'));
    const html = fs.readFileSync(out.htmlPath, 'utf8');
    expect(html).not.toMatch(/e−1[0-9]/);
    expect(html).toContain('<td class="num">0.1126 ± 0<span class="sub">n=3 · near chance</span></td>');
    expect(fs.readFileSync(out.markdownPath, 'utf8')).not.toMatch(/e−1[0-9]/);
  });
});
