import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bestEpoch, cellStats, epochsToTarget, groupRuns, metricMeasure, summaryTables,
} from '../../src/report/aggregate.js';
import { buildReport } from '../../src/report/build.js';
import { loadResults } from '../../src/report/load.js';
import { tmpDir, writeResults, type FixtureRun } from './fixtures.js';
import { allFindings } from '../../src/report/findings.js';
import { cellDisplay } from '../../src/report/format.js';
import { chooseLayout, orderedValues } from '../../src/report/layout.js';
import { DEFAULT_REPORT, type ResultsData, type RunRow } from '../../src/report/model.js';

function run(id: string, swept: Record<string, string>, seed: number, status: string, val: number, variant = ''): RunRow {
  return {
    run_id: id, variant, swept, seed: String(seed), status, epochs: 5, diverged_epoch: status === 'diverged' ? 2 : null,
    metrics: { val_accuracy: status === 'completed' ? val : NaN, val_loss: status === 'completed' ? 1 - val : NaN },
    seconds: 1, error: '',
  };
}

function data(runs: RunRow[], sweptKeys: string[], report = DEFAULT_REPORT): ResultsData {
  return {
    name: 't', sweptKeys, hasVariants: runs.some((r) => r.variant !== ''), runs, epochs: new Map(), specText: null,
    spec: { name: 't', description: null, report, expectedRuns: null }, environment: null, warnings: [],
  };
}

/** init ∈ {a, b} × lr ∈ {0.1, 1} × 3 seeds; b at lr 1 diverges for seeds 1 and 2. */
function initLr(): RunRow[] {
  const vals: Record<string, number[]> = {
    'a|0.1': [0.90, 0.92, 0.94], 'a|1': [0.80, 0.81, 0.82], 'b|0.1': [0.95, 0.96, 0.97], 'b|1': [0.70, 0.0, 0.0],
  };
  const runs: RunRow[] = [];
  let i = 0;
  for (const init of ['a', 'b']) for (const lr of ['1', '0.1']) for (let s = 0; s < 3; s++) {
    const diverged = init === 'b' && lr === '1' && s > 0;
    runs.push(run(`r${i++}`, { init, 'optimizer.lr': lr }, s, diverged ? 'diverged' : 'completed', vals[`${init}|${lr}`]![s]!));
  }
  return runs;
}

describe('grouping and cell statistics', () => {
  it('groups by everything but the seed, in natural value order', () => {
    const groups = groupRuns(data(initLr(), ['init', 'optimizer.lr']));
    expect(groups.map((g) => g.label)).toEqual(['init=a, lr=0.1', 'init=a, lr=1', 'init=b, lr=0.1', 'init=b, lr=1']);
    expect(groups.every((g) => g.runs.length === 3)).toBe(true);
    expect(orderedValues(['1', '0.01', '0.1', '1'])).toEqual(['0.01', '0.1', '1']);
    expect(orderedValues(['he', 'xavier', 'he'])).toEqual(['he', 'xavier']);
  });

  it('without epoch rows a diverged seed cannot be scored: the cell is not ranked, only its survivor mean is shown, labelled', () => {
    const g = groupRuns(data(initLr(), ['init', 'optimizer.lr'])).find((x) => x.label === 'init=b, lr=1')!;
    const c = cellStats(g.runs, metricMeasure('val_accuracy'));
    expect(c.stats).toBeNull();
    expect(c.survivors!.mean).toBeCloseTo(0.7, 12);
    expect([c.total, c.completed, c.diverged, c.failed, c.unscored]).toEqual([3, 1, 2, 0, 2]);
    expect(cellDisplay(c).main).toBe('0.7000 (survivors only)');
  });

  it('every seed counts: a diverged seed counts at its own epoch-0 level', () => {
    const runs = initLr();
    const epochs = new Map(runs.map((r) => [r.run_id, [{ epoch: 0, val_accuracy: 0.1 }]]));
    const g = groupRuns(data(runs, ['init', 'optimizer.lr'])).find((x) => x.label === 'init=b, lr=1')!;
    const c = cellStats(g.runs, metricMeasure('val_accuracy', epochs, runs));
    // [0.70, 0.1, 0.1]: mean 0.3 (the survivor alone would say 0.70).
    expect(c.stats!.mean).toBeCloseTo(0.3, 12);
    expect(c.stats!.n).toBe(3);
    expect(c.seeds.filter((x) => x.untrained)).toHaveLength(2);
    expect(cellDisplay(c).notes).toEqual(['1/3 succeeded', 'diverged 2', 'survivors only: 0.7000 (n=1)']);
  });

  it('a cell where every seed diverged says so instead of showing a number', () => {
    const runs = [0, 1, 2].map((s) => run(`d${s}`, { lr: '10' }, s, 'diverged', 0));
    const c = cellStats(runs, metricMeasure('val_accuracy'));
    expect(c.stats).toBeNull();
    expect(cellDisplay(c)).toEqual({ main: 'diverged 3/3', notes: [] });
  });

  it('hand-computed mean and sample std of a cell', () => {
    const g = groupRuns(data(initLr(), ['init', 'optimizer.lr'])).find((x) => x.label === 'init=a, lr=0.1')!;
    const s = cellStats(g.runs, metricMeasure('val_accuracy')).stats!;
    // [0.90, 0.92, 0.94]: mean 0.92; deviations ±0.02, 0 → (0.0004 + 0.0004) / 2 = 0.0004 → std 0.02
    expect(s.mean).toBeCloseTo(0.92, 12);
    expect(s.std).toBeCloseTo(0.02, 12);
    expect(cellDisplay(cellStats(g.runs, metricMeasure('val_accuracy'))).main).toBe('0.9200 ± 0.020');
  });
});

describe('summary tables', () => {
  it('rows × columns with the best cell per column marked', () => {
    const d = data(initLr(), ['init', 'optimizer.lr']);
    const layout = chooseLayout(d, { ...DEFAULT_REPORT, rows: 'init', columns: 'optimizer.lr' }, []);
    const [t] = summaryTables(d, layout, metricMeasure('val_accuracy'));
    expect(t!.rowValues).toEqual(['a', 'b']);
    expect(t!.colValues).toEqual(['0.1', '1']);
    // lr 0.1: b (0.96) beats a (0.92); lr 1: a (0.81) beats b's lone completed seed (0.70).
    // lr 0.1: b leads a but Welch (Holm over the table) does not separate them: ☆, not ★.
    // lr 1: b's diverged seeds cannot be scored without epoch rows, so a is the only candidate: no mark.
    expect(t!.leader).toEqual([[false, false], [true, false]]);
    expect(t!.best).toEqual([[false, false], [false, false]]);
  });

  it('splits by the keys that are neither rows nor columns', () => {
    const runs = initLr().map((r, i) => ({ ...r, swept: { ...r.swept, 'model.hidden': i % 2 ? '[64]' : '[128]' } }));
    const d = data(runs, ['init', 'optimizer.lr', 'model.hidden']);
    const layout = chooseLayout(d, { ...DEFAULT_REPORT, rows: 'init', columns: 'optimizer.lr' }, []);
    expect(layout.others).toEqual(['model.hidden']);
    const tables = summaryTables(d, layout, metricMeasure('val_accuracy'));
    expect(tables.map((t) => t.title).sort()).toEqual(['hidden=[128]', 'hidden=[64]']);
    const total = tables.reduce((s, t) => s + t.cells.flat().reduce((a, c) => a + c.total, 0), 0);
    expect(total).toBe(12);
  });

  it('infers the layout when the spec has none: learning rate on the columns', () => {
    const w: string[] = [];
    const d = data(initLr(), ['init', 'optimizer.lr']);
    expect(chooseLayout(d, DEFAULT_REPORT, w)).toEqual({ rows: 'init', columns: 'optimizer.lr', others: [] });
    expect(chooseLayout(d, { ...DEFAULT_REPORT, rows: 'nope' }, w).rows).toBe('init');
    expect(w[0]).toMatch(/report\.rows "nope" is not a swept key/);
  });
});

describe('pairwise comparisons', () => {
  it('orients each pair so the row ahead comes first, with a Welch interval', () => {
    const d = data(initLr(), ['init', 'optimizer.lr']);
    const [t] = summaryTables(d, chooseLayout(d, { ...DEFAULT_REPORT, rows: 'init', columns: 'optimizer.lr' }, []), metricMeasure('val_accuracy'));
    const at01 = t!.comparisons.find((c) => c.column === '0.1')!;
    // b [0.95,0.96,0.97] vs a [0.90,0.92,0.94]: diff 0.04; va = 0.0001/3, vb = 0.0004/3, se = √(0.0005/3) = 0.0129099
    // df = (0.0005/3)² / ((0.0001/3)²/2 + (0.0004/3)²/2) = 0.25 / ((0.01 + 0.16)/2) = 2.9411765; t = 3.21876
    // CI = 0.04 ± 3.21876 · 0.0129099 = 0.04 ± 0.041554 → [−0.00155, 0.08155]
    expect([at01.a, at01.b]).toEqual(['b', 'a']);
    expect(at01.welch!.diff).toBeCloseTo(0.04, 12);
    expect(at01.welch!.df).toBeCloseTo(50 / 17, 8);
    expect(at01.welch!.lo).toBeCloseTo(-0.00155, 4);
    expect(at01.welch!.hi).toBeCloseTo(0.08155, 4);
    // At lr 1, b's diverged seeds have no untrained level to count at: b is not ranked there, so nothing is compared.
    expect(t!.comparisons.find((c) => c.column === '1')).toBeUndefined();
  });

  it('for losses the lower mean leads', () => {
    const runs = [0, 1, 2].flatMap((seed) => [
      { ...run(`x${seed}`, { k: 'x' }, seed, 'completed', 0.5 + 0.01 * seed), metrics: { val_loss: 0.5 + 0.01 * seed } },
      { ...run(`y${seed}`, { k: 'y' }, seed, 'completed', 0.3 + 0.01 * seed), metrics: { val_loss: 0.3 + 0.01 * seed } },
    ]);
    const d = data(runs, ['k']);
    const [t] = summaryTables(d, { rows: 'k', columns: null, others: [] }, metricMeasure('val_loss'));
    const [c] = t!.comparisons;
    expect([c!.a, c!.b]).toEqual(['y', 'x']);
    expect(c!.welch!.diff).toBeCloseTo(-0.2, 12);
    expect(c!.pImprove).toBe(1); // every y seed has the lower loss
  });
});

describe('epoch-derived measures', () => {
  const rows = [0, 1, 2, 3, 4].map((e) => ({ epoch: e, val_accuracy: [0.1, 0.6, 0.91, 0.89, 0.93][e]! }));
  it('epochs to reach a target: the first epoch at or above it, null if never', () => {
    expect(epochsToTarget(rows, 0.9)).toBe(2);
    expect(epochsToTarget(rows, 0.93)).toBe(4);
    expect(epochsToTarget(rows, 0.95)).toBeNull();
  });
  it('best epoch skips epoch 0 and NaN', () => {
    expect(bestEpoch(rows)).toBe(4);
    expect(bestEpoch([{ epoch: 0, val_accuracy: 0.99 }, { epoch: 1, val_accuracy: NaN }, { epoch: 2, val_accuracy: 0.5 }])).toBe(2);
  });
});

describe('findings', () => {
  it('a configuration with one survivor at 0.99 and two diverged seeds is not starred over three seeds near 0.43', () => {
    // Written as nnlab run writes results (runs.csv + epochs.csv, epoch 0 at the untrained 0.1).
    const root = tmpDir('survivor');
    const runs: FixtureRun[] = [
      { swept: { 'optimizer.name': 'lucky' }, seed: 0, status: 'completed', val_accuracy: 0.99 },
      { swept: { 'optimizer.name': 'lucky' }, seed: 1, status: 'diverged', val_accuracy: 0.5, diverged_epoch: 1 },
      { swept: { 'optimizer.name': 'lucky' }, seed: 2, status: 'diverged', val_accuracy: 0.5, diverged_epoch: 1 },
      ...[0.431, 0.428, 0.435].map((v, seed) => ({ swept: { 'optimizer.name': 'steady' }, seed, status: 'completed' as const, val_accuracy: v })),
    ];
    const dir = writeResults(root, { name: 'survivor', sweepKeys: ['optimizer.name'], runs });
    const m = buildReport(loadResults(dir));
    const [t] = m.tables;
    const lucky = t!.rowValues.indexOf('lucky');
    expect(t!.best.flat()).toEqual([false, false]);
    expect(t!.leader[lucky]![0]).toBe(false);
    // lucky counts its diverged seeds at their epoch-0 accuracy: (0.99 + 0.1 + 0.1) / 3.
    expect(t!.cells[lucky]![0]!.stats!.mean).toBeCloseTo((0.99 + 0.1 + 0.1) / 3, 12);
    const f = allFindings(m.findings).join('\n');
    expect(f).toContain('optimizer.name=lucky diverged in 2 of 3 seeds');
    expect(f).toMatch(/^steady has the best mean val_accuracy/);
    expect(f).toMatch(/not separated/);
  });
});

describe('cell display', () => {
  it('a cell whose completed seeds have no value says so, with the other outcomes as notes', () => {
    const c = { total: 3, completed: 2, failedToLearn: 0, diverged: 1, failed: 0, other: 0, missing: 3, unscored: 0, stats: null, seeds: [], survivors: null };
    expect(cellDisplay(c, 'not reached')).toEqual({ main: 'not reached 3/3', notes: ['2/3 succeeded', 'diverged 1'] });
  });
});

describe('failures to learn in results written before the status existed', () => {
  it('a "completed" run whose last training loss is above its epoch-0 one is read as failed_to_learn, with a warning', () => {
    const root = tmpDir('unlearned');
    const runs: FixtureRun[] = [0, 1, 2].map((seed) => ({ swept: { 'optimizer.lr': '0.5' }, seed, status: 'completed' as const, val_accuracy: 0.9 }));
    const dir = writeResults(root, { name: 'old', sweepKeys: ['optimizer.lr'], runs });
    // Make run r001's final training loss 28.4 against 2.31 at epoch 0, as an exploded tanh net ends.
    const file = path.join(dir, 'epochs.csv');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const cols = lines[0]!.split(',');
    const at = cols.indexOf('train_loss');
    const last = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('r001,')).at(-1)![1];
    const cells = lines[last]!.split(',');
    cells[at] = '28.4';
    lines[last] = cells.join(',');
    fs.writeFileSync(file, lines.join('\n'));
    const data = loadResults(dir);
    expect(data.runs.map((r) => r.status)).toEqual(['completed', 'failed_to_learn', 'completed']);
    expect(data.warnings.join(' ')).toMatch(/1 run\(s\) recorded as completed ended with a training loss above their untrained \(epoch-0\) one; counted as failed to learn \(r001\)/);
    const f = allFindings(buildReport(data).findings).join('\n');
    expect(f).toContain('lr=0.5 failed to learn in 1 of 3 seeds');
  });
});

describe('claims that survive the review', () => {
  const level = (lr: string, vals: number[]): RunRow[] => vals.map((v, s) => run(`${lr}-${s}`, { 'model.dropout': lr }, s, 'completed', v));
  const table = (runs: RunRow[]) => summaryTables(data(runs, ['model.dropout']), { rows: null, columns: 'model.dropout', others: [] }, metricMeasure('val_accuracy'))[0]!;

  it('single axis: ★ is the best level separated from every other level — the base too — and never a level merely better than the base', () => {
    const baseBest = table([...level('0', [0.95, 0.951, 0.949]), ...level('0.2', [0.80, 0.81, 0.79]), ...level('0.5', [0.70, 0.71, 0.69])]);
    expect(baseBest.best[0]).toEqual([true, false, false]);
    // 0.91 and 0.90 are both far above the base, but not apart from each other: ☆, not ★.
    const close = table([...level('0', [0.80, 0.81, 0.79]), ...level('0.2', [0.91, 0.92, 0.90]), ...level('0.5', [0.90, 0.91, 0.89])]);
    expect(close.best[0]).toEqual([false, false, false]);
    expect(close.leader[0]).toEqual([false, true, false]);
    // The comparisons shown are still each level against the base.
    expect(close.comparisons.map((k) => [k.a, k.b])).toEqual([['0.2', '0'], ['0.5', '0']]);
  });

  it('seeds needed is for a claim that survives Holm, and never a count already run', () => {
    const t = table([...level('0', [0.80, 0.85, 0.75]), ...level('0.2', [0.86, 0.84, 0.82]), ...level('0.5', [0.70, 0.90, 0.60])]);
    for (const k of t.comparisons.filter((x) => !x.separated && x.seedsNeeded !== null)) {
      expect(k.seedsNeeded!).toBeGreaterThan(Math.max(k.sa!.n, k.sb!.n));
    }
    expect(t.comparisons.some((k) => k.seedsNeeded !== null)).toBe(true);
  });

  it('no spread on either side: no test, so never "separated", and no ★', () => {
    const t = table([...level('0', [0.5, 0.5]), ...level('0.2', [0.6, 0.6])]);
    expect(t.comparisons[0]!.welch!.p).toBeNaN();
    expect(t.comparisons[0]!.separated).toBe(false);
    expect(t.best[0]).toEqual([false, false]);
  });
});

describe('the untrained level of a run with no epoch rows', () => {
  it("is its configuration's epoch-0 level, else that of every run", () => {
    const runs = [
      run('a0', { k: 'a' }, 0, 'completed', 0.9), run('a1', { k: 'a' }, 1, 'failed', 0),
      run('b0', { k: 'b' }, 0, 'completed', 0.8), run('c0', { k: 'c' }, 0, 'failed', 0),
    ];
    // a's untrained nets score 0.3, b's 0.1; the failed runs a1 and c0 have no epoch rows.
    const epochs = new Map([['a0', [{ epoch: 0, val_accuracy: 0.3 }]], ['b0', [{ epoch: 0, val_accuracy: 0.1 }]]]);
    const m = metricMeasure('val_accuracy', epochs, runs);
    expect(m.untrained!(runs[1]!)).toBeCloseTo(0.3, 12); // a's own level
    expect(m.untrained!(runs[3]!)).toBeCloseTo(0.2, 12); // c has none: the mean over every run with one
  });
});
