import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { acquireRunLock, isStale, LockedError, readLock, withAppendLock } from '../../../src/experiment/store/lock.js';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nnlab-lock-'));
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

const now = new Date('2026-03-04T05:06:07.000Z');

describe('run lock', () => {
  it('is exclusive, records pid/host/start, and is released', () => {
    const dir = tmp();
    const file = path.join(dir, '.lock');
    const warnings: string[] = [];
    const lock = acquireRunLock(file, { now, label: 'results/x', warn: (m) => warnings.push(m) });
    expect(readLock(file)).toMatchObject({ pid: process.pid, host: os.hostname(), since: now.toISOString() });
    // Our own pid is alive: a second taker is refused with the holder named.
    expect(() => acquireRunLock(file, { now, label: 'results/x', warn: () => {} })).toThrow(
      new LockedError(`results/x is in use by nnlab pid ${process.pid} on host ${os.hostname()} since ${now.toISOString()}; wait for it or remove .lock if that process is gone`),
    );
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('clears a stale lock (dead pid on this host) with one warning, but never one from another host', () => {
    const dir = tmp();
    const file = path.join(dir, '.lock');
    const pid = deadPid();
    fs.writeFileSync(file, JSON.stringify({ pid, host: os.hostname(), since: 'then' }));
    expect(isStale(readLock(file)!)).toBe(true);
    const warnings: string[] = [];
    const lock = acquireRunLock(file, { now, label: 'x', warn: (m) => warnings.push(m) });
    expect(warnings).toEqual([`removed a stale lock ${file} (pid ${pid} on ${os.hostname()} since then is gone)`]);
    expect(readLock(file)!.pid).toBe(process.pid);
    lock.release();

    fs.writeFileSync(file, JSON.stringify({ pid, host: 'elsewhere.example', since: 'then' }));
    expect(() => acquireRunLock(file, { now, label: 'x', warn: () => {} })).toThrow(/in use by nnlab pid \d+ on host elsewhere\.example/);
    // Locks are written whole (tryCreate), so one left unreadable by a crash is stale (test/hardening/disk-full.test.ts has the empty one).
    fs.writeFileSync(file, '{"pid": 12');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    expect(isStale(readLock(file)!)).toBe(true);
  });

  it('refuses when a conflicting sibling lock is live, and leaves no lock of its own behind', () => {
    const dir = tmp();
    const other = path.join(dir, '.lock.shard-0-of-2');
    fs.writeFileSync(other, JSON.stringify({ pid: process.pid, host: os.hostname(), since: 's' }));
    const file = path.join(dir, '.lock');
    // The message names the lock that is held (the shard's), not the one we tried to take.
    expect(() => acquireRunLock(file, { now, label: 'r', others: [other], warn: () => {} })).toThrow(
      new LockedError(`r is in use by nnlab pid ${process.pid} on host ${os.hostname()} since s; wait for it or remove .lock.shard-0-of-2 if that process is gone`),
    );
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('append lock', () => {
  it('serializes critical sections of concurrent processes, also when they start by clearing a stale lock', () => {
    const dir = tmp();
    const lockFile = path.join(dir, '.append.lock');
    const log = path.join(dir, 'log.txt');
    // Child processes use the build: Node 20 cannot import TypeScript.
    const url = new URL('../../../dist/experiment/store/lock.js', import.meta.url).href;
    // Two processes each append "begin"/"end" pairs 40 times with a pause inside the lock; pairs must never interleave.
    const script = `
      const { withAppendLock } = await import(${JSON.stringify(url)});
      const fs = await import('node:fs');
      const cell = new Int32Array(new SharedArrayBuffer(4));
      for (let i = 0; i < 40; i++) withAppendLock(${JSON.stringify(lockFile)}, () => {
        fs.appendFileSync(${JSON.stringify(log)}, 'begin ' + process.pid + '\\n');
        Atomics.wait(cell, 0, 0, 1);
        fs.appendFileSync(${JSON.stringify(log)}, 'end ' + process.pid + '\\n');
      });`;
    const file = path.join(dir, 'worker.mjs');
    fs.writeFileSync(file, script);
    // Both start by finding a stale lock (its holder was killed): only one may take over at a time.
    fs.writeFileSync(lockFile, JSON.stringify({ pid: deadPid(), host: os.hostname(), since: 'then' }));
    return Promise.all(
      [0, 1].map(
        () =>
          new Promise<number | null>((resolve) =>
            spawn(process.execPath, [file], { stdio: 'inherit' }).on('exit', resolve),
          ),
      ),
    ).then((codes) => {
      expect(codes).toEqual([0, 0]);
      const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(160);
      for (let i = 0; i < lines.length; i += 2) {
        const pid = lines[i]!.split(' ')[1];
        expect(lines[i]).toBe(`begin ${pid}`);
        expect(lines[i + 1]).toBe(`end ${pid}`);
      }
      expect(fs.existsSync(lockFile)).toBe(false);
    });
  });

  it('releases the lock when the body throws, and returns its value', () => {
    const dir = tmp();
    const lockFile = path.join(dir, '.append.lock');
    expect(() => withAppendLock(lockFile, () => {
      throw new Error('disk full');
    })).toThrow('disk full');
    expect(fs.existsSync(lockFile)).toBe(false);
    expect(withAppendLock(lockFile, () => 42)).toBe(42);
  });
});
