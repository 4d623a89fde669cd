/**
 * Shared by the hardening suite: the built CLI in a temp folder, the bad-input
 * contract (exit 2, one line, no stack trace, nothing written), CSV readers that
 * insist on each run appearing once, and a seeded RNG for reproducible chaos.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { CLI, type CliResult } from '../cli/helpers.js';

// The built CLI, spec files and CSV readers are the CLI tests' helpers; the rest is hardening's own.
export { CLI, ROOT, epochsById, nnlab, readTable, requireBuild, runsById, withoutTiming, writeSpec } from '../cli/helpers.js';
export type { CliResult } from '../cli/helpers.js';

const made: string[] = [];

/** A fresh temp folder, removed by cleanTmp (each test file calls it in afterAll). */
export function tmpDir(prefix = 'nnlab-hard-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanTmp(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** `nnlab <args>` asynchronously (several at once, or to be killed). */
export function nnlabSpawn(cwd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NNLAB_DEBUG: '', ...env } });
}

export function nnlabAsync(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const child = nnlabSpawn(cwd, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export const RES = 'res';
export const REP = 'rep';
export const DIRS = ['--results-dir', RES, '--reports-dir', REP];

/**
 * The bad-input contract: exit code 2, exactly one line on stderr starting
 * `nnlab: ` and naming `mustName` (file, and line:col when given), no stack
 * frame, nothing on stdout, and neither output folder created.
 */
export function expectRefused(r: CliResult, cwd: string, mustName: RegExp, label = ''): string {
  const why = `${label}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
  expect(r.code, why).toBe(2);
  expect(r.stderr.endsWith('\n'), why).toBe(true);
  const lines = r.stderr.slice(0, -1).split('\n');
  expect(lines, why).toHaveLength(1);
  const line = lines[0]!;
  expect(line, why).toMatch(/^nnlab: /);
  expect(line, why).toMatch(mustName);
  expect(line, why).not.toMatch(/\s+at .+[(:]\d+/); // a stack frame
  expect(line, why).not.toMatch(/unexpected error/);
  expect(r.stdout, why).toBe('');
  expect(fs.existsSync(path.join(cwd, RES)), `${why}\n(${RES}/ was created)`).toBe(false);
  expect(fs.existsSync(path.join(cwd, REP)), `${why}\n(${REP}/ was created)`).toBe(false);
  return line;
}

/** mulberry32: a small seeded PRNG, so every "random" choice of the suite is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The suite's seed: NNLAB_HARDENING_SEED to replay a failure, else a fixed one. */
export const SEED = Number(process.env.NNLAB_HARDENING_SEED ?? 20261124);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
