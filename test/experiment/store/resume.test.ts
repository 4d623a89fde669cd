/** A sweep killed for real (SIGKILL, Ctrl-C) resumes where it stopped, with the same numbers as an uninterrupted one. */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { epochsById, nnlab, nnlabAsync, readTable, requireBuild, runsById, tmpDir, writeSpec } from '../../cli/helpers.js';

beforeAll(requireBuild);

const SPEC = `data:
  dataset: digits
model:
  hidden: [32]
optimizer:
  name: sgd
  lr: 0.1
train:
  epochs: 40
  batch_size: 32
seeds: [1, 2, 3]
sweep:
  optimizer.lr: [0.05, 0.1]
`;
// 40 epochs: ~0.15 s a run here, so the runs left after the first take ~0.8 s and the 5 ms poll
// below lands its signal mid-sweep even on a loaded machine (at 3 epochs a run took 11 ms).
const TOTAL = 6;

function rowsSoFar(file: string): number {
  try {
    return readTable(file).rows.length;
  } catch {
    return 0;
  }
}

/** Start a sweep and deliver `signal` once runs.csv holds at least one run but not all. */
async function interrupt(dir: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; rowsAtKill: number }> {
  const child = nnlabAsync(dir, ['run', 'r.yaml', '--workers', '1', '--no-report', '--results-dir', 'res']);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.resume();
  const file = path.join(dir, 'res', 'r', 'runs.csv');
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  let rowsAtKill = 0;
  for (let i = 0; i < 6000; i++) {
    const n = rowsSoFar(file);
    if (n >= 1 && n < TOTAL) {
      rowsAtKill = n;
      child.kill(signal);
      break;
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const end = await exited;
  return { ...end, stderr, rowsAtKill };
}

describe('resume', () => {
  let reference: { runs: Map<string, Record<string, string>>; epochs: Map<string, Record<string, string>[]> };

  beforeAll(() => {
    const dir = tmpDir('nnlab-resume-ref-');
    writeSpec(dir, 'r', SPEC);
    const r = nnlab(dir, ['run', 'r.yaml', '--workers', '2', '--no-report', '--results-dir', 'res']);
    expect(r.code).toBe(0);
    reference = { runs: runsById(path.join(dir, 'res', 'r', 'runs.csv')), epochs: epochsById(path.join(dir, 'res', 'r', 'epochs.csv')) };
    expect(reference.runs.size).toBe(TOTAL);
  });

  it('after kill -9 mid-sweep, the files load and a re-run completes each run exactly once with identical numbers', async () => {
    const dir = tmpDir('nnlab-resume-');
    writeSpec(dir, 'r', SPEC);
    const killed = await interrupt(dir, 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.rowsAtKill).toBeGreaterThanOrEqual(1);
    const out = path.join(dir, 'res', 'r');
    // What the killed process left loads: whole runs only (a cut-off last line is at most a warning).
    const partial = readTable(path.join(out, 'runs.csv'));
    expect(partial.rows.length).toBeGreaterThanOrEqual(1);
    expect(partial.rows.length).toBeLessThan(TOTAL);
    for (const row of partial.rows) expect(row).toMatchObject({ status: 'completed' });
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(true); // left behind by kill -9

    const again = nnlab(dir, ['run', 'r.yaml', '--workers', '2', '--no-report', '--results-dir', 'res']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/removed a stale lock/);
    expect(again.stdout).toMatch(new RegExp(`(\\d) of ${TOTAL} runs to do \\(\\d already recorded\\)`));
    const runs = runsById(path.join(out, 'runs.csv')); // throws on a duplicate run_id
    expect(runs.size).toBe(TOTAL);
    for (const [id, row] of reference.runs) expect(runs.get(id)).toEqual(row);
    const epochs = epochsById(path.join(out, 'epochs.csv'));
    expect(epochs.size).toBe(TOTAL);
    for (const [id, rows] of reference.epochs) expect(epochs.get(id)).toEqual(rows);
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
  });

  it('Ctrl-C stops cleanly: exit 130, finished runs kept, lock released, resume hint printed', async () => {
    const dir = tmpDir('nnlab-sigint-');
    writeSpec(dir, 'r', SPEC);
    const stopped = await interrupt(dir, 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted — \d+ runs? recorded this session, \d+ left; run the same command again to resume/);
    const out = path.join(dir, 'res', 'r');
    expect(fs.existsSync(path.join(out, '.lock'))).toBe(false);
    const partial = readTable(path.join(out, 'runs.csv'));
    expect(partial.warnings).toEqual([]);
    expect(partial.rows.length).toBeLessThan(TOTAL);
    // Interrupted runs are not recorded as failures.
    for (const row of partial.rows) expect(row.status).toBe('completed');
    const again = nnlab(dir, ['run', 'r.yaml', '--no-report', '--results-dir', 'res']);
    expect(again.code).toBe(0);
    const runs = runsById(path.join(out, 'runs.csv'));
    for (const [id, row] of reference.runs) expect(runs.get(id)).toEqual(row);
  });
});
