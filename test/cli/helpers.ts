/** Running the built CLI (dist/) in a temp folder, and reading what it wrote. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsvRows } from '../../src/experiment/store/results.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli', 'main.js');

export function requireBuild(): void {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx tsc -p tsconfig.build.json, or npm test)`);
}

export function tmpDir(prefix = 'nnlab-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Run `nnlab <args>` in cwd with output to a pipe (not a TTY: plain log lines).
 * NNLAB_DEBUG is never inherited: the tests check that no stack trace is printed.
 */
export function nnlab(cwd: string, args: string[], env: Record<string, string> = {}, timeoutMs = 120_000): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, NNLAB_DEBUG: '', ...env }, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

export function nnlabAsync(cwd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
}

/** A tiny spec file; `extra` is appended YAML. */
export function writeSpec(dir: string, name: string, body: string): string {
  const file = path.join(dir, `${name}.yaml`);
  fs.writeFileSync(file, `name: ${name}\n${body}`);
  return file;
}

export function readTable(file: string): { columns: string[]; rows: Record<string, string>[]; warnings: string[] } {
  // Every row as written: the suites check that the files themselves hold each run once.
  return parseCsvRows(fs.readFileSync(file, 'utf8'), file);
}

/** A row without its timing columns: what must be identical between two runs of the same plan. */
export function withoutTiming(r: Record<string, string>): Record<string, string> {
  const { seconds: _s, ...rest } = r;
  return rest;
}

/** run_id → row (timing dropped), asserting each run appears once. */
export function runsById(file: string): Map<string, Record<string, string>> {
  const { rows } = readTable(file);
  const m = new Map<string, Record<string, string>>();
  for (const r of rows) {
    if (m.has(r.run_id!)) throw new Error(`${file}: run ${r.run_id} appears twice`);
    m.set(r.run_id!, withoutTiming(r));
  }
  return m;
}

/** run_id → its epoch rows in order (timing dropped). */
export function epochsById(file: string): Map<string, Record<string, string>[]> {
  const m = new Map<string, Record<string, string>[]>();
  for (const r of readTable(file).rows) {
    if (!m.has(r.run_id!)) m.set(r.run_id!, []);
    m.get(r.run_id!)!.push(withoutTiming(r));
  }
  return m;
}

export const DIGITS_SWEEP = `data:
  dataset: digits
model:
  hidden: [16]
optimizer:
  name: sgd
  lr: 0.1
train:
  epochs: 2
  batch_size: 64
seeds: [1, 2]
sweep:
  optimizer.lr: [0.05, 0.2]
`;

export const CIRCLES_SWEEP = `data:
  dataset: circles
  samples: 200
model:
  hidden: [8]
optimizer:
  name: sgd
  lr: 0.1
train:
  epochs: 2
  batch_size: 32
seeds: [1, 2, 3]
sweep:
  optimizer.lr: [0.1, 0.5]
`;
