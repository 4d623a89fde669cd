/**
 * Faults, for real: `kill -9` of a running sweep at seeded random moments
 * (several times in a row), a results file cut off mid-line, two `nnlab run`
 * on one folder at once, worker threads that crash, a run that runs out of
 * memory. The invariant every time: nothing lost, nothing duplicated, and the
 * final numbers equal an uninterrupted sweep's.
 *
 * Covered elsewhere (not repeated here): a cut-off runs.csv line and failed-run
 * retry (test/cli/run.test.ts), a stale lock with a dead pid written by hand
 * (test/cli/run.test.ts, test/experiment/lock.test.ts), Ctrl-C → exit 130
 * (test/experiment/resume.test.ts), scheduler crash handling with a stand-in
 * worker (test/experiment/scheduler.test.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvRows } from '../../src/experiment/store/results.js';
import {
  CLI, cleanTmp, epochsById, nnlab, nnlabAsync, nnlabSpawn, readTable, requireBuild, rng, runsById, SEED, sleep, tmpDir, writeSpec,
} from './helpers.js';

afterAll(cleanTmp);

beforeAll(requireBuild);

const NO_REPORT = ['--no-report', '--results-dir', 'res'];

// 2 widths × 2 learning rates × 3 seeds = 12 runs of ~0.05–0.2 s each.
const SWEEP = `data: digits
model: { hidden: [16] }
optimizer: { name: sgd, lr: 0.1 }
train: { epochs: 5, batch_size: 16 }
seeds: [1, 2, 3]
sweep:
  model.hidden: [[32], [64]]
  optimizer.lr: [0.05, 0.2]
`;
const TOTAL = 12;
const KILLS = 8;
const EPOCHS = 5;

interface Reference {
  runs: Map<string, Record<string, string>>;
  epochs: Map<string, Record<string, string>[]>;
  /** Mean time of one run in ms (the runs.csv seconds column): what the kill moments scale with. */
  runMs: number;
}

function reference(spec: string, name: string, workers = 2): Reference {
  const dir = tmpDir('nnlab-ref-');
  writeSpec(dir, name, spec);
  const r = nnlab(dir, ['run', `${name}.yaml`, '--workers', String(workers), ...NO_REPORT]);
  expect(r.code, r.stderr).toBe(0);
  const out = path.join(dir, 'res', name);
  const runs = runsById(path.join(out, 'runs.csv'));
  // From the file itself: runsById drops the timing columns, which made runMs NaN and every kill delay 0.
  const seconds = readTable(path.join(out, 'runs.csv')).rows.map((row) => Number(row.seconds));
  expect(seconds.every((x) => Number.isFinite(x) && x >= 0)).toBe(true);
  const runMs = (1000 * seconds.reduce((a, b) => a + b, 0)) / seconds.length;
  return { runs, epochs: epochsById(path.join(out, 'epochs.csv')), runMs };
}

/** Complete lines in a file (a cheap progress probe while a sweep runs). */
function lineCount(file: string): number {
  try {
    const t = fs.readFileSync(file, 'utf8');
    let n = 0;
    for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 10) n++;
    return n;
  } catch {
    return 0;
  }
}

describe('kill -9 at random moments, again and again: nothing lost, nothing duplicated', () => {
  it(`${KILLS} kills of a ${TOTAL}-run sweep on 2 workers, then a resume equal to an uninterrupted sweep`, async () => {
    const ref = reference(SWEEP, 'k');
    expect(ref.runs.size).toBe(TOTAL);
    const dir = tmpDir('nnlab-kill-');
    writeSpec(dir, 'k', SWEEP);
    const out = path.join(dir, 'res', 'k');
    const runsFile = path.join(out, 'runs.csv');
    const epochsFile = path.join(out, 'epochs.csv');
    const random = rng(SEED);
    const stats = { kills: 0, finishedBeforeKill: 0, runRowsChecked: 0, epochRowsChecked: 0, orphanEpochRows: 0, cutLines: 0, staleLocksCleared: 0 };
    const log: string[] = [];
    let done = 0;

    for (let k = 0; k < KILLS; k++) {
      // Seeded moment: once the sweep is under way (it printed its plan) and `target` runs are recorded,
      // wait up to half a run's time more (runs take ~50–200 ms depending on the machine), then SIGKILL.
      if (TOTAL - done < 2) break;
      const target = done + Math.floor(random() * 2);
      const delay = Math.floor((random() * ref.runMs) / 2);
      const staleBefore = fs.existsSync(path.join(out, '.lock'));
      const child = nnlabSpawn(dir, ['run', 'k.yaml', '--workers', '2', ...NO_REPORT]);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d) => (stdout += d));
      child.stderr!.on('data', (d) => (stderr += d));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('close', (code, signal) => res({ code, signal })));
      let ended = false;
      void exited.then(() => (ended = true));
      while (!ended && (!/runs to do/.test(stdout) || lineCount(runsFile) - 1 < target)) await sleep(3);
      if (!ended) await sleep(delay);
      if (!ended) child.kill('SIGKILL');
      const end = await exited;
      const why = `kill ${k} (seed ${SEED}, target ${target} runs, +${delay} ms)\nstdout:\n${stdout}\nstderr:\n${stderr}`;
      if (end.signal !== 'SIGKILL') {
        stats.finishedBeforeKill++;
        expect(end.code, why).toBe(0);
        done = TOTAL; // it finished the sweep before the kill came: the resume below has nothing to do
        break;
      }
      stats.kills++;
      // Past its lock (it announced its plan), a resumed sweep must have cleared the lock the previous kill left.
      if (staleBefore) {
        expect(stderr, why).toMatch(/removed a stale lock/);
        stats.staleLocksCleared++;
      }

      // What the killed process left must load: whole runs only, each once, with the uninterrupted numbers.
      if (!fs.existsSync(runsFile)) {
        log.push(`kill ${k}: before the results folder existed`);
        continue;
      }
      const runs = parseCsvRows(fs.readFileSync(runsFile, 'utf8'), runsFile);
      for (const w of runs.warnings) expect(w, why).toMatch(/last line is incomplete/);
      stats.cutLines += runs.warnings.length;
      const seen = new Set<string>();
      for (const row of runs.rows) {
        expect(seen.has(row.run_id!), `${why}\nrun ${row.run_id} twice`).toBe(false);
        seen.add(row.run_id!);
        const { seconds: _s, ...numbers } = row;
        expect(numbers, why).toEqual(ref.runs.get(row.run_id!));
        stats.runRowsChecked++;
      }
      const epochs = fs.existsSync(epochsFile) ? parseCsvRows(fs.readFileSync(epochsFile, 'utf8'), epochsFile) : { rows: [], warnings: [] };
      for (const w of epochs.warnings) expect(w, why).toMatch(/last line is incomplete/);
      stats.cutLines += epochs.warnings.length;
      const byRun = new Map<string, Record<string, string>[]>();
      for (const e of epochs.rows) {
        if (!byRun.has(e.run_id!)) byRun.set(e.run_id!, []);
        byRun.get(e.run_id!)!.push(e);
      }
      for (const id of seen) {
        const rows = byRun.get(id) ?? [];
        // Epochs 0..E, each exactly once, identical to the uninterrupted sweep.
        expect(rows.map((e) => e.epoch), `${why}\nrun ${id}`).toEqual(Array.from({ length: EPOCHS + 1 }, (_, e) => String(e)));
        expect(rows.map(({ seconds: _s, ...rest }) => rest), why).toEqual(ref.epochs.get(id));
        stats.epochRowsChecked += rows.length;
      }
      for (const [id, rows] of byRun) if (!seen.has(id)) stats.orphanEpochRows += rows.length;
      // kill -9 cannot release the lock; the next run must clear it.
      expect(fs.existsSync(path.join(out, '.lock')), why).toBe(true);

      // The CLI's own reader agrees (status loads the same files).
      const st = nnlab(dir, ['status', 'k.yaml', '--results-dir', 'res', '--json']);
      expect(st.code, `${why}\n${st.stderr}`).toBe(0);
      const status = JSON.parse(st.stdout);
      expect(status.done + status.pending, why).toBe(TOTAL);
      expect(status.done, why).toBe(runs.rows.length);
      done = runs.rows.length;
      log.push(`kill ${k}: after ${target}+ runs and ${delay} ms → ${done} recorded, ${epochs.rows.length} epoch rows, ${runs.warnings.length + epochs.warnings.length} cut lines`);
    }

    // Resume to the end: each run once, numbers equal to the uninterrupted sweep.
    const last = nnlab(dir, ['run', 'k.yaml', '--workers', '2', ...NO_REPORT]);
    expect(last.code, last.stderr).toBe(0);
    if (done < TOTAL) expect(last.stdout).toMatch(new RegExp(`${TOTAL - done} of ${TOTAL} runs to do`));
    else expect(last.stdout).toMatch(/nothing to do/);
    const runs = runsById(runsFile); // throws on a duplicate
    expect(runs.size).toBe(TOTAL);
    for (const [id, row] of ref.runs) expect(runs.get(id)).toEqual(row);
    const epochs = epochsById(epochsFile);
    expect(epochs.size).toBe(TOTAL);
    for (const [id, rows] of ref.epochs) expect(epochs.get(id)).toEqual(rows);
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
    stats.runRowsChecked += runs.size;
    stats.epochRowsChecked += [...epochs.values()].reduce((s, r) => s + r.length, 0);
    expect(stats.kills, log.join('\n')).toBeGreaterThanOrEqual(5);
    expect(stats.staleLocksCleared).toBe(stats.kills - 1);
    console.log(`[hardening] kill loop seed ${SEED}: ${JSON.stringify(stats)}\n  ${log.join('\n  ')}`);
  });
});

describe('a results file cut off mid-line', () => {
  it('epochs.csv cut inside the last run\'s rows: loads with a warning, and that run is re-run once', () => {
    const spec = SWEEP.replace('seeds: [1, 2, 3]', 'seeds: [1]');
    const ref = reference(spec, 'cut');
    const dir = tmpDir('nnlab-cut-');
    writeSpec(dir, 'cut', spec);
    // One worker: epoch rows are appended as epochs finish, so with two the last runs' rows interleave
    // and a cut "inside the last run's rows" would cut into its neighbour's too.
    expect(nnlab(dir, ['run', 'cut.yaml', ...NO_REPORT, '--workers', '1']).code).toBe(0);
    const file = path.join(dir, 'res', 'cut', 'epochs.csv');
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.trimEnd().split('\n');
    const lastRun = lines[lines.length - 1]!.split(',')[0]!;
    const firstOfLast = lines.findIndex((l) => l.startsWith(lastRun + ','));
    // A seeded offset strictly inside the last run's block, never on a line boundary.
    const start = lines.slice(0, firstOfLast).join('\n').length + 1;
    let at = start + Math.floor(rng(SEED + 7)() * (text.length - 1 - start));
    while (text[at - 1] === '\n' || text[at] === '\n') at++;
    fs.writeFileSync(file, text.slice(0, at));

    const r = nnlab(dir, ['run', 'cut.yaml', ...NO_REPORT]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/epochs\.csv: last line is incomplete/);
    expect(r.stdout).toMatch(/1 of 4 runs to do/);
    expect(r.stdout).toContain(lastRun);
    const runs = runsById(path.join(dir, 'res', 'cut', 'runs.csv'));
    expect(runs).toEqual(ref.runs);
    const epochs = epochsById(file);
    for (const [id, rows] of ref.epochs) expect(epochs.get(id)).toEqual(rows);
  });
});

describe('two `nnlab run` on the same spec at once', () => {
  it('the second refuses with a clear message naming the holder; the first finishes every run once', async () => {
    const spec = `data: digits
model: { hidden: [256] }
train: { epochs: 30, batch_size: 16 }
seeds: [1, 2, 3, 4]
sweep:
  optimizer.lr: [0.05, 0.2]
`;
    const dir = tmpDir('nnlab-twice-');
    writeSpec(dir, 'twice', spec);
    const first = nnlabSpawn(dir, ['run', 'twice.yaml', '--workers', '1', ...NO_REPORT]);
    let out1 = '';
    let err1 = '';
    first.stdout!.on('data', (d) => (out1 += d));
    first.stderr!.on('data', (d) => (err1 += d));
    const firstDone = new Promise<number | null>((res) => first.on('close', (code) => res(code)));
    // Past the lock: the first process announced its plan.
    while (!/runs to do/.test(out1) && first.exitCode === null) await sleep(10);
    const lock = path.join(dir, 'res', 'twice', '.lock');
    expect(JSON.parse(fs.readFileSync(lock, 'utf8')).pid).toBe(first.pid);

    const second = await nnlabAsync(dir, ['run', 'twice.yaml', '--workers', '1', ...NO_REPORT]);
    expect(first.exitCode, 'the first run ended before the second tried: make the sweep longer').toBeNull();
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `nnlab: ${path.join('res', 'twice')} is in use by nnlab pid ${first.pid} on host ${os.hostname()} since ` +
        `${JSON.parse(fs.readFileSync(lock, 'utf8')).since}; wait for it or remove .lock if that process is gone\n`,
    );
    expect(second.stdout).toBe('');
    // The refused run neither took nor removed the lock.
    expect(JSON.parse(fs.readFileSync(lock, 'utf8')).pid).toBe(first.pid);

    expect(await firstDone, err1).toBe(0);
    const runs = runsById(path.join(dir, 'res', 'twice', 'runs.csv'));
    expect(runs.size).toBe(8);
    expect([...epochsById(path.join(dir, 'res', 'twice', 'epochs.csv')).values()].every((r) => r.length === 31)).toBe(true);
    expect(fs.existsSync(lock)).toBe(false);
  });
});

describe('workers that crash', () => {
  const SMALL = `data: { dataset: circles, samples: 200 }
model: { hidden: [8] }
train: { epochs: 2, batch_size: 32 }
seeds: [1, 2]
sweep:
  optimizer.lr: [0.1, 0.5]
`;

  it('a worker thread that dies on start-up is replaced for every run; each run is recorded failed with the reason, and a re-run completes them', () => {
    // A module preloaded into every thread (NODE_OPTIONS --require) throws in worker threads only: each worker dies
    // as it starts, an uncaught crash of the thread, while the main thread runs the sweep as usual.
    const ref = reference(SMALL, 'crash');
    const dir = tmpDir('nnlab-crash-');
    writeSpec(dir, 'crash', SMALL);
    const crash = path.join(dir, 'crash-workers.cjs');
    fs.writeFileSync(crash, "if (!require('node:worker_threads').isMainThread) throw new Error('test: this worker thread dies at start-up');\n");
    const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(crash)}`.trim();
    const r = nnlab(dir, ['run', 'crash.yaml', '--workers', '2', ...NO_REPORT], { NODE_OPTIONS: nodeOptions });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('nnlab: 4 runs failed (see the error column of runs.csv); run the same command again to retry them\n');
    const rows = readTable(path.join(dir, 'res', 'crash', 'runs.csv')).rows;
    // 2 workers, 4 runs: every run got a (replacement) worker, crashed, and was recorded — the sweep did not stall.
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.status).toBe('failed');
      expect(row.error).toBe('worker crashed: test: this worker thread dies at start-up');
      expect(row.val_accuracy).toBe('NaN');
    }
    expect(new Set(rows.map((x) => x.run_id))).toEqual(new Set(ref.runs.keys()));
    expect(fs.existsSync(path.join(dir, 'res', 'crash', '.lock'))).toBe(false);

    const again = nnlab(dir, ['run', 'crash.yaml', '--workers', '2', ...NO_REPORT]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/4 of 4 runs to do \(retrying 4 failed\)/);
    expect(runsById(path.join(dir, 'res', 'crash', 'runs.csv'))).toEqual(ref.runs);
    expect(epochsById(path.join(dir, 'res', 'crash', 'epochs.csv'))).toEqual(ref.epochs);
  });

  const prlimit = spawnSync('prlimit', ['--version']).status === 0;
  // The spec refuses models over 50 M parameters (src/experiment/spec/modelsize.ts), so this test raises the cap with
  // NNLAB_MAX_PARAMETERS to get a real out-of-memory failure cheaply. Within the cap no single allocation is large
  // enough: a 50 M-parameter layer is 200 MB, and Node with 2 workers already needs ~2.2 GB of address space, so a
  // limit that lets the small runs through but not that one would sit in a ~200 MB window; and activations
  // (batch × width) large enough to fail need seconds of evaluation first (measured 16–35 s with the JS kernels).
  it.skipIf(!prlimit)('a run that runs out of memory (a 65536×65536 layer, allowed by NNLAB_MAX_PARAMETERS, under an 8 GB address-space limit) is recorded failed with the reason; the others complete', () => {
    const spec = `data: { dataset: circles, samples: 200 }
model: { hidden: [8] }
train: { epochs: 2, batch_size: 32 }
seeds: [1]
variants:
  - name: small
  - name: huge
    set: { model.hidden: [65536, 65536] }
sweep:
  optimizer.lr: [0.1, 0.5]
`;
    const dir = tmpDir('nnlab-oom-');
    writeSpec(dir, 'oom', spec);
    // Without the raised cap the spec is refused up front (4,295,360,514 parameters).
    const refused = nnlab(dir, ['validate', 'oom.yaml']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^nnlab: oom\.yaml:\d+:\d+: model\.hidden \[65536,65536\] makes a model with 4,295,360,514 trainable parameters/);
    // The limit makes the 16 GB weight matrix fail to allocate at once instead of paging the machine to death.
    const r = spawnSync('prlimit', [`--as=${8 * 1024 ** 3}`, process.execPath, CLI, 'run', 'oom.yaml', '--workers', '2', ...NO_REPORT], {
      cwd: dir, encoding: 'utf8', env: { ...process.env, NNLAB_BACKEND: 'js', NNLAB_MAX_PARAMETERS: String(5e9) }, timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toBe('nnlab: 2 runs failed (see the error column of runs.csv); run the same command again to retry them\n');
    const rows = readTable(path.join(dir, 'res', 'oom', 'runs.csv')).rows;
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      if (row.variant === 'huge') {
        expect(row.status).toBe('failed');
        expect(row.error).toMatch(/allocation failed|out of memory/i);
      } else {
        expect(row.status).toBe('completed');
        expect(Number(row.val_accuracy)).toBeGreaterThan(0);
      }
    }
  });
});
